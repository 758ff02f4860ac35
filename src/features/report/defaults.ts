// The values a new report starts with: every field present (the form's inputs
// are uncontrolled and need a starting value), the reporter from the profile,
// the discovery time "now" (seen and changeable), and immediate danger unanswered.
import type { ProfileDetails } from '../../vault/session';
import { localDateTimeNow } from '../../contract/time';
import type { ReportInput } from '../../contract/schema';

export function newReportValues(profile: Partial<ProfileDetails>, now = new Date()): ReportInput {
  return {
    utcOffsetMinutes: now.getTimezoneOffset(),
    reporter: {
      name: profile.name ?? '',
      unitName: profile.unitName ?? '',
      // An empty select until the user (or the profile) chooses; the schema says "choose the type of unit".
      unitType: (profile.unitType ?? '') as ReportInput['reporter']['unitType'],
      position: profile.position ?? '',
      phone: profile.phone ?? '',
      howKnown: '',
      confidential: true,
    },
    child: {
      name: '',
      description: '',
      sex: 'unknown',
      dateOfBirth: '',
      ageYears: undefined,
      whereNow: '',
      address: '',
      school: '',
      className: '',
      guardians: '',
      careStatus: 'unknown',
      disability: '',
      languageNeeds: '',
    },
    incident: {
      circumstances: [],
      // Most reports are written as soon as the harm is seen; the user corrects it when not.
      discoveredAt: localDateTimeNow(now),
      occurredAt: '',
      occurredPlace: '',
      narrative: '',
      childWords: '',
      injuries: '',
      // No answer until the user gives one: the schema says "choose whether the child is in danger".
      immediateDanger: '' as ReportInput['incident']['immediateDanger'],
    },
    suspect: { known: 'unknown', name: '', relationship: '', hasAccess: 'unknown' },
    actions: {
      policeNotified: false,
      policeNotifiedAt: '',
      policeStation: '',
      policeIncidentNumber: '',
      otherAgencies: [],
      otherAgenciesNote: '',
      guardianInformed: 'unknown',
      guardianNotInformedReason: '',
      medicalCare: '',
    },
    declaration: { goodFaith: false },
  };
}
