import { formatYmd, parseYmd } from '../../values/dates.js';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` moved by `days` (negative moves back). */
export function addDays(ymd: string, days: number): string {
  const ms = parseYmd(ymd);
  if (Number.isNaN(ms)) throw new Error(`Not a YYYY-MM-DD date: "${ymd}"`);
  return formatYmd(ms + days * DAY_MS);
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((parseYmd(b) - parseYmd(a)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(ymd: string): number {
  return new Date(parseYmd(ymd)).getUTCDay();
}

/** The date itself on a weekday, else the Monday after (clinics are shut at weekends). */
export function nextWorkingDay(ymd: string): string {
  const d = weekday(ymd);
  return d === 6 ? addDays(ymd, 2) : d === 0 ? addDays(ymd, 1) : ymd;
}

/** Two-digit zero padding. */
export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `HH:MM` from minutes after midnight. */
export function clockTime(minutes: number): string {
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}
