import { table as arqueroTable, type ColumnTable } from 'arquero';
import type { Schema } from '../schema/schema.js';
import type { Problem } from './builders.js';
import type { ColumnRole, ColumnSpec } from './column-plan.js';
import { type BooleanColumn, CategoryColumn, type FrameColumn, type FrameColumnType } from './columns.js';
import { applyCasts } from './casts.js';
import { labelColumn } from './column-labels.js';
import { resolveOptions, type FrameOptions, type ResolvedFrameOptions } from './options.js';
import { readCsvFast } from './read-csv-fast.js';
import { readCsvGeneric } from './read-generic.js';
import { readJsonRecords } from './read-json.js';
import type { ColumnsRead } from './read-state.js';
import {
  INVALID_COLUMNS,
  MISSING_COLUMNS,
  NUMBER_TEXT_COLUMNS,
  ValueReport,
  type InvalidValue,
  type InvalidValueReport,
  type MissingValue,
  type MissingValueReport,
  type NumberText,
  type NumberTextReport,
  type RowKeys,
} from './reports.js';

/** A frame column: its name, what it holds and where it comes from. */
export interface FrameColumnInfo {
  name: string;
  type: FrameColumnType;
  role: ColumnRole | 'event-label' | 'checkbox-list' | 'arm';
  /** The REDCap field (checkbox options and lists name their checkbox field). */
  field?: string;
  form?: string;
  /** Checkbox option code. */
  code?: string;
  /** Category columns: the possible values in order (choice order for choices); checkbox lists: the options. */
  levels?: readonly string[];
  /** The field's label (or REDCap's name for a key column). */
  label?: string;
  /** Checkbox option columns: the option's label. */
  choice?: string;
  /** Category columns: the codes, and the label of each code (events: event names; DAGs: group names). */
  codes?: readonly string[];
  labels?: readonly string[];
  /** Whether a category column's values are its codes or its labels now. */
  shows?: 'codes' | 'labels';
  /** The user cast that typed this column, when one did (`field x`, `validation date_dmy`, `type radio`). */
  cast?: string;
}

/** A typed record export: the Arquero table, its columns, and what was set aside. */
export interface TypedFrame {
  table: ColumnTable;
  columns: FrameColumnInfo[];
  /** Values that failed their field's rules (null in the table). */
  invalid: InvalidValueReport;
  /** Missing-data codes (null in the table). */
  missing: MissingValueReport;
  /** Numbers stored in another form than their write-back's (`.34`): the stored texts, which a write-back puts back. */
  numberTexts: NumberTextReport;
  schema: Schema;
  options: ResolvedFrameOptions;
}

/** Export bytes or text. */
export type ExportData = string | Uint8Array | ArrayBuffer;

const EVENT_LABEL_COLUMN = 'redcap_event_label';

function decode(data: ExportData): string {
  if (typeof data === 'string') return data.charCodeAt(0) === 0xfeff ? data.slice(1) : data;
  // TextDecoder drops a byte-order mark.
  return new TextDecoder().decode(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
}

function looksLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    return c === 91 /* [ */ || c === 123 /* { */;
  }
  return false;
}

function startsLikeJson(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xef || c === 0xbb || c === 0xbf) continue;
    return c === 91 || c === 123;
  }
  return false;
}

/** Reads an export into typed columns with the chosen reader. */
export function readColumns(data: ExportData, schema: Schema, opts: ResolvedFrameOptions): ColumnsRead {
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
  // The fast CSV reader takes bytes as they are (text columns point into them).
  if (
    opts.reader === 'fast' &&
    typeof bytes !== 'string' &&
    (opts.format === 'csv' || (!opts.format && !startsLikeJson(bytes)))
  ) {
    return readCsvFast(bytes, schema, opts);
  }
  const text = decode(bytes);
  const format = opts.format ?? (looksLikeJson(text) ? 'json' : 'csv');
  if (format === 'json') return readJsonRecords(text, schema, opts);
  return opts.reader === 'generic' ? readCsvGeneric(text, schema, opts) : readCsvFast(text, schema, opts);
}

