// The agency's private key file: a PBES2 JWE that opens with its passphrase
// only, says so clearly when the passphrase is wrong, and refuses files of
// another kind or with too few rounds before any work.
import { CompactEncrypt } from 'jose';
import { describe, expect, it } from 'vitest';
import { sealedReportProblem } from '../src/contract/sealedReport';
import { generateAgencyKeyPair } from './keygen';
import { KEY_FILE_ITERATIONS, NotAKeyFileError, readPrivateKeyFile, WrongKeyPassphraseError } from './privateKeyFile';

const PASSPHRASE = 'a long agency passphrase';

describe('the agency key file', () => {
  it('opens with its passphrase to the private key of the public key keygen printed, and not with another passphrase', async () => {
    const pair = await generateAgencyKeyPair(PASSPHRASE);
    const [header = ''] = pair.privateKeyFile.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString('utf8'))).toMatchObject({
      alg: 'PBES2-HS512+A256KW',
      enc: 'A256GCM',
      cty: 'jwk+json',
      p2c: KEY_FILE_ITERATIONS,
      kid: pair.publicKey.kid,
    });
    expect(pair.privateKeyFile).not.toContain(pair.publicKey.x);

    const opened = await readPrivateKeyFile(pair.privateKeyFile, PASSPHRASE);
    expect(opened.kid).toBe(pair.publicKey.kid);
    expect(opened.key.type).toBe('private');
    // The inbox holds it in memory only: no script can read the key out of it.
    expect(opened.key.extractable).toBe(false);
    expect(sealedReportProblem('not a jwe', { id: '', reference: '', contentHash: '', schemaVersion: 1, createdAt: '', submittedAt: '' }, new Set([opened.kid]))).toBe('malformed');

    await expect(readPrivateKeyFile(pair.privateKeyFile, 'a wrong passphrase here')).rejects.toBeInstanceOf(WrongKeyPassphraseError);
  });

  it('refuses what keygen did not write, before deriving a key', async () => {
    await expect(readPrivateKeyFile('{"kty":"EC"}', PASSPHRASE)).rejects.toBeInstanceOf(NotAKeyFileError);
    const fewRounds = await new CompactEncrypt(new TextEncoder().encode('{}'))
      .setProtectedHeader({ alg: 'PBES2-HS512+A256KW', enc: 'A256GCM', cty: 'jwk+json' })
      .setKeyManagementParameters({ p2c: 1000 })
      .encrypt(new TextEncoder().encode(PASSPHRASE));
    await expect(readPrivateKeyFile(fewRounds, PASSPHRASE)).rejects.toThrow(/iteration count/);
    const notAKey = await new CompactEncrypt(new TextEncoder().encode('{"kty":"EC"}'))
      .setProtectedHeader({ alg: 'PBES2-HS512+A256KW', enc: 'A256GCM', cty: 'jwk+json' })
      .setKeyManagementParameters({ p2c: KEY_FILE_ITERATIONS })
      .encrypt(new TextEncoder().encode(PASSPHRASE));
    await expect(readPrivateKeyFile(notAKey, PASSPHRASE)).rejects.toThrow(/P-256 private key/);
  });
});
