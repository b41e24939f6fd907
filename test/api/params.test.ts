import { describe, expect, test } from 'vitest';
import { flag, formBody, paramEntries, redcapDateTime } from '../../src/api/params.js';

describe('paramEntries', () => {
  test('arrays become indexed keys, scalars text, and absent values are left out', () => {
    expect(
      paramEntries({
        content: 'record',
        records: ['1', 2, 'a b'],
        fields: [],
        exportCheckboxLabel: true,
        exportSurveyFields: false,
        repeat_instance: 3,
        event: undefined,
        arm: null,
      }),
    ).toEqual([
      ['content', 'record'],
      ['records[0]', '1'],
      ['records[1]', '2'],
      ['records[2]', 'a b'],
      ['exportCheckboxLabel', 'true'],
      ['exportSurveyFields', 'false'],
      ['repeat_instance', '3'],
    ]);
  });

  test('dates are sent as REDCap datetimes in local time', () => {
    const d = new Date(2024, 0, 5, 7, 8, 9);
    expect(redcapDateTime(d)).toBe('2024-01-05 07:08:09');
    expect(redcapDateTime(d, false)).toBe('2024-01-05 07:08');
    expect(paramEntries({ dateRangeBegin: d })).toEqual([['dateRangeBegin', '2024-01-05 07:08:09']]);
  });

  test('flag gives 1/0 and keeps undefined', () => {
    expect([flag(true), flag(false), flag(undefined)]).toEqual([1, 0, undefined]);
  });
});

describe('formBody', () => {
  test('encodes as application/x-www-form-urlencoded', () => {
    const body = formBody({ filterLogic: '[age] > 30 & [sex] = "1"', records: ['1'] });
    expect(body).toBe('filterLogic=%5Bage%5D+%3E+30+%26+%5Bsex%5D+%3D+%221%22&records%5B0%5D=1');
    expect(Object.fromEntries(new URLSearchParams(body))).toEqual({
      filterLogic: '[age] > 30 & [sex] = "1"',
      'records[0]': '1',
    });
  });
});
