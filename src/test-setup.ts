// Unit tests run in Node: IndexedDB comes from fake-indexeddb, WebCrypto from Node itself.
import 'fake-indexeddb/auto';
import { vi } from 'vitest';

// A passphrase costs 600,000 PBKDF2 rounds, a good part of a second in Node,
// and the tests of profiles create and unlock dozens: here new profiles get
// 1,000. Each profile stores its own count, so unlocking follows it. The tests
// of the real count (keys.test.ts, fileCrypto.test.ts) load crypto.ts as it is.
vi.mock('./vault/crypto', async (importOriginal) => ({ ...(await importOriginal<typeof import('./vault/crypto')>()), PBKDF2_ITERATIONS: 1_000 }));
