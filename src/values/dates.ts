/**
 * Dates, datetimes and times as REDCap stores them (`YYYY-MM-DD`,
 * `YYYY-MM-DD HH:MM[:SS]`, `HH:MM[:SS]`, `MM:SS`), converted to and from
 * JavaScript values. Dates are UTC midnights; datetimes are wall-clock
 * times read in a time zone (UTC unless told otherwise); times are seconds
 * (since midnight, or the duration for `time_mm_ss`).
 */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** True when year/month/day name a real calendar day (month 1-12). */
export function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1 || y > 9999) return false;
  const max = m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1];
  return d <= max;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (valid for any year,
 * unlike Date.UTC which maps years 0-99 to 1900-1999), by arithmetic:
 * this runs once per date or datetime value of an export.
 */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  return daysFromCivil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000;
}

function digits(s: string, start: number, len: number): number {
  let n = 0;
  for (let i = start; i < start + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** `YYYY-MM-DD` to epoch milliseconds at UTC midnight, or NaN. */
export function parseYmd(s: string): number {
  return parseYmdAt(s, 0, s.length);
}

/** {@link parseYmd} on `s.slice(start, end)`, without making the slice. */
export function parseYmdAt(s: string, start: number, end: number): number {
  if (end - start !== 10 || s.charCodeAt(start + 4) !== 45 || s.charCodeAt(start + 7) !== 45) return NaN;
  const y = digits(s, start, 4);
  const m = digits(s, start + 5, 2);
  const d = digits(s, start + 8, 2);
  if (!isCalendarDate(y, m, d)) return NaN;
  return utc(y, m, d, 0, 0, 0);
}

/** Parts of `YYYY-MM-DD HH:MM[:SS]`, or null when malformed or impossible. */
export function parseDatetimeParts(
  s: string,
  withSeconds?: boolean,
): [number, number, number, number, number, number] | null {
  if (Number.isNaN(parseDatetimeAt(s, 0, s.length, 'UTC', withSeconds))) return null;
  const sec = s.length === 19 ? digits(s, 17, 2) : 0;
  return [digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2), digits(s, 11, 2), digits(s, 14, 2), sec];
}

/**
 * {@link parseDatetime} on `s.slice(start, end)`, without making the slice:
 * `YYYY-MM-DD HH:MM[:SS]` read as a wall clock in `timeZone`, or NaN.
 */
export function parseDatetimeAt(
  s: string,
  start: number,
  end: number,
  timeZone = 'UTC',
  withSeconds?: boolean,
): number {
  const len = end - start;
  if (len !== 16 && len !== 19) return NaN;
  if (withSeconds === true && len !== 19) return NaN;
  if (withSeconds === false && len !== 16) return NaN;
  if (s.charCodeAt(start + 10) !== 32 || s.charCodeAt(start + 13) !== 58) return NaN;
  const y = digits(s, start, 4);
  const mo = digits(s, start + 5, 2);
  const d = digits(s, start + 8, 2);
  if (s.charCodeAt(start + 4) !== 45 || s.charCodeAt(start + 7) !== 45 || !isCalendarDate(y, mo, d)) return NaN;
  const h = digits(s, start + 11, 2);
  const mi = digits(s, start + 14, 2);
  let sec = 0;
  if (len === 19) {
    if (s.charCodeAt(start + 16) !== 58) return NaN;
    sec = digits(s, start + 17, 2);
  }
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return NaN;
  return wallClockToEpoch(y, mo, d, h, mi, sec, timeZone);
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of a time zone from UTC at an instant, in milliseconds. */
export function timeZoneOffset(epochMs: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  let fmt = offsetFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatters.set(timeZone, fmt);
  }
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

const DAY_MS = 86_400_000;
const dayOffsets = new Map<string, Map<number, number>>();

/**
 * {@link timeZoneOffset}, remembered per UTC day: a day whose first and
 * last second have the same offset has no change inside (zones change at
 * most once a day), so every instant of it shares that offset. Days with a
 * change are computed exactly each time. Reading an export's datetimes
 * then costs two Intl calls per distinct day instead of two per value.
 */
function cachedTimeZoneOffset(epochMs: number, timeZone: string): number {
  let zone = dayOffsets.get(timeZone);
  if (!zone) dayOffsets.set(timeZone, (zone = new Map()));
  const day = Math.floor(epochMs / DAY_MS);
  let offset = zone.get(day);
  if (offset === undefined) {
    const first = timeZoneOffset(day * DAY_MS, timeZone);
    const last = timeZoneOffset((day + 1) * DAY_MS - 1000, timeZone);
    offset = first === last ? first : NaN;
    if (zone.size > 200_000) zone.clear();
    zone.set(day, offset);
  }
  return Number.isNaN(offset) ? timeZoneOffset(epochMs, timeZone) : offset;
}

/** The instant at which a wall clock in `timeZone` shows the given time. */
export function wallClockToEpoch(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  timeZone = 'UTC',
): number {
  const guess = utc(y, mo, d, h, mi, s);
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return guess;
  const first = guess - cachedTimeZoneOffset(guess, timeZone);
  // A second look settles instants near a daylight-saving change.
  return guess - cachedTimeZoneOffset(first, timeZone);
}

/** `YYYY-MM-DD HH:MM[:SS]` read as a wall clock in `timeZone`, or NaN. */
export function parseDatetime(s: string, timeZone = 'UTC', withSeconds?: boolean): number {
  return parseDatetimeAt(s, 0, s.length, timeZone, withSeconds);
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, k) => (k < 10 ? `0${k}` : String(k)));

/** REDCap accepts years 1 to 9999 only: the instants of 0001-01-01 and 10000-01-01. */
export const FIRST_MS = -62135596800000;
export const END_MS = 253402300800000;

/**
 * Year, month and day of a day counted from 1970-01-01, left in `out`
 * (no array made per call). Arithmetic, exact for any day of the
 * proleptic Gregorian calendar (H. Hinnant's civil-from-days).
 */
export function civilOfDay(day: number, out: Int32Array): void {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  out[2] = doy - Math.floor((153 * mp + 2) / 5) + 1;
  out[1] = mp < 10 ? mp + 3 : mp - 9;
  out[0] = yoe + era * 400 + (out[1] <= 2 ? 1 : 0);
}

const civil = new Int32Array(3);

/** `YYYY-MM-DD` of a day counted from 1970-01-01. */
export function ymdOfDay(day: number): string {
  civilOfDay(day, civil);
  const y = civil[0];
  return `${y >= 1000 && y <= 9999 ? String(y) : String(y).padStart(4, '0')}-${TWO_DIGITS[civil[1]]}-${TWO_DIGITS[civil[2]]}`;
}

/** A Date (or epoch ms) as `YYYY-MM-DD`, taking its UTC calendar day. */
export function formatYmd(value: Date | number): string {
  const ms = typeof value === 'number' ? value : value.getTime();
  return ymdOfDay(Math.floor(ms / DAY_MS));
}

/** A reader of a time zone's offset at an instant, for formatting many values (offsets remembered per day). */
export function offsetReader(timeZone: string): (ms: number) => number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return () => 0;
  return (ms) => cachedTimeZoneOffset(ms, timeZone);
}

