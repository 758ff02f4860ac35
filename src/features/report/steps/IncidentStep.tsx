import { CIRCUMSTANCES, YES_NO_UNKNOWN } from '../../../contract/codes';
import { ChoiceGroup, TextField } from '../fields';
import { localDateTimeNow } from '../../../contract/time';

export function IncidentStep() {
  const now = localDateTimeNow();
  return (
    <div className="step">
      <ChoiceGroup
        name="incident.immediateDanger"
        label="incident.immediateDanger"
        options={YES_NO_UNKNOWN}
        optionLabels="common"
        required
      />
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
      <div className="field-row">
        <TextField name="incident.discoveredAt" label="incident.discoveredAt" type="datetime-local" max={now} required />
        <TextField name="incident.occurredAt" label="incident.occurredAt" type="datetime-local" max={now} />
      </div>
      <TextField name="incident.occurredPlace" label="incident.occurredPlace" />
      <TextField name="incident.narrative" label="incident.narrative" hint="incident.narrativeHint" multiline rows={8} required />
      <TextField name="incident.childWords" label="incident.childWords" hint="incident.childWordsHint" multiline rows={4} />
      <TextField name="incident.injuries" label="incident.injuries" multiline rows={3} />
    </div>
  );
}
