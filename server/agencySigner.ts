// The receiver's signing key (docs/sync-protocol.md, "Signed acknowledgements"):
// a P-256 private key in a PKCS#8 PEM file, which `npm run agency -- keygen`
// writes and RECEIVER_SIGNING_KEY names. Its key id is its public key's RFC
// 7638 thumbprint, computed here, so that the id can never name another key.
import { calculateJwkThumbprint, CompactSign, exportJWK, importPKCS8 } from 'jose';
import { SIGNING_ALGORITHM, type AgencySigningKey, type SignedType } from '../src/contract/agencySignature';

export interface AgencySigner {
  /** The key id every signature names. */
  kid: string;
  /** The public half, as config.json lists it under `agencySigningKeys`. */
  publicKey: AgencySigningKey;
  /** A compact JWS of `payload`'s JSON, with `typ` naming what it is. */
  sign(type: SignedType, payload: object): Promise<string>;
}

const encoder = new TextEncoder();

/** The signer of a PKCS#8 PEM P-256 private key; throws when the text is not one. */
export async function agencySignerFromPkcs8(pem: string): Promise<AgencySigner> {
  const privateKey = await importPKCS8(pem.trim(), SIGNING_ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') {
    throw new Error('The signing key is not a P-256 key.');
  }
  const kid = await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y });
  const publicKey: AgencySigningKey = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid, alg: SIGNING_ALGORITHM, use: 'sig' };
  return {
    kid,
    publicKey,
    sign: (type, payload) =>
      new CompactSign(encoder.encode(JSON.stringify(payload))).setProtectedHeader({ alg: SIGNING_ALGORITHM, kid, typ: type }).sign(privateKey),
  };
}

/** What the intake needs of a signer: to sign. */
export type Signer = Pick<AgencySigner, 'sign'>;

/** A signer whose key is imported on the first signature: for code that must be made synchronously (tests' receivers). */
export function deferredSigner(pem: string): Signer {
  let signer: Promise<AgencySigner> | undefined;
  return {
    sign: async (type, payload) => {
      signer ??= agencySignerFromPkcs8(pem);
      return (await signer).sign(type, payload);
    },
  };
}
