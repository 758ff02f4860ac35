// Unit tests run in Node: IndexedDB comes from fake-indexeddb, WebCrypto from Node itself.
import 'fake-indexeddb/auto';
