// Import failures in words: the file's own problem, and "storage full" only for a full tablet.
import { describe, expect, it } from 'vitest';
import { ImportFileError } from '../../vault/transfer/transferFile';
import { importFailureMessage } from './importFailureMessage';

describe('the message for a failed import', () => {
  it('says what is wrong with the file', () => {
    expect(importFailureMessage(new ImportFileError('encryptionSettings'))).toBe('transfer.problem.encryptionSettings');
    expect(importFailureMessage(new ImportFileError('unencrypted'))).toBe('transfer.problem.unencrypted');
  });

  it('says storage is full only when the browser said so', () => {
    expect(importFailureMessage(new DOMException('full', 'QuotaExceededError'))).toBe('transfer.storageFull');
    // Dexie wraps the browser's error.
    expect(importFailureMessage({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe('transfer.storageFull');
    for (const error of [new TypeError("Cannot read properties of undefined (reading 'salt')"), new Error('Cannot seal the imported report'), undefined]) {
      expect(importFailureMessage(error)).toBe('transfer.failed');
    }
  });
});
