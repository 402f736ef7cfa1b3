/** RFC 3339 / ISO 8601 with an offset or Z; any number of fraction digits; `T`, `t` or a space. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/** .NET JSON dates (Windows PowerShell 5.1): `/Date(1732430103000)/`, `/Date(1732430103000-0500)/`. */
const DOTNET_DATE = /^\\?\/Date\((-?\d{1,15})(?:[+-]\d{4})?\)\\?\/$/;

const MAX_EPOCH_MS = 8.64e15;

/** Days of each month of a common year. */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Days of `month` (1–12) in `year` of the proleptic Gregorian calendar, which `Date` uses. */
const daysInMonth = (year: number, month: number): number =>
  month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS_IN_MONTH[month - 1]!;

/** Epoch milliseconds of a UTC date-time. (`Date.UTC` reads the years 0–99 as 1900–1999: those take the long way.) */
const utc = (year: number, monthIndex: number, day: number, hour: number, minute: number, second: number, millis: number): number => {
  if (year >= 100) return Date.UTC(year, monthIndex, day, hour, minute, second, millis);
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime();
};

const fromRfc3339 = (text: string): number | undefined => {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = Number(match[6]);
  const fraction = match[7];
  const offsetHours = match[10] === undefined ? 0 : Number(match[10]);
  const offsetMins = match[11] === undefined ? 0 : Number(match[11]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 60 || offsetHours > 23 || offsetMins > 59) return undefined;
  const millis = fraction === undefined ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3));
  const offsetMinutes = match[8] ? 0 : (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  // A leap second (:60) is read as the last millisecond of that minute's 59th second.
  return utc(year, month - 1, day, hour, minute, Math.min(second, 59), second === 60 ? 999 : millis) - offsetMinutes * 60_000;
};

const fromDotNet = (text: string): number | undefined => {
  const match = DOTNET_DATE.exec(text);
  return match ? Number(match[1]) : undefined;
};

/** PowerShell ≤ 7.1 writes a `Get-Date` result as `{"value": …, "DisplayHint": 2, "DateTime": "…"}`. */
const unwrapPowerShellDate = (value: unknown): unknown => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const key = Object.keys(value).find((name) => name.toLowerCase() === 'value');
  return key === undefined ? value : (value as Record<string, unknown>)[key];
};

/**
 * Reads every date-time form PowerShell sends — RFC 3339 with any fraction digits, .NET
 * `/Date(ms)/` and `/Date(ms±hhmm)/`, the `{value, DisplayHint, DateTime}` object — and returns it
 * as UTC ISO 8601 with milliseconds; `undefined` when it is none of these (e.g. no offset).
 */
export const parseDateTime = (value: unknown): string | undefined => {
  const raw = unwrapPowerShellDate(value);
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  const epochMs = fromDotNet(text) ?? fromRfc3339(text);
  if (epochMs === undefined || !Number.isFinite(epochMs) || Math.abs(epochMs) > MAX_EPOCH_MS) return undefined;
  const iso = new Date(epochMs).toISOString();
  return /^\d{4}-/.test(iso) ? iso : undefined;
};
