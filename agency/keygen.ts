// New agency keys. The sealing pair: the public key for the deployment's
// config.json (and the receiver), the private key for a file encrypted with a
// passphrase, kept by the agency. The signing pair: the private key for the
// receiver, which signs every acknowledgement with it, the public key for
// config.json's agencySigningKeys, which tablets check signatures against.
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { SIGNING_ALGORITHM, type AgencySigningKey } from '../src/contract/agencySignature';
import { SEALING_ALGORITHM, type AgencyPublicKey } from '../src/contract/sealedReport';
import { agencySignerFromPkcs8 } from '../server/agencySigner';
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

export interface AgencySigningKeyPair {
  /** What config.json lists under `agencySigningKeys`. */
  publicKey: AgencySigningKey;
  /** The private key as PKCS#8 PEM: the file RECEIVER_SIGNING_KEY names. */
  privateKeyPem: string;
}

/**
 * A new signing key pair. The receiver holds the private key in clear (it
 * signs unattended), so it is a key of its own: it can only vouch for
 * receipts, never open a report.
 */
export async function generateAgencySigningKeyPair(): Promise<AgencySigningKeyPair> {
  const pair = await generateKeyPair(SIGNING_ALGORITHM, { crv: 'P-256', extractable: true });
  const privateKeyPem = await exportPKCS8(pair.privateKey);
  // The receiver's own reading of the file names the key: the two can never disagree on its id.
  const { publicKey } = await agencySignerFromPkcs8(privateKeyPem);
  return { publicKey, privateKeyPem };
}
