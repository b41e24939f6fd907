import { describe, expect, it } from 'vitest';
import { dictionaryRow } from '../../src/schema/types.js';
import { compileField } from '../../src/values/field-rule.js';
import {
  CHECKBOX_MESSAGE,
  FORMAT_MESSAGE,
  checkValue,
  notACategoryMessage,
  rangeWarning,
} from '../../src/values/validate.js';
import { VALIDATION_TYPES } from '../../src/values/validation-types.js';

function text(validation: string, min = '', max = '') {
  return compileField(
    dictionaryRow({
      field_name: 'f',
      form_name: 'form_1',
      field_type: 'text',
      text_validation_type_or_show_slider_number: validation,
      text_validation_min: min,
      text_validation_max: max,
    }),
  );
}

// One accepted and one refused stored value for every validation type.
const cases: Record<string, [string, string]> = {
  date_ymd: ['2024-02-29', '2023-02-29'],
  date_mdy: ['2024-12-31', '12-31-2024'],
  date_dmy: ['2024-01-31', '31/01/2024'],
  datetime_ymd: ['2024-01-31 23:59', '2024-01-31 24:00'],
  datetime_mdy: ['2024-01-31 00:00', '2024-01-31'],
  datetime_dmy: ['2024-01-31 12:30', '2024-01-31 12:30:00'],
  datetime_seconds_ymd: ['2024-01-31 12:30:59', '2024-01-31 12:30'],
  datetime_seconds_mdy: ['2024-01-31 12:30:00', '2024-01-31 12:30:60'],
  datetime_seconds_dmy: ['2000-01-01 00:00:00', '2000-13-01 00:00:00'],
  time: ['23:59', '24:00'],
  time_hh_mm_ss: ['23:59:59', '23:59'],
  time_mm_ss: ['59:59', '60:00'],
  integer: ['-42', '4.2'],
  number: ['-4.25', '4,25'],
  number_1dp: ['4.2', '4.25'],
  number_2dp: ['4.25', '4.2'],
  number_3dp: ['4.250', '4.25'],
  number_4dp: ['-4.2500', '4.250'],
  number_comma_decimal: ['4,25', '4.25'],
  number_1dp_comma_decimal: ['4,2', '4.2'],
  number_2dp_comma_decimal: ['4,25', '4,2'],
  number_3dp_comma_decimal: ['4,250', '4,25'],
  number_4dp_comma_decimal: ['4,2500', '4.2500'],
  email: ['a.b@example.org', 'a.b@example'],
  phone: ['(405) 321-1111', '(105) 321-1111'],
  phone_australia: ['(02) 9876 5432', '9876 5432'],
  zipcode: ['73402-1234', '7340'],
  postalcode_australia: ['2000', '20000'],
  postalcode_canada: ['K1A 0B1', 'D1A 0B1'],
  postalcode_french: ['75001', '7500'],
  postalcode_germany: ['10115', '1011'],
  ssn: ['123-45-6789', '123456789'],
  alpha_only: ['abcXYZ', 'abc1'],
  mrn_10d: ['0123456789', '012345678'],
  mrn_generic: ['AB-12_3', 'AB 12'],
  vmrn: ['12345', '123'],
};

describe('checkValue', () => {
  it('covers every validation type', () => {
    expect(Object.keys(cases).sort()).toEqual([...VALIDATION_TYPES].sort());
  });

  for (const [type, [good, badValue]] of Object.entries(cases)) {
    it(`${type} accepts ${good} and refuses ${badValue}`, () => {
      expect(checkValue(text(type), good)).toBeNull();
      expect(checkValue(text(type), badValue)).toBe(FORMAT_MESSAGE);
    });
  }

  it('accepts blanks and project missing-data codes in any field', () => {
    const missing = new Set(['NA', 'UNK']);
    expect(checkValue(text('integer'), '')).toBeNull();
    expect(checkValue(text('date_ymd'), 'UNK', { missingCodes: missing })).toBeNull();
    expect(checkValue(text('date_ymd'), 'XX', { missingCodes: missing })).toBe(FORMAT_MESSAGE);
  });

  it('accepts values outside min and max, and warns about them, including today', () => {
    const now = new Date(Date.UTC(2024, 5, 15, 12));
    const cases: [ReturnType<typeof text>, string, boolean][] = [
      [text('integer', '0', '10'), '11', true],
      [text('integer', '0', '10'), '10', false],
      [text('number_comma_decimal', '1,5', '2'), '1,4', true],
      [text('date_ymd', '', 'today'), '2024-06-16', true],
      [text('date_ymd', '', 'today'), '2024-06-15', false],
      [text('time', '08:00', '17:00'), '07:59', true],
      [text('datetime_ymd', '2024-01-01', ''), '2023-12-31 23:59', true],
    ];
    for (const [rule, value, outside] of cases) {
      expect(checkValue(rule, value, { now })).toBeNull();
      const warning = rangeWarning(rule, value, { now });
      if (outside) expect(warning).toMatch(/outside the allowed range/);
      else expect(warning).toBeNull();
    }
    expect(rangeWarning(text('integer', '0', '10'), '11')).toBe('The value is outside the allowed range (0 - 10)');
    // A format error is not a range question.
    expect(checkValue(text('integer', '0', '10'), '1.5')).toBe(FORMAT_MESSAGE);
    expect(rangeWarning(text('integer', '0', '10'), '')).toBeNull();
  });

  it('checks choices, yes/no, checkboxes and sliders', () => {
    const radio = compileField(
      dictionaryRow({
        field_name: 'sex',
        form_name: 'f',
        field_type: 'radio',
        select_choices_or_calculations: '0, Female | 1, Male',
      }),
    );
    expect(checkValue(radio, '1')).toBeNull();
    expect(checkValue(radio, 'Male')).toBe(notACategoryMessage('sex'));
    const yesno = compileField(dictionaryRow({ field_name: 'yn', form_name: 'f', field_type: 'yesno' }));
    expect(checkValue(yesno, '0')).toBeNull();
    expect(checkValue(yesno, '2')).toBe(notACategoryMessage('yn'));
    const cb = compileField(
      dictionaryRow({
        field_name: 'race',
        form_name: 'f',
        field_type: 'checkbox',
        select_choices_or_calculations: '1, A | -99, Unknown',
      }),
    );
    expect(cb.checkboxColumns.map((c) => c.column)).toEqual(['race___1', 'race____99']);
    expect(checkValue(cb, '1')).toBeNull();
    expect(checkValue(cb, 'yes')).toBe(CHECKBOX_MESSAGE);
    const slider = compileField(
      dictionaryRow({
        field_name: 's',
        form_name: 'f',
        field_type: 'slider',
        text_validation_min: '-1',
        text_validation_max: '101',
      }),
    );
    expect(checkValue(slider, '101')).toBeNull();
    expect(checkValue(slider, '102')).toBeNull();
    expect(rangeWarning(slider, '102')).toMatch(/range/);
    expect(checkValue(slider, '5.5')).toBe(FORMAT_MESSAGE);
  });
});
