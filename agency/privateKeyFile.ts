// The agency's private key file: the format and its one implementation live in
// src/contract/privateKeyFile.ts, which the inbox page reads too.
export {
  KEY_FILE_ALGORITHM,
  KEY_FILE_ENCRYPTION,
  KEY_FILE_ITERATIONS,
  MIN_KEY_PASSPHRASE_LENGTH,
  NotAKeyFileError,
  readPrivateKeyFile,
  WrongKeyPassphraseError,
  writePrivateKeyFile,
} from '../src/contract/privateKeyFile';
