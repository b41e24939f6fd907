/**
 * Typed values written as the text REDCap stores, fast enough to run once
 * per cell of a large frame: dates from epoch milliseconds by arithmetic
 * (no Date object per value), datetimes on the wall clock of a time zone
 * with the zone's offset remembered per day, numbers without exponents.
 */
import { plainNumber } from '../values/numbers.js';
import { timeZoneOffset } from '../values/dates.js';

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, k) => (k < 10 ? `0${k}` : String(k)));

function year4(y: number): string {
  if (y >= 1000 && y <= 9999) return String(y);
  return String(y).padStart(4, '0');
}

/** Year, month and day of a day counted from 1970-01-01, left in `out` (no array made per call). */
export function civilOfDay(day: number, out: Int32Array): void {
  // Civil from days (H. Hinnant's algorithm): exact for any day.
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

/** `YYYY-MM-DD` of a day counted from 1970-01-01 (proleptic Gregorian calendar). */
export function ymdOfDay(day: number): string {
  // Civil from days (H. Hinnant's algorithm): exact for any day.
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${year4(y)}-${TWO_DIGITS[m]}-${TWO_DIGITS[d]}`;
}

/** REDCap accepts years 1 to 9999 only. */
export const FIRST_MS = -62135596800000; // 0001-01-01
export const END_MS = 253402300800000; // 10000-01-01

/**
 * The offset of a time zone at an instant, remembered per UTC day (zones
 * change offset at most once a day: a day whose first and last second
 * agree has one offset throughout).
 */
export function offsetReader(timeZone: string): (ms: number) => number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return () => 0;
  const days = new Map<number, number>();
  return (ms) => {
    const day = Math.floor(ms / DAY_MS);
    let offset = days.get(day);
    if (offset === undefined) {
      const first = timeZoneOffset(day * DAY_MS, timeZone);
      const last = timeZoneOffset((day + 1) * DAY_MS - 1000, timeZone);
      offset = first === last ? first : NaN;
      days.set(day, offset);
    }
    return Number.isNaN(offset) ? timeZoneOffset(ms, timeZone) : offset;
  };
}

/** `YYYY-MM-DD HH:MM[:SS]` of a wall-clock time given as milliseconds (the field's precision, cut, not rounded). */
export function datetimeOfWallClock(local: number, withSeconds: boolean): string {
  const day = Math.floor(local / DAY_MS);
  const inDay = Math.floor((local - day * DAY_MS) / 1000);
  const h = Math.floor(inDay / 3600);
  const m = Math.floor((inDay % 3600) / 60);
  const base = `${ymdOfDay(day)} ${TWO_DIGITS[h]}:${TWO_DIGITS[m]}`;
  return withSeconds ? `${base}:${TWO_DIGITS[inDay % 60]}` : base;
}

/** How a number field writes its numbers. */
export interface NumberForm {
  integer: boolean;
  /** Fixed decimals of `number_Ndp` fields. */
  decimals?: number;
  decimalChar: '.' | ',';
}

/** A finite number as a field's text: fixed decimals where asked, never an exponent. */
export function numberText(n: number, form: NumberForm): string {
  let s: string;
  if (form.decimals !== undefined) {
    s = n.toFixed(form.decimals);
    if (s.includes('e')) s = plainNumber(n);
  } else {
    s = String(n);
    if (s.includes('e')) s = plainNumber(n);
  }
  return form.decimalChar === ',' ? s.replace('.', ',') : s;
}

/** Seconds as a time field's text, cut to its precision (`HH:MM` drops the seconds). */
export function timeText(seconds: number, kind: 'time' | 'time_hh_mm_ss' | 'time_mm_ss'): string {
  const total = Math.floor(seconds);
  if (kind === 'time_mm_ss') return `${TWO_DIGITS[Math.floor(total / 60)]}:${TWO_DIGITS[total % 60]}`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  return kind === 'time' ? `${TWO_DIGITS[h]}:${TWO_DIGITS[m]}` : `${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[total % 60]}`;
}
