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
      'A mandatory report of suspected harm to a minor. Cross-field rules (a minor is under 18; circumstance 2 only for a girl under 14, 3 only for a girl of 14-17; no time in the future; occurrence not after discovery; the child\'s name or a description) are not expressible here: see docs/sync-protocol.md. Wall-clock times are local to the device, whose offset from UTC is utcOffsetMinutes (as Date#getTimezoneOffset).',
  };
}