/** `YYYY-MM-DD HH:MM[:SS]` of a wall-clock time given as milliseconds (cut to the precision, not rounded). */
export function datetimeOfWallClock(local: number, withSeconds: boolean): string {
  const day = Math.floor(local / DAY_MS);
  const inDay = Math.floor((local - day * DAY_MS) / 1000);
  const h = Math.floor(inDay / 3600);
  const m = Math.floor((inDay % 3600) / 60);
  const base = `${ymdOfDay(day)} ${TWO_DIGITS[h]}:${TWO_DIGITS[m]}`;
  return withSeconds ? `${base}:${TWO_DIGITS[inDay % 60]}` : base;
}

/** An instant as REDCap's `YYYY-MM-DD HH:MM[:SS]`, on the wall clock of `timeZone`. */
export function formatDatetime(value: Date | number, withSeconds: boolean, timeZone = 'UTC'): string {
  const ms = typeof value === 'number' ? value : value.getTime();
  return datetimeOfWallClock(ms + (timeZone === 'UTC' ? 0 : cachedTimeZoneOffset(ms, timeZone)), withSeconds);
}

export type TimeKind = 'time' | 'time_hh_mm_ss' | 'time_mm_ss';

/** `HH:MM`, `HH:MM:SS` or `MM:SS` to a number of seconds, or NaN. */
export function parseTimeSeconds(s: string, kind: TimeKind): number {
  return parseTimeSecondsAt(s, 0, s.length, kind);
}

