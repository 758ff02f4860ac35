// `npm run agency -- verify`: whether a receipt proves that the agency received
// a report, the same verdict in the same words as the app's "Check a receipt"
// (src/contract/receiptCode.ts, src/i18n/receiptVerdict.ts), in Chinese and
// in English. The code is given as it is, or read from a PNG picture or from
// the receipt's PDF; it is checked against the signing keys the deployment's
// config.json pins. Exit code 0: valid; 1: not valid or not proven; 2: usage.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { agencySigningKeysIn, type AgencySigningKey } from '../src/contract/agencySignature';
import { checkReceiptCode, MAX_RECEIPT_CODE_CHARS } from '../src/contract/receiptCode';
import { dateTimeFormatter } from '../src/i18n/dateFormat';
import { en } from '../src/i18n/en';
import { receiptVerdictWords } from '../src/i18n/receiptVerdict';
import { zhCN } from '../src/i18n/zh-CN';
import { qrTextFromPdf, qrTextFromPng, UnreadableFileError } from './receiptQr';
import { UsageError } from './usageError';

/** Where the keys are looked for when --keys is not given, in this order: the built deployment's, then the source one. */
export const DEFAULT_KEY_FILES = ['dist/config.json', 'public/config.json'];

export interface VerifyResult {
  exitCode: 0 | 1;
  lines: string[];
}

interface Sources {
  /** Relative paths are taken from here. */
  cwd: string;
  /** Read for the code when it is given as "-". */
  stdin?: AsyncIterable<Buffer | string>;
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46]; // %PDF
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((byte, index) => bytes[index] === byte);
/** An argument that names a file rather than a code: a code has no slash and no file ending. */
const looksLikeFile = (argument: string) => /[\\/]/.test(argument) || /\.(png|pdf|jpe?g|gif|webp|heic|bmp)$/i.test(argument);

/** The signing keys of the --keys file, or of the first default file there is. */
function signingKeys(keysOption: string | undefined, cwd: string): { keys: AgencySigningKey[]; file: string } {
  const file = keysOption
    ? path.resolve(cwd, keysOption)
    : DEFAULT_KEY_FILES.map((candidate) => path.resolve(cwd, candidate)).find((candidate) => existsSync(candidate));
  if (!file) throw new UsageError(`No ${DEFAULT_KEY_FILES.join(' or ')} here: name the deployment's config.json (or agency-public-keys.json) with --keys.`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    throw new UsageError(`Cannot read ${file} as JSON: name the deployment's config.json with --keys.`);
  }
  const keys = agencySigningKeysIn(json);
  if (!keys) throw new UsageError(`${file} lists no valid agencySigningKeys: name the deployment's config.json (or agency-public-keys.json) that does with --keys.`);
  return { keys, file };
}

async function readAll(stream: AsyncIterable<Buffer | string>): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (text.length > MAX_RECEIPT_CODE_CHARS) break;
  }
  return text;
}

/** The code: the argument itself, standard input ("-"), or the QR code in the PNG or PDF file it names. */
async function receiptCode(argument: string, sources: Sources): Promise<{ code: string | undefined; from: string }> {
  if (argument === '-') {
    if (!sources.stdin) throw new UsageError('Nothing to read the code from: give the code, a PNG or a PDF.');
    return { code: await readAll(sources.stdin), from: 'standard input' };
  }
  const file = path.resolve(sources.cwd, argument);
  if (!existsSync(file)) {
    if (looksLikeFile(argument)) throw new UsageError(`No such file: ${file}`);
    return { code: argument, from: 'the command line' };
  }
  const bytes = new Uint8Array(readFileSync(file));
  try {
    if (startsWith(bytes, PNG_MAGIC)) return { code: qrTextFromPng(bytes), from: file };
    if (startsWith(bytes, PDF_MAGIC)) return { code: await qrTextFromPdf(bytes), from: file };
  } catch (error) {
    if (error instanceof UnreadableFileError) throw new UsageError(`${file}: ${error.message}.`);
    throw error;
  }
  throw new UsageError(`${file} is neither a PNG picture nor a PDF: take a PNG of the QR code, or give the code itself.`);
}

/** Checks the receipt named by the arguments; throws UsageError when they cannot be used. */
export async function verifyReceipt(argv: string[], sources: Sources): Promise<VerifyResult> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { keys: { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [argument, ...extra] = parsed.positionals;
  if (argument === undefined || extra.length > 0) {
    throw new UsageError('Usage: npm run agency -- verify <code | picture.png | receipt.pdf | -> [--keys config.json]');
  }
  const { keys, file: keysFile } = signingKeys(parsed.values.keys, sources.cwd);
  const { code, from } = await receiptCode(argument, sources);
  if (code === undefined) {
    return {
      exitCode: 1,
      lines: [`在 ${from} 里没有找到二维码。`, `No QR code was found in ${from}: give a sharper PNG, or the code itself.`],
    };
  }
  const verdict = await checkReceiptCode(code, keys);
  const lines = [zhCN, en].flatMap((messages) => {
    const words = receiptVerdictWords(verdict, messages, dateTimeFormatter(messages === en ? 'en' : 'zh-CN'));
    return [words.title, words.sentence, ...(words.receiptIdLine ? [words.receiptIdLine] : [])];
  });
  if (verdict.kind === 'valid') {
    const { id, receivedAt } = verdict.acknowledgement;
    lines.push(`(report ${id}, received ${receivedAt}, signed with key ${verdict.kid} of ${keysFile}; code read from ${from})`);
  } else {
    lines.push(`(checked against ${keysFile}; code read from ${from})`);
  }
  return { exitCode: verdict.kind === 'valid' ? 0 : 1, lines };
}
