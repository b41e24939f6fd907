import { describe, expect, it } from 'vitest';
import {
  parseDatetime,
  parseDatetimeAt,
  parseDatetimeParts,
  parseTimeSecondsAt,
  parseYmd,
  parseYmdAt,
  timeZoneOffset,
} from '../../src/values/dates.js';

/** The wall clock read with two direct offset look-ups (no cache). */
function reference(s: string, timeZone: string): number {
  const [y, mo, d, h, mi, sec] = parseDatetimeParts(s)!;
  const guess = Date.UTC(y, mo - 1, d, h, mi, sec);
  const first = guess - timeZoneOffset(guess, timeZone);
  return guess - timeZoneOffset(first, timeZone);
}

describe('in-place date parsing', () => {
  it('reads a range of a longer text without slicing it', () => {
    const text = 'x,2024-02-29,"2024-03-01 08:05:09",23:59,';
    expect(parseYmdAt(text, 2, 12)).toBe(Date.UTC(2024, 1, 29));
    expect(parseDatetimeAt(text, 14, 33)).toBe(Date.UTC(2024, 2, 1, 8, 5, 9));
    expect(parseDatetimeAt(text, 14, 33, 'UTC', false)).toBeNaN();
    expect(parseTimeSecondsAt(text, 35, 40, 'time')).toBe(86340);
    expect(parseYmdAt(text, 2, 11)).toBeNaN();
  });

  it('keeps years below 100 as written and rejects impossible days', () => {
    expect(new Date(parseYmd('0050-03-01')).toISOString()).toBe('0050-03-01T00:00:00.000Z');
    expect(parseYmd('2023-02-29')).toBeNaN();
    expect(parseDatetime('2024-13-01 00:00')).toBeNaN();
    expect(parseDatetimeParts('0001-01-01 00:00:01')).toEqual([1, 1, 1, 0, 0, 1]);
  });

  it('reads wall clocks in a time zone as two direct look-ups would, around every change', () => {
    for (const zone of ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'America/Sao_Paulo']) {
      for (let t = Date.UTC(1960, 0, 1); t < Date.UTC(2030, 0, 1); t += 3600000 * 97 + 60000 * 7) {
        const s = new Date(t).toISOString().slice(0, 16).replace('T', ' ');
        expect(parseDatetime(s, zone), `${zone} ${s}`).toBe(reference(s, zone));
      }
      // The hours around the 2024 spring and autumn changes, minute by minute.
      for (const base of [Date.UTC(2024, 2, 9), Date.UTC(2024, 2, 30), Date.UTC(2024, 9, 26), Date.UTC(2024, 10, 2)]) {
        for (let t = base; t < base + 2 * 86_400_000; t += 60_000 * 10) {
          const s = new Date(t).toISOString().slice(0, 16).replace('T', ' ');
          expect(parseDatetime(s, zone), `${zone} ${s}`).toBe(reference(s, zone));
        }
      }
    }
  });
});
