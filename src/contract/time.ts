// Wall-clock times as native date/time inputs give them ("2026-11-22T08:30"),
// read with the UTC offset of the device that recorded them.

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/;

/**
 * Milliseconds since the epoch for a local date-time string, or undefined when
 * it is not one. `utcOffsetMinutes` is as Date#getTimezoneOffset (UTC+8 is -480).
 */
export function parseLocalDateTime(value: string | undefined, utcOffsetMinutes: number): number | undefined {
  if (!value) return undefined;
  const match = DATE_TIME.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, Number(s));
  // Reject 31 February and the like, which Date.UTC silently rolls over.
  if (new Date(utc).getUTCDate() !== day) return undefined;
  return utc + utcOffsetMinutes * 60_000;
}

export const parseLocalDate = parseLocalDateTime;

/** Whole years between a birth date and a moment, in the same wall-clock zone. */
export function ageInYears(birth: number, at: number, utcOffsetMinutes: number): number {
  const shift = -utcOffsetMinutes * 60_000;
  const b = new Date(birth + shift);
  const a = new Date(at + shift);
  let years = a.getUTCFullYear() - b.getUTCFullYear();
  const beforeBirthday =
    a.getUTCMonth() < b.getUTCMonth() || (a.getUTCMonth() === b.getUTCMonth() && a.getUTCDate() < b.getUTCDate());
  if (beforeBirthday) years -= 1;
  return years;
}

/** The current local time as a datetime-local input value ("2026-11-22T08:30"). */
export function localDateTimeNow(date = new Date()): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}
