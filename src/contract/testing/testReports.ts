// A complete, valid report for tests, with overrides per section.
import type { ReportInput } from '../schema';

type Overrides = { [K in keyof ReportInput]?: Partial<ReportInput[K]> | ReportInput[K] };

export function validReportInput(overrides: Overrides = {}): ReportInput {
  const base: ReportInput = {
    utcOffsetMinutes: -480,
    reporter: { name: '王老师', unitName: '青山村小学', unitType: 'school', phone: '13800138000' },
    child: { name: '李小明', whereNow: '学校医务室' },
    incident: { circumstances: ['injury_abuse'], discoveredAt: '2026-01-02T10:00', narrative: '手臂多处淤青。', immediateDanger: 'unknown' },
    suspect: {},
    actions: {},
    declaration: { goodFaith: true },
  };
  const merged = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    const current = merged[key];
    merged[key] =
      typeof value === 'object' && value !== null && !Array.isArray(value) && typeof current === 'object'
        ? { ...current, ...value }
        : value;
  }
  return merged as ReportInput;
}
