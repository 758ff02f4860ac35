// The printable receipt: proof that, and when, a report was made, naming no
// detail of the case. Everything it shows comes from receiptView's allow-list,
// and the receiving agency's name from the deployment's config. A document
// people keep: which code to quote, room to sign and stamp, one date format
// per language (both, on a bilingual receipt).
import { useEffect, useId, useState, type ReactNode } from 'react';
import { dateTimeFormatter } from '../../i18n/dateFormat';
import { loadAgencyName, type AgencyName } from '../../sync/agencyName';
import { Link } from '../../lib/Link';
import { paths } from '../../lib/router';
import { useI18n } from '../../i18n/I18nProvider';
import { translate, type Params } from '../../i18n/language';
import type { MessageKey } from '../../i18n/zh-CN';
import { useBilingualSetting } from './bilingualSetting';
import { QrCode } from './QrCode';
import { shortFingerprint } from '../../contract/contentHash';
import { formatReference } from '../../contract/referenceCode';
import { receiptCodeText, type ReceiptView } from './receiptView';
import { usePrintCopy } from './usePrintCopy';
import { agencyStatusWords } from '../../sync/statusWords';
import { useReceipt } from './useReceipt';
import { otherLanguage, useSecondLanguage } from './useSecondLanguage';

export function ReceiptScreen({ id }: { id: string }) {
  const { t, language, formatDateTime } = useI18n();
  const titleId = useId();
  const receipt = useReceipt(id);
  const { current: printCopy, print } = usePrintCopy(id);
  const [bilingual, setBilingual] = useBilingualSetting();
  const second = useSecondLanguage(bilingual ? otherLanguage(language) : undefined);
  const [agency, setAgency] = useState<AgencyName>({});
  useEffect(() => {
    let current = true;
    void loadAgencyName().then((name) => {
      if (current) setAgency(name);
    });
    return () => {
      current = false;
    };
  }, []);

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

  /** A time in each language's own format: the chosen one, then the other on a bilingual receipt. */
  const secondDateTime = second ? dateTimeFormatter(second.language) : undefined;
  const bothTimes = (value: string): ReactNode =>
    secondDateTime ? (
      <>
        {formatDateTime(value)}
        <span className="receipt-second" lang={second?.language}>
          {secondDateTime(value)}
        </span>
      </>
    ) : (
      formatDateTime(value)
    );
  /** A sentence with a time in it, each language with its own format. */
  const bothWithTime = (key: MessageKey, value: string | Date): ReactNode =>
    second && secondDateTime ? (
      <>
        {t(key, { time: formatDateTime(value) })}
        <span className="receipt-second" lang={second.language}>
          {translate(second.messages, key, { time: secondDateTime(value) })}
        </span>
      </>
    ) : (
      t(key, { time: formatDateTime(value) })
    );

  /** The agency's latest status in words and since when, in each language of the receipt: never its note. */
  const agencyStatusText = (answer: NonNullable<ReceiptView['agencyStatus']>): ReactNode => (
    <>
      <strong>{agencyStatusWords(t, answer)}</strong>
      {second ? (
        <span className="receipt-second" lang={second.language}>
          {agencyStatusWords((key, params) => translate(second.messages, key, params), answer)}
        </span>
      ) : null}
      {answer.at ? bothTimes(answer.at) : null}
    </>
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
  const signed = status.received && status.acknowledgement !== undefined;
  const agencyName = agency[language] ?? agency['zh-CN'] ?? agency.en;
  const secondAgencyName = second ? agency[second.language] : undefined;
  const facts: [MessageKey, ReactNode | undefined][] = [
    [
      'receipt.agency',
      agencyName ? (
        <>
          {agencyName}
          {secondAgencyName && secondAgencyName !== agencyName ? (
            <span className="receipt-second" lang={second?.language}>
              {secondAgencyName}
            </span>
          ) : null}
        </>
      ) : undefined,
    ],
    ['receipt.reporterName', view.reporterName],
    ['receipt.reporterUnit', view.reporterUnit],
    ['receipt.discoveredAt', view.discoveredAt && bothTimes(view.discoveredAt)],
    ['receipt.submittedAt', bothTimes(view.submittedAt)],
    ['receipt.policeNotifiedAt', view.policeNotifiedAt && bothTimes(view.policeNotifiedAt)],
    ['receipt.policeIncidentNumber', view.policeIncidentNumber],
    ['receipt.receiptId', status.received ? status.receiptId : undefined],
    ['receipt.receivedAt', status.received && status.receivedAt ? bothTimes(status.receivedAt) : undefined],
    ['receipt.agencyStatus', view.agencyStatus && agencyStatusText(view.agencyStatus)],
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
          <span>{t('receipt.bilingual')}</span>
        </label>
        <Link className="button secondary" to={paths.check}>
          {t('receipt.checkLink')}
        </Link>
        <p className="receipt-preview-note">{t(bilingual ? 'receipt.previewBilingual' : 'receipt.previewSingle')}</p>
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

        {/* The status beside the code: the signed code is large, and a receipt keeps to one sheet. */}
        <div className="receipt-identity">
          <div className="receipt-identity-text">
            <p className="receipt-label">{both('receipt.reference')}</p>
            <p className="reference-code receipt-reference">{reference}</p>
            <p className="receipt-small">{both('receipt.quoteReference')}</p>
            <div className={`receipt-status ${status.received ? 'received' : 'pending'}`} aria-live="polite">
              <p className="receipt-label">{both('receipt.status')}</p>
              <p className="receipt-status-text">
                {both(status.received ? 'receipt.status.received' : 'receipt.status.pending')}
              </p>
              {status.received ? null : <p className="receipt-small">{both('receipt.pendingNote')}</p>}
            </div>
            <p className="receipt-small receipt-check-note">{both(signed ? 'receipt.checkSigned' : 'receipt.checkReferenceOnly')}</p>
          </div>
          <QrCode
            className={signed ? 'receipt-qr signed' : 'receipt-qr'}
            text={receiptCodeText(view)}
            label={t(signed ? 'receipt.qrLabelSigned' : 'receipt.qrLabel', { reference })}
          />
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

        {status.received && status.receiptId ? <p className="receipt-small receipt-note">{both('receipt.receiptIdHint')}</p> : null}

        {contentHash ? (
          <div className="receipt-fingerprint">
            <p className="receipt-label">{both('receipt.fingerprint')}</p>
            <p className="receipt-fingerprint-short">{shortFingerprint(contentHash)}</p>
            <p className="receipt-small receipt-fingerprint-full">{contentHash}</p>
            <p className="receipt-small">{both('receipt.fingerprintHint')}</p>
          </div>
        ) : null}

        <p className="receipt-emergency">{both('receipt.emergency')}</p>

        {/* Paper records here carry the reporter's signature and the unit's stamp. */}
        <div className="receipt-signatures">
          <div className="receipt-sign-box">
            <p className="receipt-label">{both('receipt.signature')}</p>
            <p className="receipt-sign-date">{both('receipt.signDate')}</p>
          </div>
          <div className="receipt-sign-box receipt-stamp-box">
            <p className="receipt-label">{both('receipt.stamp')}</p>
          </div>
        </div>

        <footer className="receipt-footer">
          {printCopy ? <p>{bothWithTime('receipt.printedAt', printCopy.printedAt)}</p> : null}
          {printCopy && printCopy.copy > 1 ? (
            <p className="receipt-reprint">{both('receipt.reprint', { copy: printCopy.copy })}</p>
          ) : null}
          <p className="receipt-small">{both('receipt.purpose')}</p>
        </footer>
      </article>
    </section>
  );
}
