// Moving unsent reports to another device: the whole of an export (every
// unsent report as sealed for the agency, in clear what this profile may
// open; write the file, encrypt it with the passphrase) and
// of an import (decrypt, check, seal for this profile, queue). The screen only
// asks for the passphrase and the file, and says what happened.
import type { ShouhuDatabase } from '../../storage/db';
import type { ProfileSession } from '../keys';
import { decryptFile, encryptFile } from './fileCrypto';
import { pinnedAgencyKeyIds, pinnedAgencySigningKeys } from '../agencyKeys';
import { importReports, serializeExport, type ImportResult } from './transferFile';
import { openUnsentForExport, sealImported } from './transferSealing';

/** An export file's text and how many reports it holds; undefined when there is nothing to move. */
export interface UnsentExport {
  text: string;
  count: number;
}

export async function exportUnsentFile(
  db: ShouhuDatabase,
  session: ProfileSession,
  passphrase: string,
  exportedAt: Date,
): Promise<UnsentExport | undefined> {
  const reports = await openUnsentForExport(db, session);
  if (reports.length === 0) return undefined;
  return { text: await encryptFile(serializeExport(reports, exportedAt), passphrase), count: reports.length };
}

/** Throws ImportFileError (or a storage error) when nothing could be imported; see importFailureMessage. */
export async function importUnsentFile(db: ShouhuDatabase, session: ProfileSession, text: string, passphrase: string): Promise<ImportResult> {
  const pinned = { agencyKeyIds: await pinnedAgencyKeyIds(), signingKeys: await pinnedAgencySigningKeys() };
  return importReports(db, await decryptFile(text, passphrase), pinned, sealImported(session));
}
