// Opening the inbox: the key file with its passphrase, in the page, then the
// first page of reports with the officer credential. Says which of the
// officer's three inputs is wrong, and keeps none of them.
import type { AgencyPrivateKey } from '../contract/openSealedReport';
import type { InboxSession } from './inboxSession';
import { readPrivateKeyFile, WrongKeyPassphraseError } from '../contract/privateKeyFile';
import type { InboxProblem } from './inboxApi';
import { loadPage, type LoadedPage } from './loadPage';
import { otherKeyOfAll } from './openEntries';

/** A key file is about a kilobyte: anything much larger is not one, and is not read. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

export type OpenFailure =
  | { kind: 'wrong_passphrase' }
  | { kind: 'not_a_key_file' }
  | { kind: 'unreadable_file' }
  /** The key opens none of the reports listed: all are sealed to this other key. */
  | { kind: 'other_key'; kid: string }
  | InboxProblem;

export type OpenOutcome = { ok: true; session: InboxSession; firstPage: LoadedPage } | { ok: false; failure: OpenFailure };

export async function openInbox(
  input: { credential: string; keyFile: Blob; passphrase: string },
  onKeyOpened: () => void = () => undefined,
): Promise<OpenOutcome> {
  if (input.keyFile.size > MAX_KEY_FILE_BYTES) return { ok: false, failure: { kind: 'not_a_key_file' } };
  let text: string;
  try {
    text = await input.keyFile.text();
  } catch {
    return { ok: false, failure: { kind: 'unreadable_file' } };
  }
  let key: AgencyPrivateKey;
  try {
    key = await readPrivateKeyFile(text, input.passphrase);
  } catch (error) {
    // Anything else it throws (a key that does not import, say) is no key file of ours either.
    return { ok: false, failure: { kind: error instanceof WrongKeyPassphraseError ? 'wrong_passphrase' : 'not_a_key_file' } };
  }
  onKeyOpened();
  const session: InboxSession = { credential: input.credential.trim(), keys: [key], opened: new Map() };
  const page = await loadPage(session, {});
  if (!page.ok) return { ok: false, failure: page.problem };
  const otherKid = otherKeyOfAll(page.value.entries);
  if (otherKid !== undefined) return { ok: false, failure: { kind: 'other_key', kid: otherKid } };
  return { ok: true, session, firstPage: page.value };
}