/** {@link parseTimeSeconds} on `s.slice(start, end)`, without making the slice. */
export function parseTimeSecondsAt(s: string, start: number, end: number, kind: TimeKind): number {
  const len = end - start;
  if (kind === 'time_hh_mm_ss') {
    if (len !== 8 || s.charCodeAt(start + 2) !== 58 || s.charCodeAt(start + 5) !== 58) return NaN;
    const h = digits(s, start, 2),
      m = digits(s, start + 3, 2),
      sec = digits(s, start + 6, 2);
    if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) return NaN;
    return h * 3600 + m * 60 + sec;
  }
  if (len !== 5 || s.charCodeAt(start + 2) !== 58) return NaN;
  const a = digits(s, start, 2),
    b = digits(s, start + 3, 2);
  if (a < 0 || b < 0 || b > 59) return NaN;
  if (kind === 'time') return a > 23 ? NaN : a * 3600 + b * 60;
  return a > 59 ? NaN : a * 60 + b;
}

/** Seconds back to the REDCap text of a time field, cut to its precision (`HH:MM` drops the seconds). */
export function formatTimeSeconds(seconds: number, kind: TimeKind): string {
  const total = Math.floor(seconds);
  if (kind === 'time_mm_ss') return `${TWO_DIGITS[Math.floor(total / 60)]}:${TWO_DIGITS[total % 60]}`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  return kind === 'time'
    ? `${TWO_DIGITS[h]}:${TWO_DIGITS[m]}`
    : `${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[total % 60]}`;
}

export type DateFormat = 'YMD' | 'MDY' | 'DMY';

/**
 * Rewrites an imported date or datetime given in `dateFormat` (MDY and DMY
 * use slashes, e.g. `12/31/2020 14:05`) into REDCap's stored `YYYY-MM-DD`
 * form. Values that do not look like a date in that format are returned
 * unchanged, so that validation reports them as they were sent.
 */
export function toStoredDate(value: string, dateFormat: DateFormat = 'YMD'): string {
  if (dateFormat === 'YMD') return value;
  const m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})((?: \d{1,2}:\d{2}(?::\d{2})?)?)$/.exec(value);
  if (!m) return value;
  const [month, day] = dateFormat === 'MDY' ? [m[1], m[2]] : [m[2], m[1]];
  let time = m[4];
  if (time && /^ \d:/.test(time)) time = ` 0${time.slice(1)}`;
  return `${m[3]}-${month.padStart(2, '0')}-${day.padStart(2, '0')}${time}`;
}

/** A stored `YYYY-MM-DD…` value shown in a field's display order (for labels and PDFs). */
export function toDisplayDate(stored: string, order: 'ymd' | 'mdy' | 'dmy'): string {
  if (order === 'ymd' || stored.length < 10) return stored;
  const y = stored.slice(0, 4),
    m = stored.slice(5, 7),
    d = stored.slice(8, 10);
  const rest = stored.slice(10);
  return order === 'mdy' ? `${m}-${d}-${y}${rest}` : `${d}-${m}-${y}${rest}`;
}
