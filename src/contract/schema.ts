// The report: one zod schema, the single source of truth. It types the form,
// is checked before anything is stored, and is what goes over the wire (the
// reference receiver validates with this same file).
//
// Error messages are message keys ("error.required"), translated by the UI, so
// the schema stays language-neutral and the receiver can return them as-is.
import * as z from 'zod/mini';
import {
  CARE_STATUSES,
  CIRCUMSTANCES,
  HOW_KNOWN,
  OTHER_AGENCIES,
  SEXES,
  UNIT_TYPES,
  YES_NO_UNKNOWN,
} from './codes';
import { withoutAnswersThatDoNotApply } from './conditions';
import { ageInYears, parseLocalDate, parseLocalDateTime } from './time';

export { SCHEMA_VERSION } from './protocol';

const optionalText = (max: number) =>
  z.optional(z.string().check(z.maxLength(max, 'error.tooLong')));

const requiredText = (max: number) =>
  z.string('error.required').check(
    z.maxLength(max, 'error.tooLong'),
    z.refine((value) => value.trim().length > 0, 'error.required'),
  );

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

/** A wall-clock date and time as a native datetime-local input gives it. */
const localDateTime = z.string('error.required').check(z.regex(LOCAL_DATE_TIME, 'error.dateTimeFormat'));
const optionalLocalDateTime = z.optional(
  z.union([z.literal(''), z.string().check(z.regex(LOCAL_DATE_TIME, 'error.dateTimeFormat'))]),
);
const optionalLocalDate = z.optional(
  z.union([z.literal(''), z.string().check(z.regex(LOCAL_DATE, 'error.dateFormat'))]),
);

/** A choice from a select whose first option is "not stated" (the empty string). */
const optionalChoice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.optional(z.union([z.literal(''), z.enum(values, 'error.choose')]));

/** A yes / no / unknown question; unanswered means unknown. */
const yesNoUnknown = z._default(z.enum(YES_NO_UNKNOWN, 'error.choose'), 'unknown');

const PHONE = /^\+?[0-9][0-9 ()-]{4,24}$/;

export const reporterSchema = z.object({
  name: requiredText(50),
  unitName: requiredText(100),
  unitType: z.enum(UNIT_TYPES, 'error.unitType'),
  position: optionalText(50),
  phone: z.string('error.required').check(
    z.maxLength(25, 'error.tooLong'),
    z.refine((value) => value.trim().length > 0, 'error.required'),
    z.refine((value) => value.trim() === '' || PHONE.test(value.trim()), 'error.phone'),
  ),
  howKnown: optionalChoice(HOW_KNOWN),
  confidential: z._default(z.boolean(), true),
});

export const childSchema = z.object({
  name: optionalText(50),
  description: optionalText(500),
  sex: z._default(z.enum(SEXES, 'error.choose'), 'unknown'),
  dateOfBirth: optionalLocalDate,
  ageYears: z.optional(
    z.int('error.wholeNumber').check(z.minimum(0, 'error.ageRange'), z.maximum(17, 'error.adultAge')),
  ),
  whereNow: requiredText(200),
  address: optionalText(200),
  school: optionalText(100),
  className: optionalText(50),
  guardians: optionalText(300),
  careStatus: z._default(z.enum(CARE_STATUSES, 'error.choose'), 'unknown'),
  disability: optionalText(200),
  languageNeeds: optionalText(200),
});

export const incidentSchema = z.object({
  circumstances: z
    .array(z.enum(CIRCUMSTANCES, 'error.choose'), 'error.circumstanceRequired')
    .check(z.minLength(1, 'error.circumstanceRequired')),
  discoveredAt: localDateTime,
  occurredAt: optionalLocalDateTime,
  occurredPlace: optionalText(200),
  narrative: requiredText(10000),
  childWords: optionalText(5000),
  injuries: optionalText(2000),
  // Asked of every report and never assumed: "unknown" is an answer the user gives, not a default.
  immediateDanger: z.enum(YES_NO_UNKNOWN, 'error.dangerRequired'),
});

export const suspectSchema = z.object({
  known: yesNoUnknown,
  name: optionalText(50),
  relationship: optionalText(50),
  // Asked only when the suspect is known (see conditions.ts), so it may be absent.
  hasAccess: z.optional(z.enum(YES_NO_UNKNOWN, 'error.choose')),
});

export const actionsSchema = z.object({
  policeNotified: z._default(z.boolean(), false),
  policeNotifiedAt: optionalLocalDateTime,
  policeStation: optionalText(100),
  policeIncidentNumber: optionalText(50),
  otherAgencies: z._default(z.array(z.enum(OTHER_AGENCIES, 'error.choose')), []),
  otherAgenciesNote: optionalText(300),
  guardianInformed: yesNoUnknown,
  guardianNotInformedReason: optionalText(500),
  medicalCare: optionalText(500),
});

export const declarationSchema = z.object({
  // A boolean (the form's checkbox) that must be true to file.
  goodFaith: z.boolean('error.declarationRequired').check(
    z.refine((value) => value === true, 'error.declarationRequired'),
  ),
});

/** How far ahead of this device's clock a time may be before it counts as "in the future". */
const DEFAULT_CLOCK_TOLERANCE_MS = 5 * 60_000;

export interface ReportSchemaOptions {
  /** The current time; a function so that tests and the receiver can set it. */
  now?: () => number;
  /** Slack for clocks that run fast; the receiver allows more, since tablets' clocks drift. */
  clockToleranceMs?: number;
}

