import { describe, expect, it } from 'vitest';
import { RedcapError, RedcapUsageError, isRedcapError } from '../../src/api/errors.js';
import {
  ImportValidationError,
  describeProblems,
  isImportValidationError,
  problemCounts,
  shownValue,
  type ImportProblem,
} from '../../src/write/problems.js';

const p = (
  row: number | null,
  field: string,
  value: string,
  reason: string,
  record: string | null = row === null ? null : '7',
): ImportProblem => ({ row, record, event: null, instrument: null, instance: null, field, value, reason });

describe('import problems', () => {
  it('read as lines naming the row, record, field, value and reason', () => {
    const problems = [
      p(null, 'bmi', '', 'calculated field'),
      p(3, 'age', '130', 'out of range'),
      ...Array.from({ length: 25 }, (_, k) => p(k, 'sex', 'x', 'bad')),
    ];
    const text = describeProblems(problems);
    expect(text.split('\n')[0]).toBe('column bmi: calculated field');
    expect(text.split('\n')[1]).toBe('row 3 (record 7), age = "130": out of range');
    expect(text).toMatch(/… 7 more$/);
    expect([...problemCounts(problems)]).toEqual([
      ['bmi', 1],
      ['age', 1],
      ['sex', 25],
    ]);
  });

  it('travel in an error that says nothing was sent', () => {
    const error = new ImportValidationError([p(1, 'age', '-1', 'out of range'), p(2, 'age', '-2', 'out of range')]);
    expect(error.message).toMatch(/^The frame cannot be imported: 2 problems in 1 column; nothing was sent\./);
    expect(isImportValidationError(error)).toBe(true);
    expect(isImportValidationError(new Error('x'))).toBe(false);
    expect(isImportValidationError(new RedcapUsageError('x'))).toBe(false);
    // One family with the client's errors: caught by the same guard, named as the others are.
    expect(isRedcapError(error)).toBe(true);
    expect(error).toBeInstanceOf(RedcapError);
    expect([error.kind, error.name, error.method]).toEqual(['validation', 'ImportValidationError', 'importTable']);
    expect(error.toHTML()).toContain('<td>-1</td>');
  });

  it('show values as text', () => {
    expect([
      shownValue(null),
      shownValue(new Date(0)),
      shownValue(['a', 1]),
      shownValue(Float64Array.of(1.5)),
      shownValue(2),
    ]).toEqual(['', '1970-01-01T00:00:00.000Z', '["a",1]', '[1.5]', '2']);
  });
});