function infoOf(spec: ColumnSpec, column: FrameColumn, schema: Schema): FrameColumnInfo {
  const info: FrameColumnInfo = { name: spec.name, type: spec.type, role: spec.role };
  if (spec.rule) info.field = spec.rule.name;
  if (spec.form) info.form = spec.form;
  if (spec.code !== undefined) info.code = spec.code;
  if (column instanceof CategoryColumn) info.levels = column.levels;
  labelColumn(info, spec, column, schema);
  return info;
}

/** One list column per checkbox field in place of its option columns. */
function checkboxLists(
  read: ColumnsRead,
  infos: FrameColumnInfo[],
  columns: FrameColumn[],
  opts: ResolvedFrameOptions,
): void {
  for (let k = 0; k < infos.length; k++) {
    const spec = read.specs.find((s) => s.name === infos[k].name);
    if (spec?.role !== 'checkbox') continue;
    const rule = spec.rule!;
    const parts: { column: BooleanColumn; shown: string }[] = [];
    for (let j = k; j < infos.length; j++) {
      const s = read.specs.find((x) => x.name === infos[j].name);
      if (s?.role === 'checkbox' && s.rule === rule) {
        const choice = rule.byCode.get(s.code!);
        parts.push({
          column: columns[j] as BooleanColumn,
          shown: opts.choices === 'codes' ? s.code! : (choice?.label ?? s.code!),
        });
      }
    }
    const list: (readonly string[] | null)[] = new Array(read.rows);
    for (let r = 0; r < read.rows; r++) {
      let any = false;
      const checked: string[] = [];
      for (const p of parts) {
        const v = p.column.at(r);
        if (v !== null) any = true;
        if (v === true) checked.push(p.shown);
      }
      // Blank options (a form that does not apply to the row) give null, not an empty list.
      list[r] = any ? checked : null;
    }
    const names = new Set(parts.map((p) => p.column));
    for (let j = infos.length - 1; j > k; j--) {
      if (names.has(columns[j] as BooleanColumn)) {
        infos.splice(j, 1);
        columns.splice(j, 1);
      }
    }
    infos[k] = {
      name: rule.name,
      type: 'list',
      role: 'checkbox-list',
      field: rule.name,
      form: spec.form,
      levels: parts.map((p) => p.shown),
      label: rule.label,
      codes: rule.choices.map((c) => c.code),
      labels: rule.choices.map((c) => c.label),
      shows: opts.choices === 'codes' ? 'codes' : 'labels',
    };
    columns[k] = list;
  }
}

/** The keys of a row, read from the key columns of the export. */
function keyReader(read: ColumnsRead): (row: number) => RowKeys {
  const column = (role: ColumnRole): FrameColumn | undefined => {
    const k = read.specs.findIndex((s) => s.role === role);
    return k < 0 ? undefined : read.columns[k];
  };
  const at = (c: FrameColumn | undefined, row: number): unknown =>
    c === undefined ? null : Array.isArray(c) ? c[row] : c.at(row);
  const record = column('record');
  const event = column('event');
  const instrument = column('repeat-instrument');
  const instance = column('repeat-instance');
  return (row) => ({
    row,
    record: String(at(record, row) ?? ''),
    event: (at(event, row) as string | null) ?? null,
    instrument: (at(instrument, row) as string | null) ?? null,
    instance: (at(instance, row) as number | null) ?? null,
  });
}

function invalidRows(read: ColumnsRead): InvalidValue[] {
  const keys = keyReader(read);
  return read.invalid.map((p: Problem) => {
    return {
      ...keys(p.row),
      field: p.spec.name,
      value: p.value,
      reason: p.reason!,
    };
  });
}

function missingRows(read: ColumnsRead, schema: Schema): MissingValue[] {
  const keys = keyReader(read);
  const labels = new Map(schema.missingCodes.map((c) => [c.code, c.label]));
  return read.missing.map((p: Problem) => {
    return {
      ...keys(p.row),
      // A missing-code checkbox column stands for its checkbox field.
      field: p.spec.role === 'checkbox-missing' ? p.spec.rule!.name : p.spec.name,
      code: p.code!,
      label: labels.get(p.code!) ?? '',
    };
  });
}

