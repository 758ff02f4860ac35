// The shapes in which sealed data is stored: what the database holds of the
// vault's work (src/vault/crypto.ts and keys.ts make and open them).

export type Bytes = Uint8Array<ArrayBuffer>;

export interface Sealed {
  /** Format version, for later changes of algorithm. */
  v: 1;
  iv: Bytes;
  data: Bytes;
}

/** Sealed to an RSA public key: the retired tablet outbox key's format, still read to reseal what was queued under it. */
export interface SealedFor extends Sealed {
  /** The data key, wrapped with RSA-OAEP to the recipient's public key. */
  wrappedKey: Bytes;
}

/** A profile's keys as stored: each one wrapped, nothing usable without the passphrase. */
export interface ProfileKeys {
  kdf: { salt: Bytes; iterations: number };
  wrappedDataKey: Sealed;
  /** Profiles made before reports were sealed for the agency: an RSA-OAEP key pair that received the outbox key. */
  publicKey?: Bytes;
  sealedPrivateKey?: Sealed;
  /** The retired tablet outbox private key, sealed to this profile's public key; removed once nothing needs it. */
  outboxGrant?: SealedFor;
}
