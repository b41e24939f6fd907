import { formatYmd, isCalendarDate, timeZoneOffset } from '../values/dates.js';
import { isBlank, toText, type LogicValue } from './coerce.js';

/**
 * Dates and datetimes inside logic. Wall-clock values are read as naive
 * instants (as if UTC), so a difference between two stored datetimes is
 * what the clocks show, whatever the server's time zone does at a
 * daylight-saving change.
 */

const DAY_MS = 86_400_000;

/** Milliseconds in each datediff unit; REDCap documents a year as 365.2425 days and a month as 30.44. */
const UNIT_MS: Record<string, number> = {
  y: 365.2425 * DAY_MS,
  M: 30.44 * DAY_MS,
  d: DAY_MS,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
};

export type DateOrder = 'ymd' | 'mdy' | 'dmy';

/** The clock that `today` and `now` read. */
export interface LogicClock {
  now?: Date;
  timeZone?: string;
}

let localZone: string | undefined;

function zoneOf(clock: LogicClock): string {
  if (clock.timeZone) return clock.timeZone;
  localZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return localZone;
}

/** The wall clock of `now` in the clock's time zone, as a naive instant. */
export function wallClockNow(clock: LogicClock): number {
  const ms = (clock.now ?? new Date()).getTime();
  return Math.floor((ms + timeZoneOffset(ms, zoneOf(clock))) / 1000) * 1000;
}

/** Today's date, `YYYY-MM-DD`, in the clock's time zone. */
export function todayText(clock: LogicClock): string {
  return formatYmd(wallClockNow(clock));
}

/** The current wall-clock datetime, `YYYY-MM-DD HH:MM:SS`. */
export function nowText(clock: LogicClock): string {
  return new Date(wallClockNow(clock)).toISOString().slice(0, 19).replace('T', ' ');
}

const DATE_TIME = /^(\d{1,4})([-/])(\d{1,2})\2(\d{1,4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const TIME_ONLY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A date, datetime or time as a naive instant in milliseconds, or NaN.
 * Stored REDCap values are always year first, so that form is read
 * whatever `order` says; `order` (datediff's date format argument) only
 * decides how a day-first or month-first text such as `12-31-2020` reads.
 * A time alone (`HH:MM[:SS]`) is a time on 1970-01-01, so two times can be
 * subtracted. `today` and `now` read the clock.
 */
export function parseLogicDate(v: LogicValue, order: DateOrder, clock: LogicClock): number {
  if (isBlank(v) || typeof v !== 'string') return NaN;
  const text = v.trim();
  const lower = text.toLowerCase();
  if (lower === 'today') return Math.floor(wallClockNow(clock) / DAY_MS) * DAY_MS;
  if (lower === 'now') return wallClockNow(clock);
  const t = TIME_ONLY.exec(text);
  if (t) return clockMs(Number(t[1]), Number(t[2]), Number(t[3] ?? 0));
  const m = DATE_TIME.exec(text);
  if (!m) return NaN;
  let y: number, mo: number, d: number;
  if (m[1].length === 4) {
    [y, mo, d] = [Number(m[1]), Number(m[3]), Number(m[4])];
  } else if (m[4].length === 4 && order !== 'ymd') {
    [y, mo, d] =
      order === 'mdy' ? [Number(m[4]), Number(m[1]), Number(m[3])] : [Number(m[4]), Number(m[3]), Number(m[1])];
  } else {
    return NaN;
  }
  if (!isCalendarDate(y, mo, d)) return NaN;
  const time = m[5] === undefined ? 0 : clockMs(Number(m[5]), Number(m[6]), Number(m[7] ?? 0));
  if (Number.isNaN(time)) return NaN;
  // Date.UTC maps years 0-99 to 1900+; setUTCFullYear does not.
  const day = new Date(0);
  day.setUTCFullYear(y, mo - 1, d);
  return day.getTime() + time;
}

function clockMs(h: number, mi: number, s: number): number {
  if (h > 23 || mi > 59 || s > 59) return NaN;
  return ((h * 60 + mi) * 60 + s) * 1000;
}

/** Reads datediff's optional date-format argument (`ymd`, `mdy`, `dmy`), or null if it is not one. */
export function dateOrderOf(v: LogicValue): DateOrder | null {
  const text = toText(v).trim().toLowerCase();
  return text === 'ymd' || text === 'mdy' || text === 'dmy' ? text : null;
}

/**
 * REDCap's datediff: the time from `d1` to `d2` in `unit` (y, M, d, h, m,
 * s; case matters, M is months and m minutes), unrounded, as an absolute
 * value unless `signed` (then positive when `d2` is later). A blank or
 * invalid date, or an unknown unit, gives a blank (NaN).
 */
export function dateDiff(
  d1: LogicValue,
  d2: LogicValue,
  unit: LogicValue,
  order: DateOrder,
  signed: boolean,
  clock: LogicClock,
): number {
  const size = UNIT_MS[toText(unit).trim()];
  if (size === undefined) return NaN;
  const a = parseLogicDate(d1, order, clock);
  const b = parseLogicDate(d2, order, clock);
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  const diff = (b - a) / size;
  return signed ? diff : Math.abs(diff);
}

/** The year, month or day of a date or datetime, or NaN. */
export function datePart(v: LogicValue, part: 'year' | 'month' | 'day', clock: LogicClock): number {
  const ms = parseLogicDate(v, 'ymd', clock);
  if (Number.isNaN(ms)) return NaN;
  // A time alone has no calendar date.
  if (typeof v === 'string' && TIME_ONLY.test(v.trim())) return NaN;
  const d = new Date(ms);
  return part === 'year' ? d.getUTCFullYear() : part === 'month' ? d.getUTCMonth() + 1 : d.getUTCDate();
}
