// Checking a receipt: from the "核验" (Check) click, with a signed receipt code
// in the field, to the painted verdict "有效：接收机关已收到", on a fresh
// tablet's /check screen. Cold: the first check of the page, which loads
// jose's chunk and imports the agency's key; warm: a second check of the page.
// Floor: WebCrypto alone in the floor page (import the same public key and
// verify the same ES256 signature; warm: verify only), then a heading painted.
import { TEST_SIGNING_KEYS, TEST_SIGNING_PRIVATE_PKCS8, TEST_SIGNING_PUBLIC_KEY } from '../../../src/contract/testing/agencySigningTestKey';
import { testAcknowledgement } from '../../../src/contract/testing/testAcknowledgement';
import { SIGNED_TYPES } from '../../../src/contract/agencySignature';
import { zhCN } from '../../../src/i18n/zh-CN';
import { agencySignerFromPkcs8 } from '../../../server/agencySigner';
import { openPage, type BenchPage, type WithProbes } from '../benchBrowser';
import { alternate, type BenchContext } from '../context';
import { medians, type Row } from '../table';

interface Checks {
  cold: number;
  warm: number;
}

const VALID = zhCN['check.valid.title'];

/** Click on Check to the painted verdict, in ms. */
async function checkOnce(bench: BenchPage, code: string): Promise<number> {
  const { page } = bench;
  await page.getByLabel(zhCN['check.code']).fill('');
  await page.getByLabel(zhCN['check.code']).fill(code);
  // Editing the code takes the last verdict away: the one waited for is the new one.
  await page.locator('.check-result').waitFor({ state: 'detached' });
  await bench.throttle(true);
  const verdict = page.evaluate((text) => (globalThis as unknown as WithProbes).__bench.whenText('.check-result h3', text), VALID);
  await page.getByRole('button', { name: zhCN['check.submit'], exact: true }).click();
  const { paintedAt } = await verdict;
  const clickAt = await page.evaluate(() => (globalThis as unknown as WithProbes).__bench.clickAt());
  await bench.throttle(false);
  if (clickAt === undefined) throw new Error('The click was not recorded');
  return paintedAt - clickAt;
}

async function appChecks(context: BenchContext, code: string): Promise<Checks> {
  const bench = await openPage(context.browser, { throttled: false });
  try {
    const { page } = bench;
    await page.goto(`${context.app.url}/check`);
    await page.getByLabel(zhCN['check.code']).waitFor();
    // The keys a deployment's config.json pins (the bench's names none): written once the app has made its database.
    await page.waitForFunction(async () => (await indexedDB.databases()).some((database) => database.name === 'shouhu'));
    await page.evaluate(
      (keys) => (globalThis as unknown as WithProbes).__bench.idbPutAll('shouhu', 'settings', [{ key: 'agencySigningKeys', value: keys }]),
      TEST_SIGNING_KEYS as unknown as object[],
    );
    await page.evaluate(() => (globalThis as unknown as WithProbes).__bench.recordClicks());
    const cold = await checkOnce(bench, code);
    const warm = await checkOnce(bench, code);
    return { cold, warm };
  } finally {
    await bench.close();
  }
}

/** The floor, as plain JavaScript in a string: functions compiled by tsx carry helpers the page does not have. */
const FLOOR_VERIFY = String.raw`async (jws, jwk) => {
  const bytes = (base64url) => Uint8Array.from(atob(base64url.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0));
  const [header, payload, signature] = jws.split('.');
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  let key;
  const verify = async (importing) => {
    const started = performance.now();
    if (importing) key = await crypto.subtle.importKey('jwk', jwk, algorithm, false, ['verify']);
    const ok = await crypto.subtle.verify(algorithm, key, bytes(signature), new TextEncoder().encode(header + '.' + payload));
    const heading = document.createElement('h3');
    heading.textContent = ok ? 'valid' : 'not valid';
    document.body.append(heading);
    return (await globalThis.__bench.nextPaint()) - started;
  };
  return { cold: await verify(true), warm: await verify(false) };
}`;

async function floorChecks(context: BenchContext, code: string): Promise<Checks> {
  const bench = await openPage(context.browser, { throttled: false });
  try {
    await bench.page.goto(context.floor.url);
    await bench.throttle(true);
    const jwk = { kty: 'EC', crv: 'P-256', x: TEST_SIGNING_PUBLIC_KEY.x, y: TEST_SIGNING_PUBLIC_KEY.y };
    const times = (await bench.page.evaluate(`(${FLOOR_VERIFY})(${JSON.stringify(code)}, ${JSON.stringify(jwk)})`)) as Checks;
    await bench.throttle(false);
    return times;
  } finally {
    await bench.close();
  }
}

export async function measureReceiptCheck(context: BenchContext): Promise<Row[]> {
  const signer = await agencySignerFromPkcs8(TEST_SIGNING_PRIVATE_PKCS8);
  const code = await signer.sign(SIGNED_TYPES.acknowledgement, { ...testAcknowledgement(), receivedAt: new Date().toISOString() });
  const checks = await alternate(context.runs, (target) => (target === 'app' ? appChecks(context, code) : floorChecks(context, code)));
  context.log(`  receipt code: ${code.length} characters`);
  return [
    {
      key: 'receipt-check.cold',
      label: 'Check a receipt: first check, click to verdict painted',
      unit: 'ms',
      ...medians(checks, (run) => run.cold),
      floorIs: 'WebCrypto import key + ES256 verify, then a heading',
    },
    {
      key: 'receipt-check.warm',
      label: 'Check a receipt: next check, click to verdict painted',
      unit: 'ms',
      ...medians(checks, (run) => run.warm),
      floorIs: 'WebCrypto ES256 verify, then a heading',
    },
  ];
}
