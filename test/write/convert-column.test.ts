/**
 * The fast paths of the conversion (numbers and instants read from the
 * frame's storage, coded repeated values, text kept as export bytes) give
 * exactly what the value rules' reference `formatTyped` gives, and every
 * text they make passes `checkValue`, the server's check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CategoryColumn, DateColumn, NumberColumn } from '../../src/frames/columns.js';
import { readRecords } from '../../src/frames/typed-frame.js';
import { Schema } from '../../src/schema/schema.js';
import { compileField } from '../../src/values/field-rule.js';
import { formatTyped } from '../../src/values/typed.js';
import { checkValue, rangeWarning } from '../../src/values/validate.js';
import { convertCheckboxList } from '../../src/write/convert-checkbox-list.js';
import { convertColumn } from '../../src/write/convert-column.js';
import type { ValueTextOptions } from '../../src/write/value-text.js';
import { field } from './projects.js';

const options = (timeZone = 'UTC'): ValueTextOptions => ({
  timeZone,
  choices: 'auto',
  nanIsBlank: false,
  missingCodes: new Set(),
});

function convert(validation: string, column: NumberColumn | DateColumn | unknown[], timeZone = 'UTC', type = 'text') {
  const rule = compileField(field('f', 'form', type, { text_validation_type_or_show_slider_number: validation }));
  const rows = Array.isArray(column) ? column.length : column.length;
  const col = Array.isArray(column) ? { at: (i: number) => column[i] } : column;
  const out = convertColumn({ rule, column: col, rows, rowIndex: null, options: options(timeZone), context: {} });
  return { rule, texts: Array.from({ length: rows }, (_, r) => out.cells.text(r)), problems: out.problems };
}

const NUMBER_KINDS = [
  'number',
  'number_1dp',
  'number_2dp',
  'number_3dp',
  'number_4dp',
  'number_comma_decimal',
  'number_1dp_comma_decimal',
  'number_4dp_comma_decimal',
];

describe('convertColumn agrees with formatTyped and checkValue', () => {
  it('numbers, from storage and from arrays, repeated or not', () => {
    const value = fc.oneof(
      fc.integer({ min: -1e6, max: 1e6 }),
      fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(0.1, 1e-7, 123456789012345, -0, 5e-324, 1e20),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...NUMBER_KINDS),
        fc.array(value, { minLength: 1, maxLength: 60 }),
        fc.boolean(),
        (kind, values, repeat) => {
          const all = repeat ? [...values, ...values, ...values] : values;
          for (const column of [new NumberColumn(Float64Array.from(all)), all]) {
            const { rule, texts, problems } = convert(kind, column);
            expect(problems).toEqual([]);
            all.forEach((v, k) => {
              expect(texts[k]).toBe((formatTyped(rule, v) as { text: string }).text);
              expect(checkValue(rule, texts[k])).toBeNull();
            });
          }
        },
      ),
    );
  });

  it('whole numbers of integer fields, written digit by digit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -(2 ** 52), max: 2 ** 52 }), { minLength: 1, maxLength: 80 }),
        (values) => {
          const { rule, texts } = convert('integer', new NumberColumn(Float64Array.from(values)));
          values.forEach((v, k) => {
            expect(texts[k]).toBe(String(v === 0 ? 0 : v));
            expect(checkValue(rule, texts[k])).toBeNull();
          });
        },
      ),
    );
  });

  it('dates and datetimes, in any time zone', () => {
    const day = fc.integer({ min: -25_000, max: 40_000 }).map((d) => d * 86_400_000);
    const instant = fc.integer({ min: -2e12, max: 4e12 }).map((ms) => Math.floor(ms / 1000) * 1000);
    fc.assert(
      fc.property(
        fc.constantFrom('UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'),
        fc.array(day, { minLength: 1, maxLength: 40 }),
        fc.array(instant, { minLength: 1, maxLength: 40 }),
        (timeZone, days, instants) => {
          const dates = convert('date_dmy', new DateColumn(Float64Array.from([...days, ...days])), timeZone);
          [...days, ...days].forEach((ms, k) => {
            expect(dates.texts[k]).toBe((formatTyped(dates.rule, new Date(ms), { timeZone }) as { text: string }).text);
            expect(checkValue(dates.rule, dates.texts[k])).toBeNull();
          });
          for (const kind of ['datetime_mdy', 'datetime_seconds_ymd']) {
            const dt = convert(kind, new DateColumn(Float64Array.from(instants)), timeZone);
            instants.forEach((ms, k) => {
              expect(dt.texts[k]).toBe((formatTyped(dt.rule, new Date(ms), { timeZone }) as { text: string }).text);
              expect(checkValue(dt.rule, dt.texts[k])).toBeNull();
            });
          }
        },
      ),
    );
  });

  it('times in seconds', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('time', 'time_hh_mm_ss', 'time_mm_ss'),
        fc.array(fc.integer({ min: 0, max: 86_399 }), { minLength: 1, maxLength: 50 }),
        (kind, seconds) => {
          const values =
            kind === 'time_mm_ss'
              ? seconds.map((s) => s % 3600)
              : kind === 'time'
                ? seconds.map((s) => s - (s % 60))
                : seconds;
          const { rule, texts } = convert(kind, new NumberColumn(Float64Array.from(values)));
          values.forEach((v, k) => {
            expect(texts[k]).toBe((formatTyped(rule, v) as { text: string }).text);
            expect(checkValue(rule, texts[k])).toBeNull();
          });
        },
      ),
    );
  });

  it('mostly distinct numbers and instants (written without codes) too', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.constantFrom('UTC', 'America/Sao_Paulo', 'Asia/Kathmandu'),
        (seed, timeZone) => {
          // 6000 distinct values: past the point where repeated values are coded.
          let x = seed;
          const next = () => (x = (Math.imul(x, 48271) >>> 0) % 2147483647);
          const decimals = Array.from({ length: 6000 }, (_, k) => {
            const scale = [1, 10, 100, 1000, 10000, 3][k % 6];
            return (next() - 1e9) / scale;
          });
          const instants = Array.from({ length: 6000 }, () => (next() - 1e9) * 1000 + (next() % 1000));
          const numbers = convert('number', new NumberColumn(Float64Array.from(decimals)));
          decimals.forEach((v, k) =>
            expect(numbers.texts[k]).toBe((formatTyped(numbers.rule, v) as { text: string }).text),
          );
          for (const kind of ['datetime_ymd', 'datetime_seconds_dmy']) {
            const dt = convert(kind, new DateColumn(Float64Array.from(instants)), timeZone);
            instants.forEach((ms, k) =>
              expect(dt.texts[k]).toBe((formatTyped(dt.rule, new Date(ms), { timeZone }) as { text: string }).text),
            );
            expect(dt.texts.every((t) => checkValue(dt.rule, t) === null)).toBe(true);
          }
        },
      ),
      { numRuns: 5 },
    );
  });

  it("sends values outside a range, each with rangeWarning's warning, on every path", () => {
    const RANGE = 'The value is outside the allowed range (0 - 10)';
    const rule = compileField(
      field('score', 'form', 'text', {
        text_validation_type_or_show_slider_number: 'integer',
        text_validation_min: '0',
        text_validation_max: '10',
      }),
    );
    const run = (column: unknown, rows: number) =>
      convertColumn({ rule, column: column as never, rows, rowIndex: null, options: options(), context: {} });
    const values = [1, 11, 1, 11, -1, NaN];
    const expected = [
      [1, 11, RANGE],
      [3, 11, RANGE],
      [4, -1, RANGE],
    ];
    // Repeated numbers from storage (coded), values one by one, and category levels.
    const paths = {
      storage: run(new NumberColumn(Float64Array.from(values)), 6),
      values: run({ at: (i: number) => (Number.isNaN(values[i]) ? null : values[i]) }, 6),
      levels: run(new CategoryColumn(Int32Array.from([0, 1, 0, 1, 2, -1]), ['1', '11', '-1']), 6),
    };
    for (const [path, out] of Object.entries(paths)) {
      expect(out.problems, path).toEqual([]);
      expect(
        out.warnings.map((w) => [w.row, Number(w.value), w.reason]),
        path,
      ).toEqual(expected);
      expect(
        Array.from({ length: 6 }, (_, r) => out.cells.text(r)),
        path,
      ).toEqual(['1', '11', '1', '11', '-1', '']);
    }
    // Mostly distinct numbers (written without codes): every row's warning, from the same rule.
    const many = Float64Array.from({ length: 6000 }, (_, k) => k - 3000);
    const distinct = run(new NumberColumn(many), many.length);
    const outside = Array.from(many).flatMap((v, row) => (rangeWarning(rule, String(v)) === null ? [] : [row]));
    expect(outside).toHaveLength(6000 - 11);
    expect(distinct.warnings.map((w) => w.row)).toEqual(outside);
    expect(distinct.cells.text(0)).toBe('-3000');
    // A format failure is still a problem, not a warning.
    const bad = run({ at: () => 'eleven' }, 1);
    expect(bad.problems).toHaveLength(1);
    expect(bad.warnings).toEqual([]);
  });

  it('warns about dates outside their range, from storage and one by one', () => {
    const rule = compileField(
      field('seen', 'form', 'text', {
        text_validation_type_or_show_slider_number: 'date_ymd',
        text_validation_min: '2020-01-01',
        text_validation_max: '2020-12-31',
      }),
    );
    const days = ['2019-12-31', '2020-06-01', '2021-01-01'].map((d) => Date.parse(`${d}T00:00:00Z`));
    const many = Float64Array.from({ length: 5000 }, (_, k) => Date.UTC(2018, 0, 1) + k * 86_400_000);
    for (const data of [Float64Array.from(days), many]) {
      const out = convertColumn({
        rule,
        column: new DateColumn(data),
        rows: data.length,
        rowIndex: null,
        options: options(),
        context: {},
      });
      const texts = Array.from({ length: data.length }, (_, r) => out.cells.text(r));
      expect(out.problems).toEqual([]);
      expect(out.warnings.map((w) => w.row)).toEqual(
        texts.flatMap((t, row) => (rangeWarning(rule, t) === null ? [] : [row])),
      );
      expect(out.warnings.length).toBeGreaterThan(0);
      expect(out.warnings[0].value).toBeInstanceOf(Date);
    }
  });

  it('keeps free text read from export bytes exactly, quoting what CSV needs', () => {
    const schema = new Schema({ dictionary: [field('record_id', 'f', 'text'), field('note', 'f', 'notes')] });
    const texts = ['plain', 'a, b', 'say "hi"', 'two\nlines', 'Zoë 😀', '\\back', ' spaced '];
    const csv = `record_id,note\n${texts.map((t, k) => `${k},"${t.replace(/"/g, '""')}"`).join('\n')}\n`;
    const frame = readRecords(new TextEncoder().encode(csv), schema);
    const rows = texts.length;
    const out = convertColumn({
      rule: schema.field('note')!,
      column: frame.table.column('note') as never,
      rows,
      rowIndex: Uint32Array.from([6, 5, 4, 3, 2, 1, 0]),
      options: options(),
      context: {},
    });
    expect(Array.from({ length: rows }, (_, r) => out.cells.text(r))).toEqual([...texts].reverse());
  });

  it('turns lists of labels or codes into option columns', () => {
    const rule = compileField(
      field('cb', 'form', 'checkbox', { select_choices_or_calculations: '1, One | 2, Two | x, Ex' }),
    );
    const lists = [['One', 'x'], null, [], 'Two | 1', ['Nine']];
    const out = convertCheckboxList({
      rule,
      column: { at: (i: number) => lists[i] },
      rows: lists.length,
      rowIndex: null,
      options: options(),
      context: {},
      prefer: 'auto',
    });
    expect(out.columns.map((c) => Array.from({ length: lists.length }, (_, r) => c.text(r)))).toEqual([
      ['1', '', '0', '1', ''],
      ['0', '', '0', '1', ''],
      ['1', '', '0', '0', ''],
    ]);
    expect(out.problems).toEqual([{ row: 4, value: ['Nine'], reason: expect.stringMatching(/not an option of cb/) }]);
  });
});