function numberTextRows(read: ColumnsRead): NumberText[] {
  const keys = keyReader(read);
  return read.texts.map((p: Problem) => {
    return {
      ...keys(p.row),
      field: p.spec.name,
      text: p.value,
    };
  });
}

/** Assembles the frame from what a reader produced. */
export function assembleFrame(read: ColumnsRead, schema: Schema, opts: ResolvedFrameOptions): TypedFrame {
  const infos = read.specs.map((s, k) => infoOf(s, read.columns[k], schema));
  const columns = [...read.columns];
  if (opts.checkboxes === 'list') checkboxLists(read, infos, columns, opts);
  if (opts.eventLabels) {
    const k = infos.findIndex((i) => i.role === 'event');
    if (k >= 0) {
      const events = columns[k] as CategoryColumn;
      const levels = events.levels.map((name) => schema.event(name)?.event_name ?? name);
      infos.splice(k + 1, 0, {
        name: EVENT_LABEL_COLUMN,
        type: 'category',
        role: 'event-label',
        levels,
        label: 'Event Label',
      });
      columns.splice(k + 1, 0, new CategoryColumn(events.indices, levels));
    }
  }
  const data: Record<string, FrameColumn> = {};
  infos.forEach((info, k) => (data[info.name] = columns[k]));
  return {
    table: arqueroTable(data as never),
    columns: infos,
    invalid: new ValueReport('Invalid values', INVALID_COLUMNS, invalidRows(read)),
    missing: new ValueReport('Missing-data codes', MISSING_COLUMNS, missingRows(read, schema)),
    numberTexts: new ValueReport('Numbers stored in another form', NUMBER_TEXT_COLUMNS, numberTextRows(read)),
    schema,
    options: opts,
  };
}

/**
 * A record export (CSV or JSON, bytes or text, flat, raw values) read into
 * a typed Arquero table with the schema of its project, together with the
 * reports of invalid values and missing-data codes. Column types:
 *
 * - record id, DAG, survey identifier, text, notes, email, phone…, file
 *   fields (the file name): text. Record ids keep their leading zeros.
 * - `redcap_event_name`, `redcap_repeat_instrument`: text (with
 *   `eventLabels`, `redcap_event_label` follows the event name);
 *   `redcap_repeat_instance`: integer.
 * - integer, number, number_Ndp (comma decimals too, whatever the export's
 *   decimal character), slider, calc: numbers.
 * - date: `Date` at UTC midnight; datetime (with or without seconds) and
 *   survey timestamps: `Date`, the wall clock read in `timeZone` (UTC by
 *   default; `[not completed]` is null).
 * - time (`HH:MM`), time_hh_mm_ss: seconds since midnight; time_mm_ss: the
 *   duration in seconds.
 * - yes/no, true/false: booleans. radio, dropdown, sql: labels (or codes),
 *   in choice order (`columns[].levels`); `<form>_complete` likewise.
 * - checkbox: a boolean per option, named as REDCap exports them
 *   (`race____99` for code `-99`), or with `checkboxes: 'list'` one column of
 *   checked labels (codes with `choices: 'codes'`; null where the options
 *   are blank).
 *
 * `casts` replace this typing for the fields they cover (see {@link Casts}).
 *
 * Blank cells, missing-data codes and invalid values are null; the latter
 * two are listed in `missing` and `invalid` with the row's keys. Read from
 * bytes, text columns keep a view of them and decode a value when it is
 * read: do not reuse the buffer for something else afterwards.
 */
export function readRecords(data: ExportData, schema: Schema, options: FrameOptions = {}): TypedFrame {
  const opts = resolveOptions(options);
  const read = readColumns(data, schema, opts);
  const { type, validation, field } = opts.casts;
  if (!type && !validation && !field) return assembleFrame(read, schema, opts);
  const text = decode(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
  const format = opts.format ?? (looksLikeJson(text) ? 'json' : 'csv');
  const by = applyCasts(read, text, format, opts.delimiter, opts.casts);
  const names = new Map([...by].map(([k, how]) => [read.specs[k].name, how]));
  const frame = assembleFrame(read, schema, opts);
  for (const info of frame.columns) {
    const how = names.get(info.name);
    if (how) info.cast = how;
  }
  return frame;
}
