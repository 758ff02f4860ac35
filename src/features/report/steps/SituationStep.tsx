// Step 1: what the police need at once, on one screen: is the child in danger,
// have the police been called, who and where the child is, which circumstance,
// when it was found (now, unless changed) and what happened.
import { CIRCUMSTANCES, YES_NO_UNKNOWN } from '../../../contract/codes';
import { localDateTimeNow } from '../../../contract/time';
import { useI18n } from '../../../i18n/I18nProvider';
import { DangerNotice } from '../DangerNotice';
import { CheckboxField, ChoiceGroup, TextField } from '../fields';

export function SituationStep() {
  const { t } = useI18n();
  return (
    <div className="step">
      <p className="step-intro">{t('situation.intro')}</p>
      <ChoiceGroup
        name="incident.immediateDanger"
        label="incident.immediateDanger"
        options={YES_NO_UNKNOWN}
        optionLabels="common"
        required
      />
      <DangerNotice />
      <CheckboxField name="actions.policeNotified" label="actions.policeNotified" hint="actions.policeNotifiedHint" />
      <div className="field-row">
        <TextField name="child.name" label="child.name" />
        <TextField name="child.description" label="child.description" hint="child.descriptionHint" multiline rows={2} />
      </div>
      <TextField name="child.whereNow" label="child.whereNow" hint="child.whereNowHint" required />
      <ChoiceGroup
        name="incident.circumstances"
        label="incident.circumstances"
        hint="incident.circumstancesHint"
        options={CIRCUMSTANCES}
        optionLabels="circumstance"
        multiple
        numbered
        required
      />
      <TextField
        name="incident.discoveredAt"
        label="incident.discoveredAt"
        hint="incident.discoveredAtHint"
        type="datetime-local"
        max={localDateTimeNow()}
        required
      />
      <TextField name="incident.narrative" label="incident.narrative" hint="incident.narrativeHint" multiline rows={6} required />
    </div>
  );
}
