// Shows the whole report, part by part, with a way back to each step, and the declaration.
import { useFormContext } from 'react-hook-form';
import { useI18n, type I18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/zh-CN';
import { CheckboxField, fieldId } from '../fields';
import type { ReportInput } from '../../../contract/schema';
import { STEPS } from '../steps';

type Kind = 'text' | 'date' | 'dateTime' | 'boolean' | { choice: string } | { choices: string };

interface ReviewRow {
  name: string;
  label: MessageKey;
  kind?: Kind;
}

const REVIEW: readonly ReviewRow[][] = [
  [
    { name: 'reporter.name', label: 'reporter.name' },
    { name: 'reporter.unitName', label: 'reporter.unitName' },
    { name: 'reporter.unitType', label: 'reporter.unitType', kind: { choice: 'unitType' } },
    { name: 'reporter.position', label: 'reporter.position' },
    { name: 'reporter.phone', label: 'reporter.phone' },
    { name: 'reporter.howKnown', label: 'reporter.howKnown', kind: { choice: 'howKnown' } },
    { name: 'reporter.confidential', label: 'reporter.confidential', kind: 'boolean' },
  ],
  [
    { name: 'child.name', label: 'child.name' },
    { name: 'child.description', label: 'child.description' },
    { name: 'child.sex', label: 'child.sex', kind: { choice: 'sex' } },
    { name: 'child.dateOfBirth', label: 'child.dateOfBirth', kind: 'date' },
    { name: 'child.ageYears', label: 'child.ageYears' },
    { name: 'child.whereNow', label: 'child.whereNow' },
    { name: 'child.address', label: 'child.address' },
    { name: 'child.school', label: 'child.school' },
    { name: 'child.className', label: 'child.className' },
    { name: 'child.guardians', label: 'child.guardians' },
    { name: 'child.careStatus', label: 'child.careStatus', kind: { choice: 'careStatus' } },
    { name: 'child.disability', label: 'child.disability' },
    { name: 'child.languageNeeds', label: 'child.languageNeeds' },
  ],
  [
    { name: 'incident.immediateDanger', label: 'incident.immediateDanger', kind: { choice: 'common' } },
    { name: 'incident.circumstances', label: 'incident.circumstances', kind: { choices: 'circumstance' } },
    { name: 'incident.discoveredAt', label: 'incident.discoveredAt', kind: 'dateTime' },
    { name: 'incident.occurredAt', label: 'incident.occurredAt', kind: 'dateTime' },
    { name: 'incident.occurredPlace', label: 'incident.occurredPlace' },
    { name: 'incident.narrative', label: 'incident.narrative' },
    { name: 'incident.childWords', label: 'incident.childWords' },
    { name: 'incident.injuries', label: 'incident.injuries' },
  ],
  [
    { name: 'suspect.known', label: 'suspect.known', kind: { choice: 'common' } },
    { name: 'suspect.name', label: 'suspect.name' },
    { name: 'suspect.relationship', label: 'suspect.relationship' },
    { name: 'suspect.hasAccess', label: 'suspect.hasAccess', kind: { choice: 'common' } },
    { name: 'actions.policeNotified', label: 'actions.policeNotified', kind: 'boolean' },
    { name: 'actions.policeNotifiedAt', label: 'actions.policeNotifiedAt', kind: 'dateTime' },
    { name: 'actions.policeStation', label: 'actions.policeStation' },
    { name: 'actions.policeIncidentNumber', label: 'actions.policeIncidentNumber' },
    { name: 'actions.otherAgencies', label: 'actions.otherAgencies', kind: { choices: 'agency' } },
    { name: 'actions.otherAgenciesNote', label: 'actions.otherAgenciesNote' },
    { name: 'actions.guardianInformed', label: 'actions.guardianInformed', kind: { choice: 'common' } },
    { name: 'actions.guardianNotInformedReason', label: 'actions.guardianNotInformedReason' },
    { name: 'actions.medicalCare', label: 'actions.medicalCare' },
  ],
];

function display(i18n: I18n, value: unknown, kind: Kind = 'text'): string {
  const { t } = i18n;
  if (kind === 'boolean') return value ? t('common.yes') : t('common.no');
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
    return t('common.notGiven');
  }
  if (kind === 'dateTime') return i18n.formatDateTime(String(value));
  if (kind === 'date') return new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(new Date(`${String(value)}T00:00`));
  if (typeof kind === 'object' && 'choice' in kind) return t(`${kind.choice}.${String(value)}` as MessageKey);
  if (typeof kind === 'object' && 'choices' in kind && Array.isArray(value)) {
    return value.map((item) => t(`${kind.choices}.${String(item)}` as MessageKey)).join('；');
  }
  return String(value);
}

export function ReviewStep({ onEdit }: { onEdit: (step: number) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { getValues } = useFormContext<ReportInput>();
  const values = getValues();
  const valueAt = (name: string): unknown =>
    name.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], values);
  return (
    <div className="step review">
      <p className="step-intro">{t('review.intro')}</p>
      {REVIEW.map((rows, step) => {
        const title = t(STEPS[step]!.title);
        return (
          <section key={STEPS[step]!.key} className="review-section" aria-labelledby={`review-${step}`}>
            <div className="review-heading">
              <h3 id={`review-${step}`}>{title}</h3>
              <button type="button" className="button secondary" onClick={() => onEdit(step)}>
                {t('review.edit', { section: title })}
              </button>
            </div>
            <dl>
              {rows.map((row) => (
                <div key={row.name} className="review-row" id={`review-${fieldId(row.name)}`}>
                  <dt>{t(row.label)}</dt>
                  <dd>{display(i18n, valueAt(row.name), row.kind)}</dd>
                </div>
              ))}
            </dl>
          </section>
        );
      })}
      <section className="review-section">
        <h3>{t('review.declarationTitle')}</h3>
        <CheckboxField name="declaration.goodFaith" label="review.goodFaith" hint="review.goodFaithHint" required />
      </section>
    </div>
  );
}
