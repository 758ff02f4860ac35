// The shapes in which sealed data is stored: what the database holds of the
// vault's work (src/vault/crypto.ts and keys.ts make and open them).

export type Bytes = Uint8Array<ArrayBuffer>;

export interface Sealed {
  /** Format version, for later changes of algorithm. */
  v: 1;
  iv: Bytes;
  data: Bytes;
}

export interface SealedFor extends Sealed {
  /** The data key, wrapped with RSA-OAEP to the recipient's public key. */
  wrappedKey: Bytes;
}

/** A profile's keys as stored: each one wrapped, nothing usable without the passphrase. */
export interface ProfileKeys {
  kdf: { salt: Bytes; iterations: number };
  wrappedDataKey: Sealed;
  publicKey: Bytes;
  sealedPrivateKey: Sealed;
  /** The tablet's outbox private key, sealed to this profile's public key. Missing until granted. */
  outboxGrant?: SealedFor;
}
