// The content hash on a receipt must identify the report exactly: the same for
// the same report however it was assembled, different after any change.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash } from './contentHash';
import { reportSchema, type Report } from './schema';
import { validReportInput } from './testing/testReports';

const base: Report = reportSchema.parse(
  validReportInput({
    reporter: { position: '班主任', howKnown: 'observed' },
    child: { address: '青山村 3 组', school: '青山村小学', className: '三年级二班', guardians: '奶奶' },
    incident: { childWords: '他打我', injuries: '淤青', occurredPlace: '家中' },
    suspect: { known: 'yes', name: '张某', relationship: '继父' },
    actions: { policeNotified: true, policeNotifiedAt: '2026-01-02T10:20', policeIncidentNumber: 'J-1' },
  }),
);

/** Every text field of the report, by section and name. */
const TEXT_FIELDS: [keyof Report, string][] = [
  ['reporter', 'name'],
  ['reporter', 'unitName'],
  ['reporter', 'position'],
  ['reporter', 'phone'],
  ['child', 'name'],
  ['child', 'description'],
  ['child', 'whereNow'],
  ['child', 'address'],
  ['child', 'school'],
  ['child', 'className'],
  ['child', 'guardians'],
  ['child', 'disability'],
  ['child', 'languageNeeds'],
  ['incident', 'discoveredAt'],
  ['incident', 'occurredPlace'],
  ['incident', 'narrative'],
  ['incident', 'childWords'],
  ['incident', 'injuries'],
  ['suspect', 'name'],
  ['suspect', 'relationship'],
  ['actions', 'policeNotifiedAt'],
  ['actions', 'policeStation'],
  ['actions', 'policeIncidentNumber'],
  ['actions', 'otherAgenciesNote'],
  ['actions', 'guardianNotInformedReason'],
  ['actions', 'medicalCare'],
];

const withField = (report: Report, [section, field]: [keyof Report, string], value: unknown): Report =>
  ({ ...report, [section]: { ...(report[section] as object), [field]: value } }) as Report;

/** The same members inserted in another order, at every level. */
function shuffled(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffled(item, seed));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const rotated = entries.slice(seed % Math.max(1, entries.length)).concat(entries.slice(0, seed % Math.max(1, entries.length)));
  return Object.fromEntries(rotated.reverse().map(([key, inner]) => [key, shuffled(inner, seed + 1)]));
}

describe('the content hash, over many fields', () => {
  it('is the same for the same report, whatever order its members were put in', async () => {
    const expected = await contentHash(base);
    await fc.assert(
      fc.asyncProperty(fc.nat(50), async (seed) => {
        expect(await contentHash(shuffled(base, seed))).toBe(expected);
      }),
      { numRuns: 30 },
    );
  });

  it('changes when any text field changes, even by one character', async () => {
    const original = await contentHash(base);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TEXT_FIELDS), fc.string({ minLength: 1, maxLength: 20 }), async (path, text) => {
        const current = (base[path[0]] as Record<string, unknown>)[path[1]];
        const value = current === text ? `${text}.` : text;
        expect(await contentHash(withField(base, path, value))).not.toBe(original);
      }),
      { numRuns: 200 },
    );
  });

  it('changes with the circumstances, the choices and the flags', async () => {
    const original = await contentHash(base);
    const changes: Report[] = [
      withField(base, ['incident', 'circumstances'], ['injury_abuse', 'organised_begging']),
      withField(base, ['incident', 'immediateDanger'], 'yes'),
      withField(base, ['child', 'sex'], 'female'),
      withField(base, ['child', 'careStatus'], 'left_behind'),
      withField(base, ['child', 'ageYears'], 9),
      withField(base, ['reporter', 'confidential'], false),
      withField(base, ['actions', 'policeNotified'], false),
      withField(base, ['actions', 'otherAgencies'], ['education']),
      { ...base, utcOffsetMinutes: 0 },
    ];
    const hashes = await Promise.all(changes.map((report) => contentHash(report)));
    for (const hash of hashes) expect(hash).not.toBe(original);
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});
