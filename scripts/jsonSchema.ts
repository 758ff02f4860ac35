// The report's JSON Schema, generated from the zod schema, for receiving agencies.
import * as z from 'zod/mini';
import { reportSchema, SCHEMA_VERSION } from '../src/contract/schema';

export function reportJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(reportSchema, { io: 'output', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    ...generated,
    $id: `https://shouhu.invalid/schema/report/v${SCHEMA_VERSION}.json`,
    title: `Shouhu report, schema version ${SCHEMA_VERSION}`,
    description:
      'A mandatory report of suspected harm to a minor. Cross-field rules (a minor is under 18; circumstance 2 only for a girl under 14, 3 only for a girl of 14-17; no time in the future; occurrence not after discovery; the child\'s name or a description) are not expressible here: see docs/sync-protocol.md. Follow-up questions are answered only when they apply (police details once the police were called, the suspect\'s name, relationship and access once the suspect is known, a note on other departments once one was told, why no guardian was told once none was): other answers are dropped, as src/contract/conditions.ts lists. Wall-clock times are local to the device, whose offset from UTC is utcOffsetMinutes (as Date#getTimezoneOffset).',
  };
}
