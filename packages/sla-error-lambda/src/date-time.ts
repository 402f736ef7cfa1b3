/** RFC 3339 / ISO 8601 with an offset or Z; any number of fraction digits; `T`, `t` or a space. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/** .NET JSON dates (Windows PowerShell 5.1): `/Date(1732430103000)/`, `/Date(1732430103000-0500)/`. */
const DOTNET_DATE = /^\\?\/Date\((-?\d{1,15})(?:[+-]\d{4})?\)\\?\/$/;

const MAX_EPOCH_MS = 8.64e15;

/** Epoch milliseconds of a UTC date-time. (`Date.UTC` would read the years 0–99 as 1900–1999.) */
const utc = (year: number, monthIndex: number, day: number, hour = 0, minute = 0, second = 0, millis = 0): number => {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime();
};

const daysInMonth = (year: number, month: number): number => new Date(utc(year, month, 0)).getUTCDate();

const fromRfc3339 = (text: string): number | undefined => {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', zulu, sign, offH = '0', offM = '0'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 60 || Number(offH) > 23 || Number(offM) > 59) return undefined;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const offsetMinutes = zulu ? 0 : (sign === '-' ? -1 : 1) * (Number(offH) * 60 + Number(offM));
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
