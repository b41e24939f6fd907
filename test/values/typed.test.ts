import { describe, expect, it } from 'vitest';
import { dictionaryRow } from '../../src/schema/types.js';
import { compileField } from '../../src/values/field-rule.js';
import { formatTyped, parseTyped } from '../../src/values/typed.js';
import { formatNumber, parseNumber, plainNumber } from '../../src/values/numbers.js';
import { toStoredDate } from '../../src/values/dates.js';

const rule = (field_type: string, v = '', choices = '') =>
  compileField(
    dictionaryRow({
      field_name: 'x',
      form_name: 'f',
      field_type,
      text_validation_type_or_show_slider_number: v,
      select_choices_or_calculations: choices,
    }),
  );

describe('parseTyped / formatTyped', () => {
  it('round-trips dates, datetimes in a time zone, and times', () => {
    const d = parseTyped(rule('text', 'date_mdy'), '2024-03-05');
    expect(d).toEqual({ ok: true, value: new Date(Date.UTC(2024, 2, 5)) });
    const dt = parseTyped(rule('text', 'datetime_ymd'), '2024-07-01 09:30', { timeZone: 'America/New_York' });
    expect(dt.ok && (dt.value as Date).toISOString()).toBe('2024-07-01T13:30:00.000Z');
    expect(
      formatTyped(rule('text', 'datetime_ymd'), new Date('2024-07-01T13:30:00Z'), { timeZone: 'America/New_York' }),
    ).toEqual({ ok: true, text: '2024-07-01 09:30' });
    expect(formatTyped(rule('text', 'datetime_seconds_dmy'), new Date('2024-07-01T13:30:05Z'))).toEqual({
      ok: true,
      text: '2024-07-01 13:30:05',
    });
    expect(parseTyped(rule('text', 'time'), '09:30')).toEqual({ ok: true, value: 34200 });
    expect(parseTyped(rule('text', 'time_mm_ss'), '02:05')).toEqual({ ok: true, value: 125 });
    expect(formatTyped(rule('text', 'time_hh_mm_ss'), 34205)).toEqual({ ok: true, text: '09:30:05' });
  });

  it('reads numbers with either decimal character and writes the field form', () => {
    expect(parseTyped(rule('text', 'number_comma_decimal'), '36,5')).toEqual({ ok: true, value: 36.5 });
    expect(parseTyped(rule('text', 'number_comma_decimal'), '36.5')).toEqual({ ok: true, value: 36.5 });
    expect(formatTyped(rule('text', 'number_2dp_comma_decimal'), 36.5)).toEqual({ ok: true, text: '36,50' });
    expect(formatTyped(rule('text', 'integer'), 100000)).toEqual({ ok: true, text: '100000' });
    expect(formatTyped(rule('text', 'integer'), 1.5).ok).toBe(false);
    expect(formatTyped(rule('text', 'number'), 1e21)).toEqual({ ok: true, text: '1000000000000000000000' });
    expect(formatTyped(rule('text', 'number'), Infinity).ok).toBe(false);
    expect(parseTyped(rule('text', 'integer'), '0x1f').ok).toBe(false);
    expect(parseNumber(' ')).toBeNaN();
    expect(plainNumber(1e-7)).toBe('0.0000001');
    expect(formatNumber(2, { decimals: 1 })).toBe('2.0');
  });

  it('maps choices to labels and back, booleans to 1/0', () => {
    const r = rule('radio', '', '1, Yes please | 2, No | -99, Unknown');
    expect(parseTyped(r, '-99')).toEqual({ ok: true, value: 'Unknown' });
    expect(parseTyped(r, '-99', { choices: 'codes' })).toEqual({ ok: true, value: '-99' });
    expect(parseTyped(r, '3')).toEqual({ ok: false, reason: 'The value is not a valid category for x' });
    expect(formatTyped(r, 'Yes please')).toEqual({ ok: true, text: '1' });
    expect(formatTyped(r, 2)).toEqual({ ok: true, text: '2' });
    expect(formatTyped(r, 'Maybe').ok).toBe(false);
    expect(parseTyped(rule('yesno'), '1')).toEqual({ ok: true, value: true });
    expect(formatTyped(rule('truefalse'), false)).toEqual({ ok: true, text: '0' });
  });

  it('rewrites MDY and DMY import dates to YMD', () => {
    expect(toStoredDate('12/31/2020', 'MDY')).toBe('2020-12-31');
    expect(toStoredDate('31/12/2020 9:05', 'DMY')).toBe('2020-12-31 09:05');
    expect(toStoredDate('2020-12-31', 'YMD')).toBe('2020-12-31');
  });
});
