// The report schema's rules, and the form's checks of one step at a time that apply them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CIRCUMSTANCES } from '../../contract/codes';
import { newReportValues } from './defaults';
import { createReportSchema, reportSchema } from '../../contract/schema';
import { validateReport, validateStep } from './stepValidation';
import { DETAILS_STEP, REVIEW_STEP, SITUATION_STEP } from './steps';
import { validReportInput } from '../../contract/testing/testReports';

// 2026-06-01 12:00 in Beijing; tests set "now" so that they do not age.
const NOW = Date.UTC(2026, 5, 1, 4, 0);
const schema = createReportSchema({ now: () => NOW });

const problems = (input: unknown) =>
  (schema.safeParse(input).error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);

describe('the report schema', () => {
  it('accepts a report that gives only what the police need', () => {
    expect(problems(validReportInput())).toEqual([]);
  });

  it('fills in the defaults of what was not answered', () => {
    const report = schema.parse(validReportInput());
    expect(report.reporter.confidential).toBe(true);
    expect(report.child.sex).toBe('unknown');
    expect(report.actions.otherAgencies).toEqual([]);
  });

  it('never assumes an answer about immediate danger: it must be given', () => {
    const input = validReportInput();
    delete (input.incident as { immediateDanger?: string }).immediateDanger;
    expect(problems(input)).toEqual(['incident.immediateDanger: error.dangerRequired']);
    expect(problems(validReportInput({ incident: { immediateDanger: '' as never } }))).toEqual([
      'incident.immediateDanger: error.dangerRequired',
    ]);
    expect(problems(validReportInput({ incident: { immediateDanger: 'unknown' } }))).toEqual([]);
  });

  it('drops the answers of questions that do not apply, and keeps those that do', () => {
    const typedThenUndone = validReportInput({
      suspect: { known: 'no', name: '李某', relationship: '父亲', hasAccess: 'yes' },
      actions: {
        policeNotified: false,
        policeNotifiedAt: '2026-01-02T10:30',
        policeStation: '青山派出所',
        policeIncidentNumber: 'J2026-001',
        otherAgencies: [],
        otherAgenciesNote: '打过电话',
        guardianInformed: 'yes',
        guardianNotInformedReason: '嫌疑人是监护人',
      },
    });
    const report = schema.parse(typedThenUndone);
    expect(report.suspect).toEqual({ known: 'no' });
    expect(report.actions).toEqual({ policeNotified: false, otherAgencies: [], guardianInformed: 'yes' });

    const applies = schema.parse(
      validReportInput({
        suspect: { known: 'yes', name: '李某', hasAccess: 'yes' },
        actions: { policeNotified: true, policeStation: '青山派出所', otherAgencies: ['education'], otherAgenciesNote: '打过电话', guardianInformed: 'no', guardianNotInformedReason: '嫌疑人是监护人' },
      }),
    );
    expect(applies.suspect).toEqual({ known: 'yes', name: '李某', hasAccess: 'yes' });
    expect(applies.actions).toMatchObject({ policeStation: '青山派出所', otherAgenciesNote: '打过电话', guardianNotInformedReason: '嫌疑人是监护人' });
  });

  it('a new report starts with the discovery time now and immediate danger unanswered', () => {
    const values = newReportValues({}, new Date(2026, 5, 1, 11, 45));
    expect(values.incident.discoveredAt).toBe('2026-06-01T11:45');
    expect(values.incident.immediateDanger).toBe('');
  });

  it('accepts a complete report', () => {
    const input = validReportInput({
      reporter: { position: '班主任', howKnown: 'child_disclosed', confidential: false },
      child: {
        description: '约 8 岁',
        sex: 'female',
        dateOfBirth: '2016-03-04',
        address: '青山村 3 组',
        school: '青山村小学',
        className: '三年级二班',
        guardians: '奶奶',
        careStatus: 'left_behind',
        disability: '无',
        languageNeeds: '只会说彝语',
      },
      incident: { occurredAt: '2026-01-01T18:00', occurredPlace: '家中', childWords: '“爸爸打我”', injuries: '淤青', immediateDanger: 'no' },
      suspect: { known: 'yes', name: '李某', relationship: '父亲', hasAccess: 'yes' },
      actions: {
        policeNotified: true,
        policeNotifiedAt: '2026-01-02T10:30',
        policeStation: '青山派出所',
        policeIncidentNumber: 'J2026-001',
        otherAgencies: ['education', 'civil_affairs'],
        guardianInformed: 'no',
        guardianNotInformedReason: '嫌疑人是监护人',
        medicalCare: '校医处理',
      },
    });
    expect(problems(input)).toEqual([]);
  });

  it('requires who reports and how to reach them, a circumstance, the discovery time, where the child is and a narrative', () => {
    const empty = newReportValues({});
    expect(problems(empty)).toEqual(
      expect.arrayContaining([
        'reporter.name: error.required',
        'reporter.unitName: error.required',
        'reporter.unitType: error.unitType',
        'reporter.phone: error.required',
        'child.whereNow: error.required',
        'incident.circumstances: error.circumstanceRequired',
        'incident.immediateDanger: error.dangerRequired',
        'incident.narrative: error.required',
        'declaration.goodFaith: error.declarationRequired',
        'child.name: error.nameOrDescription',
      ]),
    );
  });

  it('takes a description when the child’s name is not known', () => {
    expect(problems(validReportInput({ child: { name: '', description: '穿蓝色校服的男孩' } }))).toEqual([]);
    expect(problems(validReportInput({ child: { name: '  ', description: '' } }))).toEqual([
      'child.name: error.nameOrDescription',
    ]);
  });

  it('treats white space alone as empty', () => {
    expect(problems(validReportInput({ incident: { narrative: '   \n ' } }))).toEqual(['incident.narrative: error.required']);
  });

  it('limits the length of text', () => {
    expect(problems(validReportInput({ child: { name: 'x'.repeat(51) } }))).toEqual(['child.name: error.tooLong']);
    expect(problems(validReportInput({ child: { name: 'x'.repeat(50) } }))).toEqual([]);
  });

  it('checks phone numbers', () => {
    expect(problems(validReportInput({ reporter: { phone: '010-12345678' } }))).toEqual([]);
    expect(problems(validReportInput({ reporter: { phone: '+86 138 0013 8000' } }))).toEqual([]);
    expect(problems(validReportInput({ reporter: { phone: 'call me' } }))).toEqual(['reporter.phone: error.phone']);
  });

  it('rejects codes that are not on the statutory lists', () => {
    expect(problems(validReportInput({ reporter: { unitType: 'bank' as never } }))).toEqual(['reporter.unitType: error.unitType']);
    expect(problems(validReportInput({ incident: { circumstances: ['gossip' as never] } }))).toEqual([
      'incident.circumstances.0: error.choose',
    ]);
  });
});

