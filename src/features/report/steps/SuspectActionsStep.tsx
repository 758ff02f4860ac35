import { OTHER_AGENCIES, YES_NO_UNKNOWN } from '../../../contract/codes';
import { CheckboxField, ChoiceGroup, Section, TextField } from '../fields';
import { localDateTimeNow } from '../../../contract/time';

export function SuspectActionsStep() {
  return (
    <div className="step">
      <Section title="suspect.title">
        <ChoiceGroup name="suspect.known" label="suspect.known" options={YES_NO_UNKNOWN} optionLabels="common" />
        <div className="field-row">
          <TextField name="suspect.name" label="suspect.name" />
          <TextField name="suspect.relationship" label="suspect.relationship" />
        </div>
        <ChoiceGroup name="suspect.hasAccess" label="suspect.hasAccess" options={YES_NO_UNKNOWN} optionLabels="common" />
      </Section>
      <Section title="actions.title">
        <CheckboxField name="actions.policeNotified" label="actions.policeNotified" />
        <div className="field-row">
          <TextField name="actions.policeNotifiedAt" label="actions.policeNotifiedAt" type="datetime-local" max={localDateTimeNow()} />
          <TextField name="actions.policeStation" label="actions.policeStation" />
        </div>
        <TextField name="actions.policeIncidentNumber" label="actions.policeIncidentNumber" />
        <ChoiceGroup name="actions.otherAgencies" label="actions.otherAgencies" options={OTHER_AGENCIES} optionLabels="agency" multiple />
        <TextField name="actions.otherAgenciesNote" label="actions.otherAgenciesNote" />
        <ChoiceGroup name="actions.guardianInformed" label="actions.guardianInformed" options={YES_NO_UNKNOWN} optionLabels="common" />
        <TextField
          name="actions.guardianNotInformedReason"
          label="actions.guardianNotInformedReason"
          hint="actions.guardianNotInformedHint"
          multiline
          rows={2}
        />
        <TextField name="actions.medicalCare" label="actions.medicalCare" multiline rows={2} />
      </Section>
    </div>
  );
}
