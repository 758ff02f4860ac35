// The printable receipt: proof that, and when, a report was made, naming no
// detail of the case. Everything it shows comes from receiptView's allow-list.
import { useId, type ReactNode } from 'react';
import { Link } from '../../lib/Link';
import { paths } from '../../lib/router';
import { useI18n } from '../../i18n/I18nProvider';
import { translate, type Params } from '../../i18n/language';
import type { MessageKey } from '../../i18n/zh-CN';
import { useBilingualSetting } from './bilingualSetting';
import { QrCode } from './QrCode';
import { shortFingerprint } from './receiptView';
import { formatReference } from '../../contract/referenceCode';
import { usePrintCopy } from './usePrintCopy';
import { useReceipt } from './useReceipt';
import { otherLanguage, useSecondLanguage } from './useSecondLanguage';

export function ReceiptScreen({ id }: { id: string }) {
  const { t, language, formatDateTime } = useI18n();
  const titleId = useId();
  const receipt = useReceipt(id);
  const { current: printCopy, print } = usePrintCopy(id);
  const [bilingual, setBilingual] = useBilingualSetting();
  const second = useSecondLanguage(bilingual ? otherLanguage(language) : undefined);

  /** A message in the chosen language, followed by the other one on a bilingual receipt. */
  const both = (key: MessageKey, params?: Params): ReactNode =>
    second ? (
      <>
        {t(key, params)}
        <span className="receipt-second" lang={second.language}>
          {translate(second.messages, key, params)}
        </span>
      </>
    ) : (
      t(key, params)
    );

  const backLink = (
    <Link className="button secondary" to={paths.outbox}>
      {t('receipt.back')}
    </Link>
  );

  if (receipt === undefined) return <p>{t('common.loading')}</p>;
  if (receipt === null) {
    return (
      <section>
        <p role="alert">{t('receipt.notFound')}</p>
        {backLink}
      </section>
    );
  }

  const { view, contentHash } = receipt;
  const reference = formatReference(view.reference);
  const { status } = view;
  const facts: [MessageKey, string | undefined][] = [
    ['receipt.reporterName', view.reporterName],
    ['receipt.reporterUnit', view.reporterUnit],
    ['receipt.discoveredAt', view.discoveredAt && formatDateTime(view.discoveredAt)],
    ['receipt.submittedAt', formatDateTime(view.submittedAt)],
    ['receipt.policeNotifiedAt', view.policeNotifiedAt && formatDateTime(view.policeNotifiedAt)],
    ['receipt.policeIncidentNumber', view.policeIncidentNumber],
    ['receipt.receiptId', status.received ? status.receiptId : undefined],
    ['receipt.receivedAt', status.received && status.receivedAt ? formatDateTime(status.receivedAt) : undefined],
  ];

  return (
    <section className="receipt-screen">
      <div className="receipt-toolbar no-print">
        {backLink}
        <button type="button" className="button primary" onClick={print}>
          {t('receipt.print')}
        </button>
        <label className="choice">
          <input type="checkbox" checked={bilingual} onChange={(event) => setBilingual(event.target.checked)} />
          {t('receipt.bilingual')}
        </label>
      </div>

      <article className="receipt" aria-labelledby={titleId}>
        <header className="receipt-header">
          <p className="receipt-app">
            {t('app.name')}
            {second ? ` ${translate(second.messages, 'app.name')}` : ''} · {both('app.tagline')}
          </p>
          <h2 id={titleId}>{both('receipt.title')}</h2>
          <p className="receipt-basis">{both('receipt.legalBasis')}</p>
        </header>

        <div className="receipt-identity">
          <div>
            <p className="receipt-label">{both('receipt.reference')}</p>
            <p className="reference-code receipt-reference">{reference}</p>
          </div>
          <QrCode className="receipt-qr" text={reference} label={t('receipt.qrLabel', { reference })} />
        </div>

        <div className={`receipt-status ${status.received ? 'received' : 'pending'}`} aria-live="polite">
          <p className="receipt-label">{both('receipt.status')}</p>
          <p className="receipt-status-text">
            {both(status.received ? 'receipt.status.received' : 'receipt.status.pending')}
          </p>
          {status.received ? null : <p className="receipt-small">{both('receipt.pendingNote')}</p>}
        </div>

        <dl className="receipt-facts">
          {facts.map(([label, value]) =>
            value ? (
              <div className="receipt-fact" key={label}>
                <dt>{both(label)}</dt>
                <dd>{value}</dd>
              </div>
            ) : null,
          )}
        </dl>

        {contentHash ? (
          <div className="receipt-fingerprint">
            <p className="receipt-label">{both('receipt.fingerprint')}</p>
            <p className="receipt-fingerprint-short">{shortFingerprint(contentHash)}</p>
            <p className="receipt-small receipt-fingerprint-full">{contentHash}</p>
            <p className="receipt-small">{both('receipt.fingerprintHint')}</p>
          </div>
        ) : null}

        <p className="receipt-emergency">{both('receipt.emergency')}</p>

        <footer className="receipt-footer">
          {printCopy ? <p>{both('receipt.printedAt', { time: formatDateTime(printCopy.printedAt) })}</p> : null}
          {printCopy && printCopy.copy > 1 ? (
            <p className="receipt-reprint">{both('receipt.reprint', { copy: printCopy.copy })}</p>
          ) : null}
          <p className="receipt-small">{both('receipt.purpose')}</p>
        </footer>
      </article>
    </section>
  );
}
