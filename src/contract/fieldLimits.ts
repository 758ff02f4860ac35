// Reads a text field's maximum length from the schema, so the form shows the
// same limit that validation enforces (one source of truth).
import type * as z from 'zod/mini';
import { reportSchema } from './schema';

type AnySchema = z.ZodMiniType;

function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: AnySchema };
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) {
      current = def.innerType;
    } else {
      return current;
    }
  }
}

function schemaAt(path: string): AnySchema | undefined {
  let current: AnySchema | undefined = reportSchema;
  for (const key of path.split('.')) {
    if (!current) return undefined;
    const def = unwrap(current)._zod.def as { type: string; shape?: Record<string, AnySchema> };
    current = def.type === 'object' ? def.shape?.[key] : undefined;
  }
  return current && unwrap(current);
}

const cache = new Map<string, number | undefined>();

export function maxLengthOf(path: string): number | undefined {
  if (!cache.has(path)) {
    const checks = (schemaAt(path)?._zod.def as { checks?: { _zod: { def: { check: string; maximum?: number } } }[] })
      ?.checks;
    const maxLength = checks?.find((check) => check._zod.def.check === 'max_length')?._zod.def.maximum;
    cache.set(path, maxLength);
  }
  return cache.get(path);
}
