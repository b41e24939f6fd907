// Generates the frames benchmark project: 100,000 records x 100 fields of
// mixed REDCap types (about 85 MB of raw CSV), deterministically from a seed.
// Writes <dir>/schema.json (dictionary + project info) and <dir>/records.csv.
//
//   node bench/frames-generate.js [dir] [records]
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

export const DEFAULT_DIR = join(tmpdir(), 'redcap-frames-bench');
export const MISSING_CODES = 'NA, Not applicable | UNK, Unknown';

/** mulberry32: a small seeded PRNG, so every run writes the same bytes. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'alpha',
  'river',
  'stone',
  'maple',
  'cloud',
  'delta',
  'north',
  'ember',
  'lumen',
  'quartz',
  'harbor',
  'willow',
  'cedar',
  'falcon',
  'garnet',
  'José',
  'Zoë',
  'Müller',
  'clinic',
  'visit',
];
const FIRST = ['Ana', 'Ben', 'Chloé', 'Dan', 'Eva', 'Femi', 'Gus', 'Hana', "O'Brien", 'Ivo', 'Jun', 'Kai'];

function row(field_name, form_name, field_type, extra = {}) {
  return {
    field_name,
    form_name,
    section_header: '',
    field_type,
    field_label: field_name.replace(/_/g, ' '),
    select_choices_or_calculations: '',
    field_note: '',
    text_validation_type_or_show_slider_number: '',
    text_validation_min: '',
    text_validation_max: '',
    identifier: '',
    branching_logic: '',
    required_field: '',
    custom_alignment: '',
    question_number: '',
    matrix_group_name: '',
    matrix_ranking: '',
    field_annotation: '',
    ...extra,
  };
}

const CHOICES_3 = '1, Low | 2, Medium | 3, High';
const CHOICES_5 = '1, Never | 2, Rarely | 3, Sometimes | 4, Often | -99, Unknown';
const CHOICES_CB = '1, Asthma | 2, Diabetes | 3, Hypertension | 4, Cancer | -99, Prefer not to say';

/** 100 fields (record id included) over 10 forms, in a realistic mix of types. */
export function benchDictionary() {
  const kinds = [
    ...Array(14).fill(['text']),
    ...Array(5).fill(['notes']),
    ...Array(2).fill(['text', 'email']),
    ...Array(10).fill(['text', 'date_ymd']),
    ...Array(3).fill(['text', 'datetime_ymd']),
    ...Array(3).fill(['text', 'datetime_seconds_ymd']),
    ...Array(2).fill(['text', 'time']),
    ...Array(12).fill(['text', 'integer']),
    ...Array(4).fill(['text', 'number']),
    ...Array(3).fill(['text', 'number_1dp']),
    ...Array(3).fill(['text', 'number_comma_decimal']),
    ...Array(4).fill(['calc']),
    ...Array(8).fill(['yesno']),
    ...Array(2).fill(['truefalse']),
    ...Array(8).fill(['radio']),
    ...Array(7).fill(['dropdown']),
    ...Array(6).fill(['checkbox']),
    ...Array(2).fill(['slider']),
    ...Array(1).fill(['file']),
  ];
  // Spread the kinds over the forms the way real instruments mix them.
  const rand = prng(7);
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  const dict = [row('record_id', 'form_1', 'text', { field_label: 'Record ID' })];
  kinds.forEach(([type, validation], k) => {
    const form = `form_${Math.floor((k + 1) / 10) + 1}`;
    const name = `${validation ?? type}_${k + 1}`;
    const extra = {};
    if (validation) extra.text_validation_type_or_show_slider_number = validation;
    if (type === 'radio') extra.select_choices_or_calculations = k % 2 ? CHOICES_3 : CHOICES_5;
    if (type === 'dropdown') extra.select_choices_or_calculations = k % 2 ? CHOICES_5 : CHOICES_3;
    if (type === 'checkbox') extra.select_choices_or_calculations = CHOICES_CB;
    if (type === 'calc') extra.select_choices_or_calculations = '[integer_1] * 2';
    if (validation === 'integer') Object.assign(extra, { text_validation_min: '0', text_validation_max: '1000' });
    dict.push(row(name, form, type, extra));
  });
  return dict;
}

function pad(n, w = 2) {
  return String(n).padStart(w, '0');
}

