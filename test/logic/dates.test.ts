import { describe, expect, it } from 'vitest';
import { dateDiff, dateOrderOf, datePart, nowText, parseLogicDate, todayText } from '../../src/logic/dates.js';

const clock = { now: new Date('2024-03-10T23:30:15Z'), timeZone: 'UTC' };

describe('logic dates', () => {
  it('reads stored dates, datetimes and times as naive instants', () => {
    expect(parseLogicDate('2024-03-10', 'ymd', clock)).toBe(Date.UTC(2024, 2, 10));
    expect(parseLogicDate('2024-03-10 08:05', 'ymd', clock)).toBe(Date.UTC(2024, 2, 10, 8, 5));
    expect(parseLogicDate('2024-03-10 08:05:09', 'ymd', clock)).toBe(Date.UTC(2024, 2, 10, 8, 5, 9));
    expect(parseLogicDate('08:05', 'ymd', clock)).toBe((8 * 60 + 5) * 60_000);
    expect(parseLogicDate('0050-01-01', 'ymd', clock)).toBe(new Date('0050-01-01T00:00:00Z').getTime());
  });

  it('reads month-first and day-first text only when told', () => {
    expect(parseLogicDate('03-10-2024', 'mdy', clock)).toBe(Date.UTC(2024, 2, 10));
    expect(parseLogicDate('10/03/2024', 'dmy', clock)).toBe(Date.UTC(2024, 2, 10));
    expect(parseLogicDate('03-10-2024', 'ymd', clock)).toBeNaN();
    // Stored values stay year first whatever the format argument says.
    expect(parseLogicDate('2024-03-10', 'dmy', clock)).toBe(Date.UTC(2024, 2, 10));
  });

  it('refuses impossible or malformed dates and blanks', () => {
    for (const bad of ['2023-02-29', '2024-13-01', '2024-01-01 24:00', '25:00', 'yesterday', '', '20240310']) {
      expect(parseLogicDate(bad, 'ymd', clock)).toBeNaN();
    }
    expect(parseLogicDate(NaN, 'ymd', clock)).toBeNaN();
    expect(parseLogicDate(20240310, 'ymd', clock)).toBeNaN();
  });

  it('reads today and now from the clock, in its time zone', () => {
    expect(parseLogicDate('today', 'ymd', clock)).toBe(Date.UTC(2024, 2, 10));
    expect(parseLogicDate('NOW', 'ymd', clock)).toBe(Date.UTC(2024, 2, 10, 23, 30, 15));
    expect(todayText(clock)).toBe('2024-03-10');
    expect(nowText(clock)).toBe('2024-03-10 23:30:15');
    const tokyo = { now: clock.now, timeZone: 'Asia/Tokyo' };
    expect(todayText(tokyo)).toBe('2024-03-11');
    expect(nowText(tokyo)).toBe('2024-03-11 08:30:15');
  });

  it('recognises the date format argument', () => {
    expect([
      dateOrderOf('ymd'),
      dateOrderOf('MDY'),
      dateOrderOf(' dmy '),
      dateOrderOf('true'),
      dateOrderOf(true),
    ]).toEqual(['ymd', 'mdy', 'dmy', null, null]);
  });
});

describe('dateDiff', () => {
  it('measures in each unit, with REDCap year and month lengths', () => {
    expect(dateDiff('2024-01-01', '2024-01-31', 'd', 'ymd', false, clock)).toBe(30);
    expect(dateDiff('2000-01-01', '2024-01-01', 'y', 'ymd', false, clock)).toBeCloseTo(8766 / 365.2425, 12);
    expect(dateDiff('2024-01-01', '2024-03-01', 'M', 'ymd', false, clock)).toBeCloseTo(60 / 30.44, 12);
    expect(dateDiff('2024-01-01 10:00', '2024-01-02 12:30', 'h', 'ymd', false, clock)).toBe(26.5);
    expect(dateDiff('2024-01-01 10:00', '2024-01-01 10:45', 'm', 'ymd', false, clock)).toBe(45);
    expect(dateDiff('10:00:00', '10:01:30', 's', 'ymd', false, clock)).toBe(90);
  });

  it('is absolute unless signed, and then positive when the second date is later', () => {
    expect(dateDiff('2024-01-31', '2024-01-01', 'd', 'ymd', false, clock)).toBe(30);
    expect(dateDiff('2024-01-31', '2024-01-01', 'd', 'ymd', true, clock)).toBe(-30);
    expect(dateDiff('2024-01-01', '2024-01-31', 'd', 'ymd', true, clock)).toBe(30);
  });

  it('treats a date as midnight next to a datetime', () => {
    expect(dateDiff('2024-01-01', '2024-01-01 06:00', 'h', 'ymd', false, clock)).toBe(6);
  });

  it('ignores daylight-saving changes: wall clocks are subtracted as shown', () => {
    const ny = { now: clock.now, timeZone: 'America/New_York' };
    expect(dateDiff('2024-03-10 00:00', '2024-03-11 00:00', 'h', 'ymd', false, ny)).toBe(24);
  });

  it('is blank for a blank or bad date or an unknown unit', () => {
    expect(dateDiff('', '2024-01-01', 'd', 'ymd', false, clock)).toBeNaN();
    expect(dateDiff('2024-01-01', 'soon', 'd', 'ymd', false, clock)).toBeNaN();
    expect(dateDiff('2024-01-01', '2024-01-02', 'w', 'ymd', false, clock)).toBeNaN();
    expect(dateDiff('2024-01-01', '2024-01-02', 'D', 'ymd', false, clock)).toBeNaN();
  });
});

describe('datePart', () => {
  it('takes the year, month and day of dates and datetimes', () => {
    expect(['year', 'month', 'day'].map((p) => datePart('2024-03-09 10:00', p as 'year', clock))).toEqual([2024, 3, 9]);
    expect(datePart('today', 'day', clock)).toBe(10);
  });

  it('is blank for times alone and for non-dates', () => {
    expect(datePart('10:00', 'year', clock)).toBeNaN();
    expect(datePart('', 'month', clock)).toBeNaN();
    expect(datePart('2024-02-30', 'day', clock)).toBeNaN();
  });
});
