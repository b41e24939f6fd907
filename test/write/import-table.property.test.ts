/**
 * The round trip, as a property: for generated dictionaries (every field
 * type and validation, classic, repeating and longitudinal projects,
 * missing-data codes) and generated records, export → typed frame →
 * import into a fresh project → export gives the same values, whatever
 * the frame's options (labels or codes, checkbox columns or lists, time
 * zone) and whatever the table handed over (typed frame, Arquero table,
 * Danfo DataFrame). And importing the frame back into the project it came
 * from, erasing blanks, changes nothing.
 */
import { table } from 'arquero';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/api/project.js';
import { toDanfo } from '../../src/frames/danfo.js';
import { exportTable } from '../../src/frames/project-frames.js';
import type { DictionaryRow, RepeatingFormEvent } from '../../src/schema/types.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';
import { checkboxColumnName } from '../../src/values/choices.js';
import { importTable } from '../../src/write/import-table.js';
import { startServer } from '../helpers/server.js';
import { definition, field, LONGITUDINAL } from './projects.js';

let server: RedcapServer;
const open: Project[] = [];

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await Promise.all(open.map((p) => p.close()));
  await server.close();
});

/** A field kind: its dictionary settings and a generator of valid stored text. */
interface Kind {
  type: string;
  validation?: string;
  min?: string;
  max?: string;
  choices?: boolean;
}

const KINDS: Kind[] = [
  { type: 'text' },
  { type: 'notes' },
  { type: 'text', validation: 'email' },
  { type: 'text', validation: 'alpha_only' },
  { type: 'text', validation: 'zipcode' },
  { type: 'text', validation: 'date_ymd' },
  { type: 'text', validation: 'date_mdy' },
  { type: 'text', validation: 'date_dmy', min: '1950-01-01', max: '2060-12-31' },
  { type: 'text', validation: 'datetime_ymd' },
  { type: 'text', validation: 'datetime_dmy' },
  { type: 'text', validation: 'datetime_seconds_ymd' },
  { type: 'text', validation: 'datetime_seconds_mdy' },
  { type: 'text', validation: 'time' },
  { type: 'text', validation: 'time_hh_mm_ss' },
  { type: 'text', validation: 'time_mm_ss' },
  { type: 'text', validation: 'integer' },
  { type: 'text', validation: 'integer', min: '-50', max: '500' },
  { type: 'text', validation: 'number' },
  { type: 'text', validation: 'number_1dp' },
  { type: 'text', validation: 'number_2dp' },
  { type: 'text', validation: 'number_3dp' },
  { type: 'text', validation: 'number_4dp' },
  { type: 'text', validation: 'number_comma_decimal' },
  { type: 'text', validation: 'number_1dp_comma_decimal' },
  { type: 'text', validation: 'number_2dp_comma_decimal' },
  { type: 'radio', choices: true },
  { type: 'dropdown', choices: true },
  { type: 'sql', choices: true },
  { type: 'checkbox', choices: true },
  { type: 'yesno' },
  { type: 'truefalse' },
  { type: 'slider' },
  { type: 'calc' },
  { type: 'file' },
  { type: 'descriptive' },
];

const CODES = ['0', '1', '2', '3', '10', '-99', 'A', 'b_2', 'x'];
const WORDS = ['Yes', 'No', 'Maybe so', 'Zoë', 'a, b', '"quoted"', 'Other', '1', '2', 'Ünïcode', 'none'];

/** Choices with distinct codes and labels (labels may read like another option's code). */
const choicesArb = fc.uniqueArray(fc.constantFrom(...CODES), { minLength: 1, maxLength: 5 }).chain((codes) =>
  fc
    .uniqueArray(fc.constantFrom(...WORDS), {
      minLength: codes.length,
      maxLength: codes.length,
      comparator: (a, b) => a.toLowerCase() === b.toLowerCase(),
    })
    .map((labels) => codes.map((code, k) => ({ code, label: labels[k] }))),
);

const fieldArb = fc.record({ kind: fc.constantFrom(...KINDS), choices: choicesArb, form: fc.nat(2) });

type Shape = 'classic' | 'repeating' | 'longitudinal';

const MISSING = 'NA, Not applicable | UNK, Unknown';

