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
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const y = digits(s, 0, 4);
  const m = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (!isCalendarDate(y, m, d)) return NaN;
  return Date.UTC(y, m - 1, d);
}

/** Parts of `YYYY-MM-DD HH:MM[:SS]`, or null when malformed or impossible. */
export function parseDatetimeParts(s: string, withSeconds?: boolean): [number, number, number, number, number, number] | null {
  const len = s.length;
  if (len !== 16 && len !== 19) return null;
  if (withSeconds === true && len !== 19) return null;
  if (withSeconds === false && len !== 16) return null;
  if (s.charCodeAt(10) !== 32 || s.charCodeAt(13) !== 58) return null;
  const day = parseYmd(s.slice(0, 10));
  if (Number.isNaN(day)) return null;
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  let sec = 0;
  if (len === 19) {
    if (s.charCodeAt(16) !== 58) return null;
    sec = digits(s, 17, 2);
  }
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return null;
  return [digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2), h, mi, sec];
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

/** The instant at which a wall clock in `timeZone` shows the given time. */
export function wallClockToEpoch(
  y: number, mo: number, d: number, h: number, mi: number, s: number, timeZone = 'UTC',
): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return guess;
  const first = guess - timeZoneOffset(guess, timeZone);
  // A second look settles instants near a daylight-saving change.
  return guess - timeZoneOffset(first, timeZone);
}

/** `YYYY-MM-DD HH:MM[:SS]` read as a wall clock in `timeZone`, or NaN. */
export function parseDatetime(s: string, timeZone = 'UTC', withSeconds?: boolean): number {
  const p = parseDatetimeParts(s, withSeconds);
  if (!p) return NaN;
  return wallClockToEpoch(p[0], p[1], p[2], p[3], p[4], p[5], timeZone);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A Date (or epoch ms) as `YYYY-MM-DD`, taking its UTC calendar day. */
export function formatYmd(value: Date | number): string {
  const d = typeof value === 'number' ? new Date(value) : value;
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** An instant as REDCap's `YYYY-MM-DD HH:MM[:SS]`, on the wall clock of `timeZone`. */
export function formatDatetime(value: Date | number, withSeconds: boolean, timeZone = 'UTC'): string {
  const ms = typeof value === 'number' ? value : value.getTime();
  const local = new Date(ms + timeZoneOffset(ms, timeZone));
  const base = `${formatYmd(local)} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  return withSeconds ? `${base}:${pad(local.getUTCSeconds())}` : base;
}

/** `HH:MM`, `HH:MM:SS` or `MM:SS` to a number of seconds, or NaN. */
export function parseTimeSeconds(s: string, kind: 'time' | 'time_hh_mm_ss' | 'time_mm_ss'): number {
  if (kind === 'time_hh_mm_ss') {
    if (s.length !== 8 || s.charCodeAt(2) !== 58 || s.charCodeAt(5) !== 58) return NaN;
    const h = digits(s, 0, 2), m = digits(s, 3, 2), sec = digits(s, 6, 2);
    if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) return NaN;
    return h * 3600 + m * 60 + sec;
  }
  if (s.length !== 5 || s.charCodeAt(2) !== 58) return NaN;
  const a = digits(s, 0, 2), b = digits(s, 3, 2);
  if (a < 0 || b < 0 || b > 59) return NaN;
  if (kind === 'time') return a > 23 ? NaN : a * 3600 + b * 60;
  return a > 59 ? NaN : a * 60 + b;
}

/** Seconds back to the REDCap text of a time field. */
export function formatTimeSeconds(seconds: number, kind: 'time' | 'time_hh_mm_ss' | 'time_mm_ss'): string {
  const total = Math.round(seconds);
  if (kind === 'time_mm_ss') return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  return kind === 'time' ? `${pad(h)}:${pad(m)}` : `${pad(h)}:${pad(m)}:${pad(total % 60)}`;
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
  const y = stored.slice(0, 4), m = stored.slice(5, 7), d = stored.slice(8, 10);
  const rest = stored.slice(10);
  return order === 'mdy' ? `${m}-${d}-${y}${rest}` : `${d}-${m}-${y}${rest}`;
}
