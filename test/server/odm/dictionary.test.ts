import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/formats/csv.js';
import { parseOdm } from '../../../src/server/odm/parse-odm.js';
import { DICTIONARY_COLUMNS, type DictionaryRow } from '../../../src/schema/types.js';
import { fixtureFile, fixtureXml, ODM_FIXTURES } from './fixtures.js';

/**
 * The dictionary read from project.xml against the fixture's dictionary.csv
 * (REDCap's data dictionary download: human headers, REDCap's column order).
 *
 * Where they differ, the difference is listed here with the reason, and
 * the test checks that the difference is exactly that. The csv files were
 * not all downloaded together with project.xml, and the ODM export does
 * not carry everything the dictionary holds.
 */
interface KnownDifference {
  field: string;
  column: keyof DictionaryRow;
  why: string;
  /** Holds when csv and ODM differ in exactly the documented way. */
  check: (csv: string, odm: string) => boolean;
}

const spacedChoices = (why: string, field: string): KnownDifference => ({
  field,
  column: 'select_choices_or_calculations',
  why,
  check: (csv, odm) => csv !== odm && csv.replace(/ \| /g, '|') === odm,
});

const OLDER_CSV =
  'dictionary.csv was downloaded from an earlier state of the project: its checkbox choices are spaced `a | b`, ' +
  'while project.xml holds them as REDCap stores them now (`a|b`); REDCap writes redcap:CheckboxChoices verbatim ' +
  '(the longitudinal fixture keeps ` | ` there)';

const KNOWN_DIFFERENCES: Record<string, KnownDifference[]> = {
  simple: [spacedChoices(`${OLDER_CSV}; the same csv also lacks the later field interpreter_needed`, 'race')],
  'blank-for-gray-status': [spacedChoices(OLDER_CSV, 'race')],
  'empty-rows': [spacedChoices(OLDER_CSV, 'race')],
  'validation-types-1': [
    spacedChoices(OLDER_CSV, 'f_checkbox'),
    {
      field: 'f_slider',
      column: 'text_validation_min',
      why: 'REDCap writes no RangeCheck for a slider, so its min is not in the ODM',
      check: (csv, odm) => csv === '-1' && odm === '',
    },
    {
      field: 'f_slider',
      column: 'text_validation_max',
      why: 'REDCap writes no RangeCheck for a slider, so its max is not in the ODM',
      check: (csv, odm) => csv === '101' && odm === '',
    },
    {
      field: 'f_sql',
      column: 'select_choices_or_calculations',
      why: 'REDCap does not export the SQL query of a sql field to ODM',
      check: (csv, odm) => csv === 'SELECT 1 as one;' && odm === '',
    },
  ],
  'file-repo': [
    {
      field: 'date',
      column: 'field_annotation',
      why: 'REDCap trims the annotation when it writes redcap:FieldAnnotation',
      check: (csv, odm) => csv === ' @TODAY' && odm === '@TODAY',
    },
  ],
  'metadata-write': [
    {
      field: 'age',
      column: 'field_type',
      why: 'the fixture is for dictionary-import tests: dictionary.csv is the version to upload, in which age is a text field',
      check: (csv, odm) => csv === 'text' && odm === 'calc',
    },
    {
      field: 'age',
      column: 'select_choices_or_calculations',
      why: 'same: the project still has age as a calc field',
      check: (csv, odm) => csv === '' && odm === "rounddown(datediff([dob],'today','y'))",
    },
  ],
  'repeating-instruments-sparse': [
    {
      field: 'age',
      column: 'field_type',
      why: 'dictionary.csv has age as a calc field; the project it was exported from now has it as text',
      check: (csv, odm) => csv === 'calc' && odm === 'text',
    },
    {
      field: 'age',
      column: 'select_choices_or_calculations',
      why: 'same change: the formula went with the calc type',
      check: (csv, odm) => csv.startsWith('rounddown(datediff(') && odm === '',
    },
  ],
};

/** Fields the csv lacks because it predates them. */
const FIELDS_ADDED_AFTER_CSV: Record<string, string[]> = { simple: ['interpreter_needed'] };

function csvDictionary(name: string): DictionaryRow[] | undefined {
  // decimal-comma's file is named with a typo upstream.
  const text = fixtureFile(name, 'dictionary.csv') ?? fixtureFile(name, 'dictionay.csv');
  if (text === undefined) return undefined;
  const { header, rows } = parseCsv(text);
  expect(header).toHaveLength(DICTIONARY_COLUMNS.length);
  // Human headers ("Variable / Field Name", …) in REDCap's column order.
  expect(header[0].replace(/^\uFEFF/, '')).toBe('Variable / Field Name');
  return rows.map(
    (r) => Object.fromEntries(DICTIONARY_COLUMNS.map((c, i) => [c, r[header[i]] ?? ''])) as unknown as DictionaryRow,
  );
}

const WITH_CSV = ODM_FIXTURES.filter(
  (name) => fixtureFile(name, 'dictionary.csv') ?? fixtureFile(name, 'dictionay.csv'),
);

describe('dictionary from project.xml against dictionary.csv', () => {
  it('covers every fixture that has a dictionary.csv', () => {
    expect(WITH_CSV.length).toBe(26);
    expect(ODM_FIXTURES.filter((n) => !WITH_CSV.includes(n))).toEqual(['russian', 'simple-write']);
  });

  for (const name of WITH_CSV) {
    it(name, () => {
      const csv = csvDictionary(name)!;
      const added = FIELDS_ADDED_AFTER_CSV[name] ?? [];
      const odm = parseOdm(fixtureXml(name)).dictionary;
      expect(odm.filter((r) => added.includes(r.field_name)).map((r) => r.field_name)).toEqual(added);
      const comparable = odm.filter((r) => !added.includes(r.field_name));
      expect(comparable.map((r) => r.field_name)).toEqual(csv.map((r) => r.field_name));

      const known = KNOWN_DIFFERENCES[name] ?? [];
      const seen = new Set<KnownDifference>();
      comparable.forEach((row, i) => {
        for (const column of DICTIONARY_COLUMNS) {
          const expected = csv[i][column];
          const actual = row[column];
          const difference = known.find((d) => d.field === row.field_name && d.column === column);
          if (difference) {
            expect(difference.check(expected, actual), `${row.field_name}.${column}: ${difference.why}`).toBe(true);
            seen.add(difference);
          } else {
            expect(actual, `${name}: ${row.field_name}.${column}`).toBe(expected);
          }
        }
      });
      // Every documented difference was met.
      expect(known.filter((d) => !seen.has(d))).toEqual([]);
    });
  }
});