function dictionaryOf(
  fields: { kind: Kind; choices: { code: string; label: string }[]; form: number }[],
): DictionaryRow[] {
  const forms = ['enrolment', 'visits', 'labs'];
  const rows: DictionaryRow[] = [field('record_id', 'enrolment', 'text')];
  const sorted = [...fields].sort((a, b) => a.form - b.form);
  sorted.forEach((f, k) => {
    const name = `f${k + 1}_${f.kind.type}${f.kind.validation ? `_${f.kind.validation}` : ''}`;
    const extra: Partial<DictionaryRow> = {};
    if (f.kind.validation) extra.text_validation_type_or_show_slider_number = f.kind.validation;
    if (f.kind.min) extra.text_validation_min = f.kind.min;
    if (f.kind.max) extra.text_validation_max = f.kind.max;
    if (f.kind.choices)
      extra.select_choices_or_calculations = f.choices.map((c) => `${c.code}, ${c.label}`).join(' | ');
    if (f.kind.type === 'calc') extra.select_choices_or_calculations = '2 * 3';
    rows.push(field(name, forms[f.form], f.kind.type, extra));
  });
  return rows;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A valid stored value of a field, as REDCap holds it. */
function valueArb(row: DictionaryRow): fc.Arbitrary<string> | null {
  const v = row.text_validation_type_or_show_slider_number;
  const choices = row.select_choices_or_calculations.split('|').map((c) => c.split(',')[0].trim());
  const date = fc
    .record({
      y: fc.integer({ min: 1950, max: 2060 }),
      m: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 28 }),
    })
    .map(({ y, m, d }) => `${y}-${pad(m)}-${pad(d)}`);
  // No 02:xx: that hour does not exist on a day clocks spring forward in America/New_York (one of the zones read in).
  const hm = fc
    .record({ h: fc.integer({ min: 0, max: 23 }).filter((h) => h !== 2), m: fc.integer({ min: 0, max: 59 }) })
    .map(({ h, m }) => `${pad(h)}:${pad(m)}`);
  const sec = fc.integer({ min: 0, max: 59 }).map((s) => pad(s));
  const decimals = (dp: number, comma: boolean) =>
    fc
      .integer({ min: -2_000_000, max: 2_000_000 })
      .map((k) => (k / 10 ** dp).toFixed(dp))
      .map((s) => (comma ? s.replace('.', ',') : s));
  switch (row.field_type) {
    case 'calc':
    case 'file':
    case 'descriptive':
      return null;
    case 'radio':
    case 'dropdown':
    case 'sql':
      return fc.constantFrom(...choices);
    case 'yesno':
    case 'truefalse':
      return fc.constantFrom('0', '1');
    case 'slider':
      return fc.integer({ min: 0, max: 100 }).map(String);
    case 'notes':
      return fc
        .string({ minLength: 1, maxLength: 12, unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', 'é', '😀', ';') })
        .filter((s) => s.trim() === s && s !== '');
    default:
      break;
  }
  switch (v) {
    case 'email':
      return fc.constantFrom('ann@example.org', 'o.brien+x@mail.example.com');
    case 'alpha_only':
      return fc.stringMatching(/^[a-zA-Z]{1,8}$/);
    case 'zipcode':
      return fc.constantFrom('12345', '12345-6789');
    case 'date_ymd':
    case 'date_mdy':
    case 'date_dmy':
      return date;
    case 'datetime_ymd':
    case 'datetime_dmy':
      return fc.tuple(date, hm).map(([d, t]) => `${d} ${t}`);
    case 'datetime_seconds_ymd':
    case 'datetime_seconds_mdy':
      return fc.tuple(date, hm, sec).map(([d, t, s]) => `${d} ${t}:${s}`);
    case 'time':
      return hm;
    case 'time_hh_mm_ss':
      return fc.tuple(hm, sec).map(([t, s]) => `${t}:${s}`);
    case 'time_mm_ss':
      return fc.tuple(fc.integer({ min: 0, max: 59 }), sec).map(([m, s]) => `${pad(m)}:${s}`);
    case 'integer':
      return row.text_validation_min
        ? fc.integer({ min: -50, max: 500 }).map(String)
        : fc.integer({ min: -1e9, max: 1e9 }).map(String);
    case 'number':
      return fc.integer({ min: -1e8, max: 1e8 }).map((k) => String(k / 100));
    case 'number_comma_decimal':
      return fc.integer({ min: -1e8, max: 1e8 }).map((k) => String(k / 100).replace('.', ','));
    case 'number_1dp':
      return decimals(1, false);
    case 'number_2dp':
      return decimals(2, false);
    case 'number_3dp':
      return decimals(3, false);
    case 'number_4dp':
      return decimals(4, false);
    case 'number_1dp_comma_decimal':
      return decimals(1, true);
    case 'number_2dp_comma_decimal':
      return decimals(2, true);
    default:
      return fc
        .string({ minLength: 1, maxLength: 10, unit: fc.constantFrom('a', 'B', '0', ' ', ',', '"', "'", 'ß', '\\') })
        .filter((s) => s.trim() === s);
  }
}

/** A value of a field on one row: blank, a missing-data code, or a valid value (a set of codes for checkboxes). */
function cellsArb(row: DictionaryRow): fc.Arbitrary<Record<string, string>> {
  if (row.field_type === 'checkbox') {
    const codes = row.select_choices_or_calculations.split('|').map((c) => c.split(',')[0].trim());
    return fc
      .subarray(codes)
      .map((checked) =>
        Object.fromEntries(codes.map((c) => [checkboxColumnName(row.field_name, c), checked.includes(c) ? '1' : '0'])),
      );
  }
  const value = valueArb(row);
  if (!value) return fc.constant({});
  return fc
    .oneof(
      { weight: 6, arbitrary: value },
      { weight: 2, arbitrary: fc.constant('') },
      { weight: 1, arbitrary: fc.constantFrom('NA', 'UNK') },
    )
    .map((text) => ({ [row.field_name]: text }));
}

interface Case {
  dictionary: DictionaryRow[];
  shape: Shape;
  rows: Record<string, string>[];
  frameOptions: {
    choices: 'labels' | 'codes';
    checkboxes: 'columns' | 'list';
    completeAs: 'labels' | 'codes';
    timeZone: string;
  };
  handOver: 'frame' | 'arquero' | 'danfo';
}

/** Rows of records for the forms that apply on each (event, instance). */
function rowsArb(dictionary: DictionaryRow[], shape: Shape): fc.Arbitrary<Record<string, string>[]> {
  const formsOf = (form: string) => dictionary.filter((f) => f.form_name === form && f.field_name !== 'record_id');
  const formRow = (forms: string[]) =>
    fc
      .tuple(
        ...forms.flatMap((form) => [
          ...formsOf(form).map(cellsArb),
          fc.constantFrom('', '0', '1', '2').map((s) => ({ [`${form}_complete`]: s })),
        ]),
      )
      .map((parts) => Object.assign({}, ...parts) as Record<string, string>);
  const allForms = [...new Set(dictionary.map((f) => f.form_name))];
  const record = (id: string): fc.Arbitrary<Record<string, string>[]> => {
    if (shape === 'longitudinal') {
      const events = LONGITUDINAL.mappings.map((m) => m.unique_event_name).filter((e, k, a) => a.indexOf(e) === k);
      return fc
        .tuple(
          ...events.map((event) => {
            const forms = LONGITUDINAL.mappings
              .filter((m) => m.unique_event_name === event && allForms.includes(m.form))
              .map((m) => m.form);
            return forms.length
              ? formRow(forms).map((r) => [{ record_id: id, redcap_event_name: event, ...r }])
              : fc.constant([]);
          }),
        )
        .map((parts) => parts.flat());
    }
    const base = allForms.filter((f) => shape !== 'repeating' || f !== 'visits');
    const baseRow = formRow(base).map((r) => ({ record_id: id, ...r }));
    if (shape !== 'repeating' || !allForms.includes('visits')) return baseRow.map((r) => [r]);
    return fc.tuple(baseRow, fc.array(formRow(['visits']), { maxLength: 2 })).map(([b, instances]) => [
      b,
      ...instances.map((r, k) => ({
        record_id: id,
        redcap_repeat_instrument: 'visits',
        redcap_repeat_instance: String(k + 1),
        ...r,
      })),
    ]);
  };
  return fc
    .uniqueArray(fc.constantFrom('1', '2', '10', '007', 'R-3'), { minLength: 1, maxLength: 4 })
    .chain((ids) => fc.tuple(...ids.map(record)).map((parts) => parts.flat()));
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    fields: fc.array(fieldArb, { minLength: 1, maxLength: 10 }),
    shape: fc.constantFrom<Shape>('classic', 'repeating', 'longitudinal'),
    frameOptions: fc.record({
      choices: fc.constantFrom<'labels' | 'codes'>('labels', 'codes'),
      checkboxes: fc.constantFrom<'columns' | 'list'>('columns', 'list'),
      completeAs: fc.constantFrom<'labels' | 'codes'>('labels', 'codes'),
      timeZone: fc.constantFrom('UTC', 'Asia/Kolkata', 'America/New_York'),
    }),
    handOver: fc.constantFrom<Case['handOver']>('frame', 'arquero', 'danfo'),
  })
  .chain(({ fields, shape, frameOptions, handOver }) => {
    const dictionary = dictionaryOf(fields);
    return rowsArb(dictionary, shape).map((rows) => ({
      dictionary,
      shape,
      rows,
      frameOptions,
      // Danfo keeps no lists (it writes them as text): hand over option columns there.
      handOver: handOver === 'danfo' && frameOptions.checkboxes === 'list' ? 'arquero' : handOver,
    }));
  });

