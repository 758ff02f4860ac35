import { useI18n } from '../../../i18n/I18nProvider';
import { CARE_STATUSES, SEXES } from '../../../contract/codes';
import { ChoiceGroup, SelectField, TextField } from '../fields';

export function ChildStep() {
  const { t } = useI18n();
  const today = new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
  return (
    <div className="step">
      <p className="step-intro">{t('child.intro')}</p>
      <TextField name="child.name" label="child.name" />
      <TextField name="child.description" label="child.description" hint="child.descriptionHint" multiline rows={2} />
      <ChoiceGroup name="child.sex" label="child.sex" options={SEXES} optionLabels="sex" />
      <div className="field-row">
        <TextField name="child.dateOfBirth" label="child.dateOfBirth" type="date" max={today} />
        <TextField name="child.ageYears" label="child.ageYears" hint="child.ageHint" type="number" />
      </div>
      <TextField name="child.whereNow" label="child.whereNow" hint="child.whereNowHint" required />
      <TextField name="child.address" label="child.address" />
      <div className="field-row">
        <TextField name="child.school" label="child.school" />
        <TextField name="child.className" label="child.className" />
      </div>
      <TextField name="child.guardians" label="child.guardians" multiline rows={2} />
      <SelectField name="child.careStatus" label="child.careStatus" options={CARE_STATUSES} optionLabels="careStatus" />
      <TextField name="child.disability" label="child.disability" />
      <TextField name="child.languageNeeds" label="child.languageNeeds" />
    </div>
  );
}