/**
 * Builds the report schema. The cross-field rules need "now", so the schema is
 * made by a function; `reportSchema` below is the one the app uses.
 */
export function createReportSchema(options: ReportSchemaOptions = {}) {
  const now = options.now ?? Date.now;
  const tolerance = options.clockToleranceMs ?? DEFAULT_CLOCK_TOLERANCE_MS;
  return z
    .object({
      /** The device's offset from UTC in minutes (as Date#getTimezoneOffset), to read the wall-clock times. */
      utcOffsetMinutes: z.int('error.invalid').check(z.minimum(-900, 'error.invalid'), z.maximum(900, 'error.invalid')),
      reporter: reporterSchema,
      child: childSchema,
      incident: incidentSchema,
      suspect: suspectSchema,
      actions: actionsSchema,
      declaration: declarationSchema,
    })
    .check(
      // Answers to questions that do not apply (police details when the police were not
      // called, and the like) are dropped: the form hid them, so they are not sent.
      z.overwrite(withoutAnswersThatDoNotApply),
      // Cross-field rules run even when other fields are still invalid, so that
      // each step sees its own problems; hence the defensive reads.
      z.superRefine(
        (report, ctx) => {
          for (const issue of crossFieldIssues(report, now() + tolerance)) {
            ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path, input: undefined });
          }
        },
        { when: () => true },
      ),
    );
}

export const reportSchema = createReportSchema();

export type Report = z.output<typeof reportSchema>;
export type ReportInput = z.input<typeof reportSchema>;

interface CrossFieldIssue {
  path: string[];
  message: string;
}

type Loose = Record<string, unknown> | undefined;

const section = (value: unknown, key: string): Loose => {
  if (typeof value !== 'object' || value === null) return undefined;
  const inner = (value as Record<string, unknown>)[key];
  return typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : undefined;
};
const stringAt = (value: Loose, key: string): string | undefined => {
  const inner = value?.[key];
  return typeof inner === 'string' && inner !== '' ? inner : undefined;
};

function crossFieldIssues(report: unknown, latestAllowed: number): CrossFieldIssue[] {
  const issues: CrossFieldIssue[] = [];
  const rawOffset = typeof report === 'object' && report !== null ? (report as Loose)?.utcOffsetMinutes : undefined;
  const offset = typeof rawOffset === 'number' && Number.isFinite(rawOffset) ? rawOffset : 0;
  const child = section(report, 'child');
  const incident = section(report, 'incident');
  const actions = section(report, 'actions');

  if (child && !stringAt(child, 'name')?.trim() && !stringAt(child, 'description')?.trim()) {
    issues.push({ path: ['child', 'name'], message: 'error.nameOrDescription' });
  }

  const discovered = parseLocalDateTime(stringAt(incident, 'discoveredAt'), offset);
  const occurred = parseLocalDateTime(stringAt(incident, 'occurredAt'), offset);
  const policeAt = parseLocalDateTime(stringAt(actions, 'policeNotifiedAt'), offset);
  if (discovered !== undefined && discovered > latestAllowed) {
    issues.push({ path: ['incident', 'discoveredAt'], message: 'error.future' });
  }
  if (occurred !== undefined && occurred > latestAllowed) {
    issues.push({ path: ['incident', 'occurredAt'], message: 'error.future' });
  } else if (occurred !== undefined && discovered !== undefined && occurred > discovered) {
    issues.push({ path: ['incident', 'occurredAt'], message: 'error.occurredAfterDiscovery' });
  }
  if (policeAt !== undefined && policeAt > latestAllowed) {
    issues.push({ path: ['actions', 'policeNotifiedAt'], message: 'error.future' });
  }

  // The child's age: from the date of birth at discovery, else the approximate age.
  const birth = parseLocalDate(stringAt(child, 'dateOfBirth'), offset);
  let age: number | undefined;
  if (birth !== undefined) {
    const reference = discovered !== undefined && discovered <= latestAllowed ? discovered : latestAllowed;
    if (birth > latestAllowed) {
      issues.push({ path: ['child', 'dateOfBirth'], message: 'error.future' });
    } else {
      age = ageInYears(birth, reference, offset);
      if (age >= 18) issues.push({ path: ['child', 'dateOfBirth'], message: 'error.adultAge' });
    }
  } else if (typeof child?.ageYears === 'number' && Number.isInteger(child.ageYears)) {
    age = child.ageYears;
  }

  const sex = stringAt(child, 'sex');
  const circumstances = Array.isArray(incident?.circumstances) ? incident.circumstances : [];
  const sexKnown = sex === 'female' || sex === 'male';
  if (circumstances.includes('sexual_assault_under14')) {
    if (sexKnown && sex !== 'female') {
      issues.push({ path: ['incident', 'circumstances'], message: 'error.circumstance2Sex' });
    } else if (age !== undefined && age >= 14) {
      issues.push({ path: ['incident', 'circumstances'], message: 'error.circumstance2Age' });
    }
  }
  if (circumstances.includes('pregnancy_14plus')) {
    if (sexKnown && sex !== 'female') {
      issues.push({ path: ['incident', 'circumstances'], message: 'error.circumstance3Sex' });
    } else if (age !== undefined && age < 14) {
      issues.push({ path: ['incident', 'circumstances'], message: 'error.circumstance3Age' });
    }
  }
  return issues;
}
