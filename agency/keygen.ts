// A new agency key pair: the public key for the deployment's config.json (and
// the receiver), the private key for a file encrypted with a passphrase.
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { SEALING_ALGORITHM, type AgencyPublicKey } from '../src/contract/sealedReport';
import { writePrivateKeyFile } from './privateKeyFile';

export interface AgencyKeyPair {
  /** What config.json lists under `agencyKeys`. */
  publicKey: AgencyPublicKey;
  /** The private key file's text (privateKeyFile.ts). */
  privateKeyFile: string;
}

/** The key id is the public key's RFC 7638 thumbprint: it names the key, and cannot name another. */
export async function generateAgencyKeyPair(passphrase: string): Promise<AgencyKeyPair> {
  const pair = await generateKeyPair(SEALING_ALGORITHM, { crv: 'P-256', extractable: true });
  const publicJwk = await exportJWK(pair.publicKey);
  const kid = await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: publicJwk.x as string, y: publicJwk.y as string });
  const publicKey: AgencyPublicKey = { kty: 'EC', crv: 'P-256', x: publicJwk.x as string, y: publicJwk.y as string, kid, alg: SEALING_ALGORITHM, use: 'enc' };
  const privateJwk = { ...(await exportJWK(pair.privateKey)), kid, alg: SEALING_ALGORITHM, use: 'enc' };
  return { publicKey, privateKeyFile: await writePrivateKeyFile(privateJwk, passphrase) };
}
