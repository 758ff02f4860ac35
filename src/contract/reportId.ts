// What a report id looks like on the wire: a UUID in lowercase, so that one
// report cannot be stored twice under two spellings.

export const REPORT_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isReportId = (value: string): boolean => REPORT_ID_PATTERN.test(value);
