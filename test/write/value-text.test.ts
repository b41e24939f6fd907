import { describe, expect, it } from 'vitest';
import { compileField } from '../../src/values/field-rule.js';
import { valueText, type ValueTextOptions } from '../../src/write/value-text.js';
import { field } from './projects.js';

const opts: ValueTextOptions = { timeZone: 'UTC', choices: 'auto', nanIsBlank: false, missingCodes: new Set(['NA']) };
const rule = (type: string, validation = '', choices = '') =>
  compileField(
    field('f', 'form', type, {
      text_validation_type_or_show_slider_number: validation,
      select_choices_or_calculations: choices,
    }),
  );
const text = (r: ReturnType<typeof rule>, v: unknown, o = opts) => valueText(r, o).text(v);

describe('valueText', () => {
  it('keeps REDCap text as it is and reformats other numbers', () => {
    const n = rule('text', 'number_2dp_comma_decimal');
    expect(text(n, '1,50')).toBe('1,50');
    expect(text(n, '1.5')).toBe('1,50');
    expect(text(n, 1.5)).toBe('1,50');
    expect(text(n, '1.500,0')).toEqual({ reason: expect.stringMatching(/decimal comma/) });
    expect(text(rule('text', 'integer'), '007')).toBe('007');
    expect(text(rule('text', 'integer'), '7.0')).toBe('7');
    expect(text(rule('text', 'number'), '1,5')).toEqual({ reason: expect.stringMatching(/with a point/) });
    expect(text(rule('text', 'number'), 2n)).toBe('2');
  });

  it('says NaN and Infinity are not values, except where NaN is a blank (Danfo)', () => {
    expect(text(rule('text', 'number'), NaN)).toEqual({ reason: 'NaN is not a value: use null for a blank' });
    expect(text(rule('text', 'number'), -Infinity)).toEqual({ reason: expect.stringMatching(/-Infinity/) });
    expect(text(rule('text', 'number'), NaN, { ...opts, nanIsBlank: true })).toBe('');
    expect(text(rule('text'), NaN)).toEqual({ reason: expect.stringMatching(/NaN/) });
  });

  it('takes missing-data codes in any field but checkboxes and form status', () => {
    expect(text(rule('text', 'date_ymd'), 'NA')).toBe('NA');
    expect(text(rule('radio', '', '1, A'), 'NA')).toBe('NA');
    expect(text(rule('checkbox', '', '1, A'), 'NA')).toEqual({
      reason: expect.stringMatching(/checkbox option is true/),
    });
  });

  it('reads booleans, labels and checkbox words', () => {
    const yesno = rule('yesno');
    expect([true, false, 1, 0, '1', 'TRUE', 'Yes', 'no'].map((v) => text(yesno, v))).toEqual([
      '1',
      '0',
      '1',
      '0',
      '1',
      '1',
      '1',
      '0',
    ]);
    expect(text(yesno, 2)).toEqual({ reason: expect.stringMatching(/expected true\/false \(or Yes\/No\)/) });
    const cb = rule('checkbox', '', '1, A');
    expect(['Checked', 'unchecked', true].map((v) => text(cb, v))).toEqual(['1', '0', '1']);
  });

  it('writes datetimes as text REDCap stores, refusing other forms', () => {
    const dt = rule('text', 'datetime_seconds_dmy');
    expect(text(dt, new Date('2024-03-10T07:30:15.900Z'))).toBe('2024-03-10 07:30:15');
    expect(text(dt, new Date('2024-03-10T07:30:15Z'), { ...opts, timeZone: 'America/New_York' })).toBe(
      '2024-03-10 03:30:15',
    );
    expect(text(dt, '2024-03-10 07:30')).toEqual({ reason: "not a datetime in REDCap's form YYYY-MM-DD HH:MM:SS" });
    expect(text(dt, 1710055815000)).toEqual({ reason: expect.stringMatching(/expected a Date/) });
    expect(text(rule('text', 'date_ymd'), new Date(Date.UTC(10000, 0, 1)))).toEqual({
      reason: 'a date outside the years 1 to 9999',
    });
  });

  it('refuses times outside a day and values of the wrong kind in text fields', () => {
    expect(text(rule('text', 'time'), 86_400)).toEqual({ reason: expect.stringMatching(/not a time of f/) });
    expect(text(rule('text', 'time_mm_ss'), 59 * 60 + 59)).toBe('59:59');
    expect(text(rule('text'), new Date())).toEqual({ reason: 'f is a text field: expected text, got a Date' });
    expect(text(rule('text'), 1e21)).toBe('1000000000000000000000');
  });
});
