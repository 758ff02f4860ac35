// One received report in the list: what an officer triages by. Danger first
// and loudest; then the circumstances in the statute's short words, discovery
// beside filing, the reporting unit's type, the status and its timers. A
// report that does not open says so and why, by its reference only.
import { formatReference } from '../contract/referenceCode';
import { useI18n } from '../i18n/I18nProvider';
import { isMessageKey } from '../i18n/language';
import { useInboxText, type InboxText } from './inboxText';
import type { OpenedEntry } from './openEntries';
import { statusText } from './statusText';
import { awaitingReply, awaitingResult, spanOf } from './triage';

/** "filed 3 h after discovery" */
export function filingGapText(ti: InboxText, ms: number): string {
  const { unit, count } = spanOf(ms);
  return ti(`inbox.gap.${unit}`, { count });
}

export function EntryCard({ item, now, onOpen }: { item: OpenedEntry; now: number; onOpen: (id: string) => void }) {
  const { t, messages, formatDateTime } = useI18n();
  const ti = useInboxText();
  const { entry } = item;
  if (!entry) {
    return (
      <article className="card entry not-opened">
        <p>{ti('inbox.notOpened.cannot_open')}</p>
      </article>
    );
  }
  const reference = formatReference(entry.reference);
  const headingId = `entry-${entry.id}`;
  if (!item.opened) {
    return (
      <article className="card entry not-opened" aria-labelledby={headingId}>
        <h3 id={headingId}>{ti('inbox.notOpened.title', { reference })}</h3>
        <p>{ti(`inbox.notOpened.${item.problem}`, { kid: item.kid ?? '' })}</p>
        <p className="entry-times">{ti('inbox.row.received', { time: formatDateTime(entry.receivedAt) })}</p>
      </article>
    );
  }
  const { facts } = item;
  const danger = facts.danger === 'yes';
  const wordFor = (prefix: string, code: string) => {
    const key = `${prefix}.${code}`;
    return isMessageKey(messages, key) ? t(key) : code;
  };
  const noReply = awaitingReply(entry.status, entry.receivedAt, now);
  const noResult = awaitingResult(entry.status, entry.receivedAt, now);
  return (
    <article className={danger ? 'card entry danger' : 'card entry'} aria-labelledby={headingId}>
      <div className="entry-head">
        <h3 id={headingId} className="reference">
          {reference}
        </h3>
        <p className={`status-chip status-${entry.status}`}>{ti('inbox.row.status', { status: statusText(ti, entry.status) })}</p>
      </div>
      {danger || noReply || noResult ? (
        <p className="entry-flags">
          {danger ? <span className="flag flag-danger">{ti('inbox.row.danger')}</span> : null}
          {noReply ? <span className="flag flag-reply">{ti('inbox.row.noReply')}</span> : null}
          {noResult ? <span className="flag flag-result">{ti('inbox.row.noResult')}</span> : null}
        </p>
      ) : null}
      {facts.circumstances.length > 0 ? (
        <ul className="circumstances">
          {facts.circumstances.map((code) => (
            <li key={code}>{wordFor('circumstanceShort', code)}</li>
          ))}
        </ul>
      ) : null}
      <p className="entry-times">
        {facts.discoveredAt ? <span>{ti('inbox.row.discovered', { time: formatDateTime(facts.discoveredAt) })}</span> : null}
        <span>{ti('inbox.row.filed', { time: formatDateTime(entry.submittedAt) })}</span>
        {facts.discoveryToFilingMs !== undefined ? <span>{filingGapText(ti, facts.discoveryToFilingMs)}</span> : null}
      </p>
      <p className="entry-facts">
        {!danger && facts.danger ? <span>{ti('inbox.row.dangerAnswer', { answer: wordFor('common', facts.danger) })}</span> : null}
        {facts.unitType ? <span>{ti('inbox.row.unit', { unitType: wordFor('unitType', facts.unitType) })}</span> : null}
        {item.problems > 0 ? <span className="entry-invalid">{ti('inbox.row.invalid', { count: item.problems })}</span> : null}
      </p>
      <button type="button" className="button" onClick={() => onOpen(entry.id)} aria-describedby={headingId}>
        {ti('inbox.row.open')}
      </button>
    </article>
  );
}