let made = 0;

function projectFor(c: Case): Project {
  const repeating: RepeatingFormEvent[] =
    c.shape === 'repeating' ? [{ event_name: 'event_1_arm_1', form_name: 'visits', custom_form_label: '' }] : [];
  const held = server.addProject(
    definition(`round trip ${++made}`, {
      dictionary: c.dictionary,
      missingCodes: MISSING,
      longitudinal: c.shape === 'longitudinal',
      repeating,
    }),
  );
  const project = new Project(server.url, held.token);
  open.push(project);
  return project;
}

describe('export → frame → import → export', () => {
  it('returns the same values for any dictionary and records', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const source = projectFor(c);
        await source.importRecords(c.rows);
        const before = await source.exportRecords({ format: 'csv' });
        const frame = await exportTable(source, c.frameOptions);
        expect(frame.invalid.length).toBe(0);

        const target = projectFor(c);
        const handed = c.handOver === 'frame' ? frame : c.handOver === 'arquero' ? frame.table : toDanfo(frame);
        // Without the typed frame, say what it knew: its schema, time zone, choices and missing codes.
        const extra =
          c.handOver === 'frame'
            ? {}
            : {
                schema: frame.schema,
                timeZone: c.frameOptions.timeZone,
                missing: frame.missing.rows,
                choices: c.frameOptions.choices,
              };
        const written = await importTable(target, handed, { batchSize: 2, ...extra });
        expect(written.problems).toEqual([]);
        expect(await target.exportRecords({ format: 'csv' })).toBe(before);

        // Written back where it came from, erasing blanks: nothing changes.
        const again = await importTable(source, frame, { erase: true });
        expect(again.diff!.total).toBe(0);
        expect(await source.exportRecords({ format: 'csv' })).toBe(before);
      }),
      { numRuns: 60, seed: Number(process.env.FC_SEED ?? Date.now() % 1e9) },
    );
  });

  it('turns a frame into the import REDCap would take from hand-made text', async () => {
    // A plain table of REDCap text (as a raw CSV file holds) imports as typed values do.
    const c: Case = {
      dictionary: dictionaryOf([
        { kind: { type: 'text', validation: 'date_dmy' }, choices: [], form: 0 },
        { kind: { type: 'radio', choices: true }, choices: [{ code: '1', label: 'Yes' }], form: 0 },
      ]),
      shape: 'classic',
      rows: [],
      frameOptions: { choices: 'labels', checkboxes: 'columns', completeAs: 'labels', timeZone: 'UTC' },
      handOver: 'arquero',
    };
    const project = projectFor(c);
    const names = c.dictionary.map((d) => d.field_name);
    await importTable(project, table({ [names[0]]: ['1'], [names[1]]: ['2024-02-29'], [names[2]]: ['Yes'] }));
    expect(await project.exportRecords({ format: 'csv' })).toBe(
      `${names.join(',')},enrolment_complete\n1,2024-02-29,1,0\n`,
    );
  });
});