describe('the cross-field rules', () => {
  it('a minor is under 18, by approximate age or by date of birth at discovery', () => {
    expect(problems(validReportInput({ child: { ageYears: 17 } }))).toEqual([]);
    expect(problems(validReportInput({ child: { ageYears: 18 } }))).toEqual(['child.ageYears: error.adultAge']);
    // Born 2008-01-03: 17 on discovery (2026-01-02), 18 a day later.
    expect(problems(validReportInput({ child: { dateOfBirth: '2008-01-03' } }))).toEqual([]);
    expect(problems(validReportInput({ child: { dateOfBirth: '2008-01-02' } }))).toEqual(['child.dateOfBirth: error.adultAge']);
  });

  it('a date of birth is not in the future', () => {
    expect(problems(validReportInput({ child: { dateOfBirth: '2027-01-01' } }))).toEqual(['child.dateOfBirth: error.future']);
  });

  it('circumstance 2 fits only a girl under 14', () => {
    const c2 = { circumstances: ['sexual_assault_under14' as const] };
    expect(problems(validReportInput({ incident: c2, child: { sex: 'female', ageYears: 13 } }))).toEqual([]);
    expect(problems(validReportInput({ incident: c2, child: { sex: 'unknown' } }))).toEqual([]);
    expect(problems(validReportInput({ incident: c2, child: { sex: 'male' } }))).toEqual([
      'incident.circumstances: error.circumstance2Sex',
    ]);
    expect(problems(validReportInput({ incident: c2, child: { sex: 'female', ageYears: 14 } }))).toEqual([
      'incident.circumstances: error.circumstance2Age',
    ]);
  });

  it('circumstance 3 fits only a girl of 14 to 17', () => {
    const c3 = { circumstances: ['pregnancy_14plus' as const] };
    expect(problems(validReportInput({ incident: c3, child: { sex: 'female', ageYears: 14 } }))).toEqual([]);
    expect(problems(validReportInput({ incident: c3, child: { sex: 'female', ageYears: 13 } }))).toEqual([
      'incident.circumstances: error.circumstance3Age',
    ]);
    expect(problems(validReportInput({ incident: c3, child: { sex: 'male', ageYears: 15 } }))).toEqual([
      'incident.circumstances: error.circumstance3Sex',
    ]);
    // Age from the date of birth: 13 at discovery.
    expect(
      problems(validReportInput({ incident: c3, child: { sex: 'female', dateOfBirth: '2012-06-01' } })),
    ).toEqual(['incident.circumstances: error.circumstance3Age']);
  });

  it('discovery is not in the future, with a few minutes for clocks that run fast', () => {
    // NOW is 2026-06-01 12:00 in Beijing (UTC+8).
    expect(problems(validReportInput({ incident: { discoveredAt: '2026-06-01T12:04' } }))).toEqual([]);
    expect(problems(validReportInput({ incident: { discoveredAt: '2026-06-01T12:10' } }))).toEqual([
      'incident.discoveredAt: error.future',
    ]);
  });

  it('it cannot have happened after it was discovered', () => {
    expect(problems(validReportInput({ incident: { occurredAt: '2026-01-02T09:59' } }))).toEqual([]);
    expect(problems(validReportInput({ incident: { occurredAt: '2026-01-02T10:01' } }))).toEqual([
      'incident.occurredAt: error.occurredAfterDiscovery',
    ]);
  });

  it('reads wall-clock times in the zone of the device that recorded them', () => {
    // 12:30 in Beijing is 04:30 UTC, half an hour after NOW: the future.
    expect(problems(validReportInput({ incident: { discoveredAt: '2026-06-01T12:30' } }))).toEqual([
      'incident.discoveredAt: error.future',
    ]);
    // Recorded in Honolulu (UTC-10) 2026-05-31T17:00 is 2026-06-01T03:00 UTC: the past.
    expect(
      problems(validReportInput({ utcOffsetMinutes: 600, incident: { discoveredAt: '2026-05-31T17:00' } })),
    ).toEqual([]);
  });

  it('the rules of one step are reported on that step even while later steps are incomplete', () => {
    const values = newReportValues({});
    values.child.sex = 'male';
    values.incident.circumstances = ['sexual_assault_under14'];
    expect(validateStep(values, SITUATION_STEP).map((issue) => issue.field)).toContain('incident.circumstances');
    expect(validateStep(values, SITUATION_STEP).map((issue) => issue.field)).toContain('incident.immediateDanger');
    // The reporter's details are asked on the details step.
    expect(validateStep(values, DETAILS_STEP).every((issue) => issue.field.startsWith('reporter.'))).toBe(true);
    expect(validateStep(values, REVIEW_STEP).length).toBe(validateReport(values).length);
  });

  it('an answer that no longer applies holds nothing to fix, even when it was not valid', () => {
    const values = newReportValues({});
    values.actions.policeNotified = false;
    values.actions.policeNotifiedAt = 'yesterday at ten';
    expect(validateReport(values).map((issue) => issue.field)).not.toContain('actions.policeNotifiedAt');
    values.actions.policeNotified = true;
    expect(validateReport(values).map((issue) => issue.field)).toContain('actions.policeNotifiedAt');
  });
});

