import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../src/formats/csv.js';
import { resolveOptions } from '../../src/frames/options.js';
import { readCsvFast } from '../../src/frames/read-csv-fast.js';
import { readCsvGeneric } from '../../src/frames/read-generic.js';
import { readJsonRecords } from '../../src/frames/read-json.js';
import { buildSchema } from '../../src/schema/schema.js';
import { dictionaryRow, type DictionaryRow } from '../../src/schema/types.js';
import { formatDatetime, formatYmd } from '../../src/values/dates.js';
import { plainColumns, plainProblems } from './compare.js';

/** Field shapes to draw from: type, validation, choices. */
const SHAPES: [string, string, string][] = [
  ['text', '', ''],
  ['notes', '', ''],
  ['text', 'email', ''],
  ['text', 'integer', ''],
  ['text', 'number', ''],
  ['text', 'number_1dp_comma_decimal', ''],
  ['text', 'date_ymd', ''],
  ['text', 'date_dmy', ''],
  ['text', 'datetime_ymd', ''],
  ['text', 'datetime_seconds_ymd', ''],
  ['text', 'time', ''],
  ['text', 'time_mm_ss', ''],
  ['text', 'time_hh_mm_ss', ''],
  ['yesno', '', ''],
  ['truefalse', '', ''],
  ['radio', '', '1, One | 2, Two | -99, Unknown'],
  ['dropdown', '', 'a, Á | B, Bé | x.y, Other'],
  ['checkbox', '', '1, One | -99, Unknown | Ab, Odd'],
  ['slider', '', ''],
  ['calc', '', '[x]'],
  ['file', '', ''],
  ['sql', '', 'select 1'],
];

const junk = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom(
    '',
    'UNK',
    '-99',
    '1,5',
    '.5',
    '5.',
    '+1',
    '-0',
    '1e3',
    '0x1f',
    ' 1',
    '2024-02-30',
    '2024-02-29 24:00',
    '24:00',
    'NaN',
    '00:60',
    '12:30:15',
    'a "quoted", value',
    'line\nbreak',
    'crlf\r\nbreak',
    'Дом',
    '1',
    '0',
    '2',
    'Ab',
    'ab',
    'x.y',
    '"',
  ),
);

function validValue(shape: [string, string, string]): fc.Arbitrary<string> {
  const [type, v, choices] = shape;
  const day = fc.date({ min: new Date(Date.UTC(1, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true });
  const codes = choices.split('|').map((c) => c.split(',')[0].trim());
  switch (type) {
    case 'yesno':
    case 'truefalse':
    case 'checkbox':
      return fc.constantFrom('0', '1');
    case 'radio':
    case 'dropdown':
      return fc.constantFrom(...codes);
    case 'slider':
      return fc.integer({ min: 0, max: 100 }).map(String);
    case 'calc':
      return fc.double({ noNaN: true, noDefaultInfinity: true }).map(String);
    default:
      break;
  }
  if (v.startsWith('date_')) return day.map(formatYmd);
  if (v.startsWith('datetime_seconds')) return day.map((d) => formatDatetime(d, true));
  if (v.startsWith('datetime')) return day.map((d) => formatDatetime(d, false));
  if (v === 'integer') return fc.integer().map(String);
  if (v === 'number') return fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }).map(String);
  if (v.startsWith('number_1dp'))
    return fc.integer({ min: -99999, max: 99999 }).map((n) => (n / 10).toFixed(1).replace('.', ','));
  if (v === 'time')
    return fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  if (v === 'email') return fc.constantFrom('a@b.org', 'x.y@example.com');
  return fc.string({ unit: 'grapheme', maxLength: 20 });
}

