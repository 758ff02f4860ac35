// The passphrase-encrypted export file: what opens it, and what each kind of bad file is told.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase, makeItem } from '../../storage/testing/fixtures';
import { ImportFileError, importReports, serializeExport, transferable, type ImportProblem } from './transferFile';
import { TEST_AGENCY_KEYS } from '../../contract/testing/agencyTestKey';
import { PBKDF2_ITERATIONS } from '../crypto';
import { decryptFile, encryptFile, MAX_FILE_ITERATIONS } from './fileCrypto';

// The file's bounds follow the real number of rounds, not the few of src/test-setup.ts.
vi.unmock('../crypto');

const PASSPHRASE = 'export pass';
let plain: string;
let file: string;

beforeAll(async () => {
  const item = await makeItem();
  plain = serializeExport([transferable(item, undefined)].filter((report) => report !== undefined), new Date());
  file = await encryptFile(plain, PASSPHRASE);
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The file's JSON with a change made to it. */
function altered(change: (json: Record<string, any>) => void): string {
  const json = JSON.parse(file) as Record<string, any>;
  change(json);
  return JSON.stringify(json);
}

async function problemOf(text: string, passphrase = PASSPHRASE): Promise<ImportProblem | 'opened'> {
  try {
    await decryptFile(text, passphrase);
    return 'opened';
  } catch (error) {
    if (error instanceof ImportFileError) return error.problem;
    throw error;
  }
}

describe('passphrase-encrypted files', () => {
  it('open with the passphrase they were written with, and import', async () => {
    expect(file).not.toContain('Narrative');
    expect(JSON.parse(file)).toMatchObject({ kdf: { name: 'PBKDF2-SHA-256', iterations: PBKDF2_ITERATIONS } });
    const opened = await decryptFile(file, PASSPHRASE);
    expect(opened).toBe(plain);
    expect(await importReports(freshDatabase('import').db, opened, { agencyKeyIds: new Set(TEST_AGENCY_KEYS.map((key) => key.kid)), signingKeys: [] })).toEqual({ imported: 1, skipped: 0, invalid: 0 });
  });

  it('say "wrong passphrase" for a wrong passphrase or a changed ciphertext', async () => {
    expect(await problemOf(file, 'wrong pass')).toBe('wrongPassphrase');
    const changed = altered((json) => {
      json.data = (json.data as string).slice(0, -4) + ((json.data as string).endsWith('AAAA') ? 'BBBB' : 'AAAA');
    });
    expect(await problemOf(changed)).toBe('wrongPassphrase');
  });

  it('refuse encryption settings out of range before deriving any key', async () => {
    const deriveKey = vi.spyOn(globalThis.crypto.subtle, 'deriveKey');
    const importKey = vi.spyOn(globalThis.crypto.subtle, 'importKey');
    const files: [string, string][] = [
      ['2e9 iterations', altered((json) => (json.kdf.iterations = 2e9))],
      ['one more than the bound', altered((json) => (json.kdf.iterations = MAX_FILE_ITERATIONS + 1))],
      ['zero iterations', altered((json) => (json.kdf.iterations = 0))],
      ['fewer iterations than export writes', altered((json) => (json.kdf.iterations = 1_000))],
      ['iterations not a whole number', altered((json) => (json.kdf.iterations = 600_000.5))],
      ['iterations as text', altered((json) => (json.kdf.iterations = '600000'))],
      ['no kdf', altered((json) => delete json.kdf)],
      ['another kdf', altered((json) => (json.kdf.name = 'scrypt'))],
      ['no salt', altered((json) => delete json.kdf.salt)],
      ['a short salt', altered((json) => (json.kdf.salt = btoa('short')))],
      ['a salt not in base64', altered((json) => (json.kdf.salt = '!!!!not base64!!!!!!!!!!'))],
      ['no cipher', altered((json) => delete json.cipher)],
      ['another cipher', altered((json) => (json.cipher.name = 'AES-CBC'))],
      ['a long iv', altered((json) => (json.cipher.iv = btoa('0123456789abcdef')))],
      ['no data', altered((json) => delete json.data)],
      ['data shorter than a tag', altered((json) => (json.data = btoa('short')))],
    ];
    for (const [what, text] of files) expect(await problemOf(text), what).toBe('encryptionSettings');
    expect(deriveKey).not.toHaveBeenCalled();
    expect(importKey).not.toHaveBeenCalled();
  });

  it('refuse an export in clear, though its reports are valid', async () => {
    expect(await problemOf(plain)).toBe('unencrypted');
  });

  it('say what else is wrong: not JSON, not a Shouhu file, a version this app does not know', async () => {
    expect(await problemOf('')).toBe('notJson');
    expect(await problemOf('%PDF-1.7 garbage')).toBe('notJson');
    expect(await problemOf('{"format": "shouhu-encrypted",')).toBe('notJson');
    expect(await problemOf('[]')).toBe('notShouhu');
    expect(await problemOf('null')).toBe('notShouhu');
    expect(await problemOf('{"reports": []}')).toBe('notShouhu');
    expect(await problemOf(altered((json) => (json.format = 'other-app')))).toBe('notShouhu');
    expect(await problemOf(altered((json) => (json.version = 2)))).toBe('unknownVersion');
    expect(await problemOf(altered((json) => delete json.version))).toBe('unknownVersion');
  });
});
