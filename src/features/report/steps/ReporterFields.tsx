// Who reports: filled in from the open profile, with a way to keep changes as the profile.
import { useState } from 'react';
import { useFormContext } from 'react-hook-form';
import { useI18n } from '../../../i18n/I18nProvider';
import { saveProfileDetails } from '../../../vault/profiles';
import { HOW_KNOWN, UNIT_TYPES } from '../../../contract/codes';
import { CheckboxField, SelectField, TextField } from '../fields';
import type { ReportInput } from '../../../contract/schema';

export function ReporterFields() {
  const { t } = useI18n();
  const { getValues } = useFormContext<ReportInput>();
  const [profileSaved, setProfileSaved] = useState(false);
  const saveAsProfile = async () => {
    const { name, unitName, unitType, position, phone } = getValues('reporter');
    await saveProfileDetails({ name, unitName, unitType, position: position ?? '', phone });
    setProfileSaved(true);
  };
  return (
    <>
      <p className="step-intro">{t('reporter.intro')}</p>
      <TextField name="reporter.name" label="reporter.name" required />
      <TextField name="reporter.unitName" label="reporter.unitName" required />
      <SelectField name="reporter.unitType" label="reporter.unitType" required options={UNIT_TYPES} optionLabels="unitType" allowEmpty />
      <TextField name="reporter.position" label="reporter.position" />
      <TextField name="reporter.phone" label="reporter.phone" hint="reporter.phoneHint" type="tel" required />
      <SelectField name="reporter.howKnown" label="reporter.howKnown" options={HOW_KNOWN} optionLabels="howKnown" allowEmpty />
      <CheckboxField name="reporter.confidential" label="reporter.confidential" hint="reporter.confidentialHint" />
      <p>
        <button type="button" className="button secondary" onClick={() => void saveAsProfile()}>
          {t('reporter.saveProfile')}
        </button>{' '}
        <span role="status">{profileSaved ? t('vault.detailsSaved') : ''}</span>
      </p>
    </>
  );
}
