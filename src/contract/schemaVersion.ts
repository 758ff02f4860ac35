/** The version of the report's schema, sent with every report (no zod here, so the sender does not load it). */
export const SCHEMA_VERSION = 1;
