// The unit profile that prefills new reports; sending; storage; moving unsent reports.
import { useEffect, useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import { useI18n } from '../i18n/I18nProvider';
import { UNIT_TYPES } from '../report/codes';
import { SelectField, TextField } from '../report/fields';
import type { ReportInput } from '../report/schema';
import { StorageSection } from './StorageSection';
import { SyncSettingsForm } from './SyncSettingsForm';
import { TransferSection } from './TransferSection';
import { loadUnitProfile, saveUnitProfile } from './unitProfile';

export function SettingsScreen() {
  const { t } = useI18n();
  const form = useForm<ReportInput>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    void loadUnitProfile().then((profile) => form.reset({ reporter: { ...profile, unitType: profile.unitType ?? ('' as never) } } as ReportInput));
  }, [form]);
  const onSubmit = form.handleSubmit(async ({ reporter }) => {
    const { name, unitName, unitType, position, phone } = reporter;
    await saveUnitProfile({ name, unitName, unitType, position, phone });
    setSaved(true);
  });
  return (
    <section>
      <h2>{t('settings.title')}</h2>
      <FormProvider {...form}>
        <form noValidate onSubmit={(event) => void onSubmit(event)} onChange={() => setSaved(false)}>
          <h3>{t('settings.profileTitle')}</h3>
          <p>{t('settings.profileIntro')}</p>
          <TextField name="reporter.name" label="reporter.name" autoComplete="name" />
          <TextField name="reporter.unitName" label="reporter.unitName" autoComplete="organization" />
          <SelectField name="reporter.unitType" label="reporter.unitType" options={UNIT_TYPES} optionLabels="unitType" allowEmpty />
          <TextField name="reporter.position" label="reporter.position" autoComplete="organization-title" />
          <TextField name="reporter.phone" label="reporter.phone" type="tel" autoComplete="tel" />
          <button type="submit" className="button primary">
            {t('settings.save')}
          </button>{' '}
          <span role="status">{saved ? t('settings.saved') : ''}</span>
        </form>
      </FormProvider>
      <SyncSettingsForm />
      <StorageSection />
      <TransferSection />
    </section>
  );
}