/** fputcsv quoting, as REDCap writes. */
function cell(v) {
  if (v === '') return v;
  return /[ ",\n\r\t\\]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function valueMaker(field, rand) {
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const date = () =>
    `${1950 + Math.floor(rand() * 74)}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`;
  const time = () => `${pad(Math.floor(rand() * 24))}:${pad(Math.floor(rand() * 60))}`;
  const v = field.text_validation_type_or_show_slider_number;
  switch (field.field_type) {
    case 'notes':
      return () => {
        const n = 3 + Math.floor(rand() * 12);
        const words = Array.from({ length: n }, () => pick(WORDS));
        if (rand() < 0.1) words.push('"quoted", and more');
        if (rand() < 0.05) words.push('\nsecond line');
        return words.join(' ');
      };
    case 'calc':
      return () => String(Math.round(rand() * 20000) / 10);
    case 'yesno':
    case 'truefalse':
      return () => (rand() < 0.5 ? '1' : '0');
    case 'radio':
    case 'dropdown': {
      const codes = field.select_choices_or_calculations.split('|').map((c) => c.split(',')[0].trim());
      return () => pick(codes);
    }
    case 'slider':
      return () => String(Math.floor(rand() * 101));
    case 'file':
      return () => `scan_${Math.floor(rand() * 1e6)}.pdf`;
    default:
      break;
  }
  switch (v) {
    case 'email':
      return () =>
        `${pick(FIRST)
          .toLowerCase()
          .replace(/[^a-z]/g, '')}.${Math.floor(rand() * 1000)}@example.org`;
    case 'date_ymd':
      return date;
    case 'datetime_ymd':
      return () => `${date()} ${time()}`;
    case 'datetime_seconds_ymd':
      return () => `${date()} ${time()}:${pad(Math.floor(rand() * 60))}`;
    case 'time':
      return time;
    case 'integer':
      return () => String(Math.floor(rand() * 1000));
    case 'number':
      return () => String(Math.round(rand() * 100000) / 100);
    case 'number_1dp':
      return () => (rand() * 300).toFixed(1);
    case 'number_comma_decimal':
      return () => (rand() * 100).toFixed(2).replace('.', ',');
    default:
      return () => (rand() < 0.5 ? pick(FIRST) : `${pick(WORDS)}-${Math.floor(rand() * 100)}`);
  }
}

/** Writes schema.json and records.csv; resolves to their paths and the CSV size. */
export async function generate(dir = DEFAULT_DIR, records = 100_000, seed = 20240601) {
  mkdirSync(dir, { recursive: true });
  const dictionary = benchDictionary();
  const schemaPath = join(dir, 'schema.json');
  writeFileSync(schemaPath, JSON.stringify({ dictionary, info: { missing_data_codes: MISSING_CODES } }));
  const rand = prng(seed);
  // Export columns: fields in order, checkbox options expanded, <form>_complete after each form.
  const columns = [];
  for (let k = 0; k < dictionary.length; k++) {
    const f = dictionary[k];
    if (f.field_type === 'checkbox') {
      for (const c of f.select_choices_or_calculations.split('|')) {
        const code = c.split(',')[0].trim();
        columns.push({
          name: `${f.field_name}___${code.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`,
          make: () => (rand() < 0.3 ? '1' : '0'),
          form: f.form_name,
        });
      }
    } else {
      columns.push({ name: f.field_name, make: k === 0 ? null : valueMaker(f, rand), form: f.form_name, field: f });
    }
    if (dictionary[k + 1]?.form_name !== f.form_name) {
      columns.push({ name: `${f.form_name}_complete`, make: () => String(Math.floor(rand() * 3)), form: f.form_name });
    }
  }
  const csvPath = join(dir, 'records.csv');
  const out = createWriteStream(csvPath);
  let bytes = 0;
  const write = async (s) => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(columns.map((c) => c.name).join(',') + '\n');
  let chunk = '';
  for (let r = 1; r <= records; r++) {
    const cells = new Array(columns.length);
    for (let c = 0; c < columns.length; c++) {
      const col = columns[c];
      if (c === 0) {
        // Record ids with leading zeros, which must stay text.
        cells[c] = String(r).padStart(6, '0');
        continue;
      }
      const u = rand();
      let v;
      if (col.field && u < 0.1)
        v = ''; // not filled in
      else if (col.field && u < 0.104)
        v = rand() < 0.5 ? 'NA' : 'UNK'; // a project missing-data code
      else if (col.field && u < 0.105 && col.field.text_validation_type_or_show_slider_number === 'date_ymd')
        v = '2021-02-30'; // no such day
      else v = col.make();
      cells[c] = cell(v);
    }
    chunk += cells.join(',') + '\n';
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
  return { schemaPath, csvPath, bytes, columns: columns.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? DEFAULT_DIR;
  const records = Number(process.argv[3] ?? 100_000);
  const t0 = performance.now();
  const res = await generate(dir, records);
  console.log(
    `wrote ${res.csvPath}: ${records} records, ${res.columns} columns, ${(res.bytes / 1048576).toFixed(1)} MiB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