describe('validation never throws, whatever it is given', () => {
  const circumstance = fc.constantFrom(...CIRCUMSTANCES, 'nonsense');
  const anyText = fc.oneof(fc.string({ maxLength: 60 }), fc.constant(''), fc.string({ unit: 'grapheme', maxLength: 20 }));
  const loose = fc.oneof(anyText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
  const reportLike = fc.record(
    {
      utcOffsetMinutes: fc.oneof(fc.integer({ min: -2000, max: 2000 }), fc.double(), loose),
      reporter: fc.oneof(fc.dictionary(fc.constantFrom('name', 'unitName', 'unitType', 'phone', 'howKnown'), loose), loose),
      child: fc.oneof(
        fc.record({ name: loose, sex: fc.constantFrom('female', 'male', 'x'), ageYears: loose, dateOfBirth: fc.oneof(anyText, fc.constant('2010-02-31')) }, { requiredKeys: [] }),
        loose,
      ),
      incident: fc.oneof(
        fc.record({ circumstances: fc.oneof(fc.array(circumstance), loose), discoveredAt: fc.oneof(anyText, fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 16))), occurredAt: anyText, narrative: loose }, { requiredKeys: [] }),
        loose,
      ),
      suspect: loose,
      actions: fc.oneof(fc.dictionary(fc.string(), loose), loose),
      declaration: fc.oneof(fc.record({ goodFaith: loose }), loose),
    },
    { requiredKeys: [] },
  );

  it('returns issues and never throws for arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(reportLike, fc.anything()), (input) => {
        const result = reportSchema.safeParse(input);
        if (!result.success) expect(result.error.issues.length).toBeGreaterThan(0);
        expect(() => validateReport(input)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});
