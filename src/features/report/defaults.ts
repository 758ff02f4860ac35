// The values a new report starts with: every field present (the form's inputs
// are uncontrolled and need a starting value), the reporter from the profile.
import type { ProfileDetails } from '../../vault/session';
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
      discoveredAt: '',
      occurredAt: '',
      occurredPlace: '',
      narrative: '',
      childWords: '',
      injuries: '',
      immediateDanger: 'unknown',
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
