// Step 2: everything else, all of it optional, in folds that open on a tap:
// more about the child, the incident, the suspect, what has been done, and the
// reporter (filled in from the profile). Follow-up questions show only when they apply.
import { useWatch } from 'react-hook-form';
import { CARE_STATUSES, OTHER_AGENCIES, SEXES, YES_NO_UNKNOWN } from '../../../contract/codes';
import type { ReportInput } from '../../../contract/schema';
import { localDateTimeNow } from '../../../contract/time';
import { useI18n } from '../../../i18n/I18nProvider';
import { ChoiceGroup, SelectField, ShownWhen, TextField } from '../fields';
import { Fold } from '../Fold';
import { detailGroup } from '../../../i18n/reportQuestions';
import { ReporterFields } from './ReporterFields';

export function DetailsStep({ changing }: { changing?: string | undefined }) {
  const { t } = useI18n();
  const now = localDateTimeNow();
  const today = now.slice(0, 10);
  return (
    <div className="step">
      <p className="step-intro">{t('details.intro')}</p>
      <Fold group={detailGroup('child')} summary={t('details.childSummary')} changing={changing}>
        <ChoiceGroup name="child.sex" label="child.sex" options={SEXES} optionLabels="sex" />
        <div className="field-row">
          <TextField name="child.dateOfBirth" label="child.dateOfBirth" type="date" max={today} />
          <TextField name="child.ageYears" label="child.ageYears" hint="child.ageHint" type="number" />
        </div>
        <TextField name="child.address" label="child.address" />
        <div className="field-row">
          <TextField name="child.school" label="child.school" />
          <TextField name="child.className" label="child.className" />
        </div>
        <TextField name="child.guardians" label="child.guardians" multiline rows={2} />
        <SelectField name="child.careStatus" label="child.careStatus" options={CARE_STATUSES} optionLabels="careStatus" />
        <TextField name="child.disability" label="child.disability" />
        <TextField name="child.languageNeeds" label="child.languageNeeds" />
      </Fold>
      <Fold group={detailGroup('incident')} summary={t('details.incidentSummary')} changing={changing}>
        <TextField name="incident.occurredAt" label="incident.occurredAt" type="datetime-local" max={now} />
        <TextField name="incident.occurredPlace" label="incident.occurredPlace" />
        <TextField name="incident.childWords" label="incident.childWords" hint="incident.childWordsHint" multiline rows={4} />
        <TextField name="incident.injuries" label="incident.injuries" multiline rows={3} />
      </Fold>
      <Fold group={detailGroup('suspect')} summary={t('details.suspectSummary')} changing={changing}>
        <ChoiceGroup name="suspect.known" label="suspect.known" options={YES_NO_UNKNOWN} optionLabels="common" />
        <ShownWhen when="suspect.name">
          <div className="field-row">
            <TextField name="suspect.name" label="suspect.name" />
            <TextField name="suspect.relationship" label="suspect.relationship" />
          </div>
          <ChoiceGroup name="suspect.hasAccess" label="suspect.hasAccess" options={YES_NO_UNKNOWN} optionLabels="common" />
        </ShownWhen>
      </Fold>
      <Fold group={detailGroup('actions')} summary={t('details.actionsSummary')} changing={changing}>
        <ShownWhen when="actions.policeNotifiedAt">
          <TextField name="actions.policeNotifiedAt" label="actions.policeNotifiedAt" type="datetime-local" max={now} />
          <div className="field-row">
            <TextField name="actions.policeStation" label="actions.policeStation" />
            <TextField name="actions.policeIncidentNumber" label="actions.policeIncidentNumber" />
          </div>
        </ShownWhen>
        <ChoiceGroup name="actions.otherAgencies" label="actions.otherAgencies" options={OTHER_AGENCIES} optionLabels="agency" multiple />
        <ShownWhen when="actions.otherAgenciesNote">
          <TextField name="actions.otherAgenciesNote" label="actions.otherAgenciesNote" />
        </ShownWhen>
        <ChoiceGroup name="actions.guardianInformed" label="actions.guardianInformed" options={YES_NO_UNKNOWN} optionLabels="common" />
        <ShownWhen when="actions.guardianNotInformedReason">
          <TextField
            name="actions.guardianNotInformedReason"
            label="actions.guardianNotInformedReason"
            hint="actions.guardianNotInformedHint"
            multiline
            rows={2}
          />
        </ShownWhen>
        <TextField name="actions.medicalCare" label="actions.medicalCare" multiline rows={2} />
      </Fold>
      <Fold group={detailGroup('reporter')} summary={<ReporterSummary />} changing={changing} openWhenAnswered={false}>
        <ReporterFields />
      </Fold>
    </div>
  );
}

/** The reporter as filled in, so that the user sees it is right without opening the fold. */
function ReporterSummary() {
  const [name, unitName, phone] = useWatch<ReportInput, ['reporter.name', 'reporter.unitName', 'reporter.phone']>({
    name: ['reporter.name', 'reporter.unitName', 'reporter.phone'],
  });
  const { t } = useI18n();
  const parts = [name, unitName, phone].filter((part) => typeof part === 'string' && part.trim() !== '');
  return <>{parts.length > 0 ? parts.join(t('common.listSeparator')) : t('details.reporterMissing')}</>;
}