const project = fc
  .array(fc.integer({ min: 0, max: SHAPES.length - 1 }), { minLength: 1, maxLength: 8 })
  .chain((picks) => {
    const dictionary: DictionaryRow[] = [
      dictionaryRow({ field_name: 'record_id', form_name: 'f', field_type: 'text' }),
    ];
    picks.forEach((k, i) => {
      const [field_type, v, choices] = SHAPES[k];
      dictionary.push(
        dictionaryRow({
          field_name: `f${i}`,
          form_name: i % 2 ? 'g' : 'f',
          field_type,
          text_validation_type_or_show_slider_number: v,
          select_choices_or_calculations: choices,
        }),
      );
    });
    const schema = buildSchema({ dictionary, info: { missing_data_codes: 'UNK, Unknown | -99, Refused' } });
    const columns = schema.exportColumns();
    const cell = (name: string): fc.Arbitrary<string> => {
      const col = schema.column(name)!;
      const dict = dictionary.find((d) => d.field_name === col.rule.name);
      if (name === 'record_id') return fc.string({ minLength: 1, maxLength: 6 });
      if (!dict) return fc.oneof(fc.constantFrom('0', '1', '2'), junk); // form status
      const shape: [string, string, string] = [
        dict.field_type,
        dict.text_validation_type_or_show_slider_number,
        dict.select_choices_or_calculations,
      ];
      return fc.oneof(
        { weight: 3, arbitrary: validValue(shape) },
        { weight: 1, arbitrary: junk },
        { weight: 1, arbitrary: fc.constant('') },
      );
    };
    const row = fc.tuple(...columns.map((c) => cell(c.name)));
    return fc.record({
      schema: fc.constant(schema),
      header: fc.constant(columns.map((c) => c.name)),
      rows: fc.array(row, { maxLength: 12 }),
      chunk: fc.integer({ min: 1, max: 64 }),
      crlf: fc.boolean(),
      timeZone: fc.constantFrom('UTC', 'Europe/Paris', 'America/Sao_Paulo'),
      choices: fc.constantFrom('labels' as const, 'codes' as const),
    });
  });

describe('fast reader against the generic reader', () => {
  it('gives the same columns and reports on generated projects and rows', () => {
    fc.assert(
      fc.property(project, ({ schema, header, rows, chunk, crlf, timeZone, choices }) => {
        let csv = [header, ...rows].map((r) => csvLine(r)).join('');
        if (crlf) csv = csv.replace(/\n/g, '\r\n');
        const opts = resolveOptions({ timeZone, choices });
        const generic = readCsvGeneric(csv, schema, opts);
        const expected = { columns: plainColumns(generic), problems: plainProblems(generic) };
        const bytes = new TextEncoder().encode(csv);
        const fast = readCsvFast(bytes, schema, opts, chunk);
        expect({ columns: plainColumns(fast), problems: plainProblems(fast) }).toEqual(expected);
        const text = readCsvFast(csv, schema, opts);
        expect({ columns: plainColumns(text), problems: plainProblems(text) }).toEqual(expected);
        // JSON of the same cells, through the fast and the reference entry points.
        const json = JSON.stringify(rows.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k]]))));
        if (!crlf && rows.length > 0 && rows.every((r) => r.every((c) => !c.includes('\r')))) {
          const viaJson = readJsonRecords(json, schema, opts);
          expect(plainColumns(viaJson)).toEqual(expected.columns);
          expect(plainProblems(viaJson)).toEqual(expected.problems);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads a row longer than a chunk, and a short row, as the generic reader does', () => {
    const schema = buildSchema({
      dictionary: [
        dictionaryRow({ field_name: 'id', form_name: 'f', field_type: 'text' }),
        dictionaryRow({
          field_name: 'n',
          form_name: 'f',
          field_type: 'text',
          text_validation_type_or_show_slider_number: 'integer',
        }),
      ],
    });
    const csv = `id,n,f_complete\n${'x'.repeat(5000)},12,2\nshort\n"a""b",3,1`;
    const opts = resolveOptions({});
    const fast = readCsvFast(new TextEncoder().encode(csv), schema, opts, 16);
    expect(plainColumns(fast)).toEqual(plainColumns(readCsvGeneric(csv, schema, opts)));
    expect(plainColumns(fast).id).toEqual(['x'.repeat(5000), 'short', 'a"b']);
    expect(plainColumns(fast).n).toEqual([12, null, 3]);
  });
});
