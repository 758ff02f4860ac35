import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reportJsonSchema } from './jsonSchema';

describe('the published JSON Schema', () => {
  it('is up to date with the zod schema (run `npm run schema` after changing it)', () => {
    const committed = JSON.parse(readFileSync(new URL('../docs/report.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(reportJsonSchema());
  });

  it('lists the nine circumstances and the required fields', () => {
    const schema = reportJsonSchema() as { properties: Record<string, { properties: Record<string, unknown>; required: string[] }> };
    const incident = schema.properties.incident!;
    expect(JSON.stringify(incident.properties.circumstances)).toContain('organised_begging');
    expect(incident.required).toEqual(expect.arrayContaining(['circumstances', 'discoveredAt', 'narrative']));
  });
});
