import { describe, expect, it } from 'vitest';
import { addDays, clockTime, daysBetween, nextWorkingDay, weekday } from '../../../src/server/demo/demo-calendar.js';

describe('demo calendar', () => {
  it('moves dates across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-01-08', -8)).toBe('2023-12-31');
    expect(daysBetween('2024-01-08', '2025-01-07')).toBe(365);
    expect(daysBetween('2025-01-07', '2024-01-08')).toBe(-365);
  });

  it('rejects text that is not a date', () => {
    expect(() => addDays('2024-13-01', 1)).toThrow(/2024-13-01/);
  });

  it('moves weekend days to the next Monday', () => {
    expect(weekday('2024-01-08')).toBe(1);
    expect(nextWorkingDay('2024-01-13')).toBe('2024-01-15'); // Saturday
    expect(nextWorkingDay('2024-01-14')).toBe('2024-01-15'); // Sunday
    expect(nextWorkingDay('2024-01-12')).toBe('2024-01-12'); // Friday
  });

  it('writes minutes after midnight as HH:MM', () => {
    expect(clockTime(0)).toBe('00:00');
    expect(clockTime(8 * 60 + 5)).toBe('08:05');
    expect(clockTime(23 * 60 + 59)).toBe('23:59');
  });
});
