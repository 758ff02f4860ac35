// The reporter details a profile keeps (they prefill every new report).
import { useId } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { UNIT_TYPES } from '../../contract/codes';
import { PlainField } from '../../lib/PlainField';
import type { ProfileDetails } from '../../vault/session';

interface Props {
  details: ProfileDetails;
  onChange: (details: ProfileDetails) => void;
  nameError?: string | undefined;
}

export function ProfileDetailsFields({ details, onChange, nameError }: Props) {
  const { t } = useI18n();
  const unitTypeId = useId();
  const bind = (key: keyof ProfileDetails) => ({
    value: details[key],
    onChange: (event: { target: { value: string } }) => onChange({ ...details, [key]: event.target.value }),
  });
  return (
    <>
      <PlainField label={t('reporter.name')} maxLength={50} {...bind('name')} error={nameError} />
      <PlainField label={t('reporter.unitName')} maxLength={100} {...bind('unitName')} />
      <div className="field">
        <label htmlFor={unitTypeId}>{t('reporter.unitType')}</label>
        <select id={unitTypeId} autoComplete="off" {...bind('unitType')}>
          <option value="">{t('common.chooseOne')}</option>
          {UNIT_TYPES.map((code) => (
            <option key={code} value={code}>
              {t(`unitType.${code}`)}
            </option>
          ))}
        </select>
      </div>
      <PlainField label={t('reporter.position')} maxLength={50} {...bind('position')} />
      <PlainField label={t('reporter.phone')} type="tel" maxLength={25} {...bind('phone')} />
    </>
  );
}
