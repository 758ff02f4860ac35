// Why an import failed, in words: what is wrong with the file, or a full
// tablet only when the browser said so; never a guess that sends the user
// to free up space for a file that was wrong all along.
import type { MessageKey } from '../../i18n/zh-CN';
import { isQuotaExceeded } from '../../lib/deviceStorage';
import { ImportFileError } from '../../vault/transfer/transferFile';

export function importFailureMessage(error: unknown): MessageKey {
  if (error instanceof ImportFileError) return `transfer.problem.${error.problem}`;
  if (isQuotaExceeded(error)) return 'transfer.storageFull';
  return 'transfer.failed';
}
