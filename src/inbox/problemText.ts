// What the officer reads when a request or the opening fails.
import type { InboxProblem } from './inboxApi';
import type { OpenFailure } from './openInbox';
import type { InboxText } from './inboxText';

export function problemText(ti: InboxText, failure: OpenFailure | InboxProblem): string {
  switch (failure.kind) {
    case 'wrong_passphrase':
      return ti('inbox.error.wrongPassphrase');
    case 'not_a_key_file':
      return ti('inbox.error.notAKeyFile');
    case 'unreadable_file':
      return ti('inbox.error.unreadableFile');
    case 'other_key':
      return ti('inbox.error.otherKey', { kid: failure.kid });
    case 'unauthorized':
      return ti('inbox.error.unauthorized', { status: failure.status });
    case 'unreachable':
      return ti('inbox.error.unreachable');
    case 'conflict':
      return ti('inbox.error.conflict');
    case 'not_found':
      return ti('inbox.error.notFound');
    case 'refused':
      return ti('inbox.error.refused', { status: failure.status, message: failure.message });
    case 'bad_answer':
      return ti('inbox.error.badAnswer', { status: failure.status });
  }
}
