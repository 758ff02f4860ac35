// Statutory and practical code lists. The codes are the contract (they go over
// the wire); their wording in each language lives in the message catalogs.

/** Obligated units (报告主体), Opinions (2020) Art. 2-3. */
export const UNIT_TYPES = [
  'residents_committee',
  'village_committee',
  'school',
  'kindergarten',
  'training_institution',
  'activity_venue',
  'school_bus',
  'childcare',
  'medical',
  'welfare',
  'social_work',
  'hotel',
  'state_organ',
  'other',
] as const;

/** The nine circumstances that must be reported, Opinions (2020) Art. 4, in statutory order. */
export const CIRCUMSTANCES = [
  'private_injury',
  'sexual_assault_under14',
  'pregnancy_14plus',
  'injury_abuse',
  'abnormal_harm_death',
  'abandoned_unattended',
  'missing_trafficked',
  'organised_begging',
  'other_serious',
] as const;

export type Circumstance = (typeof CIRCUMSTANCES)[number];

export const HOW_KNOWN = ['observed', 'child_disclosed', 'third_party', 'records'] as const;

export const SEXES = ['female', 'male', 'unknown'] as const;

export const CARE_STATUSES = [
  'with_parents',
  'left_behind',
  'migrant',
  'unattended',
  'institution',
  'unknown',
] as const;

export const YES_NO_UNKNOWN = ['yes', 'no', 'unknown'] as const;

/** Departments other than the police that a report may also go to (MPL Art. 11). */
export const OTHER_AGENCIES = [
  'civil_affairs',
  'education',
  'health',
  'womens_federation',
  'procuratorate',
  'other',
] as const;
