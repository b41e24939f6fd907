/**
 * Typed frames saved to files and read back for import:
 *
 * - `.arrow` (Arrow IPC file): types kept (numbers, timestamps, booleans,
 *   text, lists of checked options). The schema's metadata remembers
 *   what a typed frame knew: the time zone datetimes were read in, labels
 *   or codes, the missing-data codes that are null in the columns, and
 *   the numbers REDCap stores in another form than their value's (`.34`).
 * - `.csv` / `.json`: values as text a person and REDCap both read: codes
 *   or labels, `true`/`false`, dates and datetimes in REDCap's form
 *   (`YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` on the frame's time zone),
 *   times `HH:MM[:SS]`, checkbox lists `A | B`, missing-data codes as
 *   themselves, numbers stored in another form as stored. JSON keeps
 *   numbers, booleans, lists and nulls as JSON.
 *
 * Read back, CSV and JSON cells are text (CSV blanks are null) and each
 * column is read by its field, as a REDCap import reads text: so a file
 * written here and a raw REDCap export (codes, 1/0) import alike.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fromArrow, table as arqueroTable, type ColumnTable } from 'arquero';
import { Table as ArrowTable, tableFromIPC, tableToIPC } from '@uwdata/flechette';
import { RedcapUsageError } from '../api/errors.js';
import { csvLine, parseCsvRows } from '../formats/csv.js';
import { valueAt, type FrameColumn } from '../frames/columns.js';
import type { MissingValue, NumberText } from '../frames/reports.js';
import { frameToArrow } from '../frames/stream/arrow-columns.js';
import type { FrameColumnInfo, TypedFrame } from '../frames/typed-frame.js';
import type { FieldRule } from '../values/field-rule.js';
import { plainNumber } from '../values/numbers.js';
import type { ConversionOptions } from './table-to-import.js';
import { datetimeOfWallClock, formatTimeSeconds, offsetReader, ymdOfDay } from '../values/dates.js';

export type FrameFileFormat = 'arrow' | 'csv' | 'json';

/** The format a file name asks for. */
export function frameFileFormat(path: string): FrameFileFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.arrow' || ext === '.feather' || ext === '.ipc') return 'arrow';
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  throw new RedcapUsageError(`Cannot tell the format of ${path}: use a .arrow, .csv or .json file.`);
}

/** What an Arrow file's metadata remembers of its typed frame. */
interface FrameMetadata {
  version: 1;
  timeZone: string;
  choices: 'labels' | 'codes';
  completeAs: 'labels' | 'codes';
  checkboxes: 'columns' | 'list';
  columns: Pick<FrameColumnInfo, 'name' | 'role' | 'field' | 'code'>[];
  /** Missing-data codes that are null in the table: [column, record, event, instrument, instance, code]. */
  missing: [string, string, string | null, string | null, number | null, string][];
  /** Numbers stored in another form (`.34`), by the same keys: [column, record, event, instrument, instance, text]. */
  numberTexts?: [string, string, string | null, string | null, number | null, string][];
}

const METADATA_KEY = 'redcap-frames';
const DAY_MS = 86_400_000;

/** A frame column's value → text, in the forms this module writes. */
function textWriter(
  frame: TypedFrame,
  info: FrameColumnInfo,
): (value: unknown) => string | number | boolean | string[] | null {
  const rule: FieldRule | undefined = info.field ? frame.schema.field(info.field) : undefined;
  const offset = offsetReader(frame.options.timeZone);
  const kind = info.role === 'survey-timestamp' ? 'datetime' : rule?.kind;
  const seconds = info.role === 'survey-timestamp' || rule?.validation?.kind === 'datetime_seconds';
  return (value) => {
    if (value === null || value === undefined) return null;
    if (value instanceof Date) {
      const ms = value.getTime();
      if (kind === 'date' && ms % DAY_MS === 0) return ymdOfDay(ms / DAY_MS);
      return datetimeOfWallClock(ms + offset(ms), seconds);
    }
    if (typeof value === 'number' && kind === 'time' && Number.isFinite(value)) {
      return formatTimeSeconds(value, rule!.validation!.kind as 'time' | 'time_hh_mm_ss' | 'time_mm_ss');
    }
    if (Array.isArray(value)) return value.map(String);
    return value as string | number | boolean;
  };
}

/** Each row of a typed frame as an object of text-friendly values, missing-data codes and numbers as stored in place. */
function frameRows(frame: TypedFrame): { names: string[]; rows: unknown[][] } {
  const t = frame.table;
  const names = t.columnNames();
  const count = t.numRows();
  const missing = new Map<string, string>();
  for (const m of frame.missing.rows) missing.set(`${m.field}\u0000${m.row}`, m.code);
  const stored = new Map<string, string>();
  for (const n of frame.numberTexts.rows) stored.set(`${n.field}\u0000${n.row}`, n.text);
  const infos = new Map(frame.columns.map((c) => [c.name, c]));
  const rows: unknown[][] = Array.from({ length: count }, () => new Array(names.length));
  names.forEach((name, c) => {
    const column = t.column(name) as unknown as FrameColumn;
    const info = infos.get(name) ?? { name, type: 'text', role: 'unknown' };
    const write = textWriter(frame, info as FrameColumnInfo);
    for (let r = 0; r < count; r++) {
      const v = write(valueAt(column, r));
      rows[r][c] =
        v === null
          ? (missing.get(`${name}\u0000${r}`) ?? null)
          : typeof v === 'number'
            ? (stored.get(`${name}\u0000${r}`) ?? v)
            : v;
    }
  });
  return { names, rows };
}

function csvValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(' | ');
  if (typeof v === 'number') return Number.isFinite(v) ? plainNumber(v) : '';
  return String(v);
}

/** A typed frame as the bytes of a file of the given format. */
export function frameFileBytes(frame: TypedFrame, format: FrameFileFormat): Uint8Array {
  if (format === 'arrow') {
    const arrow = frameToArrow(frame);
    const metadata: FrameMetadata = {
      version: 1,
      timeZone: frame.options.timeZone,
      choices: frame.options.choices,
      completeAs: frame.options.completeAs,
      checkboxes: frame.options.checkboxes,
      columns: frame.columns.map(({ name, role, field, code }) => ({ name, role, field, code })),
      missing: frame.missing.rows.map((m) => [m.field, m.record, m.event, m.instrument, m.instance, m.code]),
      numberTexts: frame.numberTexts.rows.map((n) => [n.field, n.record, n.event, n.instrument, n.instance, n.text]),
    };
    const schema = { ...arrow.schema, metadata: new Map([[METADATA_KEY, JSON.stringify(metadata)]]) };
    return tableToIPC(new ArrowTable(schema, arrow.children), { format: 'file' }) as Uint8Array;
  }
  const { names, rows } = frameRows(frame);
  if (format === 'json') {
    const objects = rows.map((row) => Object.fromEntries(names.map((n, c) => [n, row[c] ?? null])));
    return Buffer.from(JSON.stringify(objects, null, 1), 'utf8');
  }
  const lines = [csvLine(names, ',', 'minimal')];
  for (const row of rows) lines.push(csvLine(row.map(csvValue), ',', 'minimal'));
  return Buffer.from(lines.join(''), 'utf8');
}

/** Writes a typed frame to a `.arrow`, `.csv` or `.json` file; answers its size. */
export async function writeFrameFile(
  frame: TypedFrame,
  path: string,
  format: FrameFileFormat = frameFileFormat(path),
): Promise<number> {
  const bytes = frameFileBytes(frame, format);
  await writeFile(path, bytes);
  return bytes.length;
}

/** A table read from a file, with what the file says about reading it. */
export interface FrameFile {
  table: ColumnTable;
  format: FrameFileFormat;
  /** Options the file implies (time zone, choices, missing-data codes of an Arrow file). */
  options: Pick<ConversionOptions, 'timeZone' | 'choices' | 'missing' | 'numberTexts'>;
}

function fromRows(names: string[], rows: unknown[][]): ColumnTable {
  const data: Record<string, unknown[]> = {};
  names.forEach((name, c) => (data[name] = rows.map((row) => row[c] ?? null)));
  return arqueroTable(data as never);
}

/** Reads file bytes of the given format into a table for import. */
export function readFrameBytes(bytes: Uint8Array, format: FrameFileFormat): FrameFile {
  if (format === 'arrow') {
    const arrow = tableFromIPC(bytes, { useDate: true });
    const raw = arrow.schema.metadata?.get(METADATA_KEY);
    const options: FrameFile['options'] = {};
    if (raw) {
      const meta = JSON.parse(raw) as FrameMetadata;
      options.timeZone = meta.timeZone;
      options.choices = meta.choices;
      options.missing = meta.missing.map(
        ([field, record, event, instrument, instance, code]): MissingValue => ({
          row: -1,
          field,
          code,
          label: '',
          record,
          event,
          instrument,
          instance,
        }),
      );
      options.numberTexts = (meta.numberTexts ?? []).map(
        ([field, record, event, instrument, instance, text]): NumberText => ({
          row: -1,
          field,
          text,
          record,
          event,
          instrument,
          instance,
        }),
      );
    }
    return { table: fromArrow(arrow as never), format, options };
  }
  const text = new TextDecoder().decode(bytes);
  if (format === 'json') {
    const parsed = JSON.parse(text) as unknown;
    if (!Array.isArray(parsed))
      throw new RedcapUsageError('A JSON file to import holds an array of records (objects).');
    const names: string[] = [];
    const seen = new Set<string>();
    for (const row of parsed) {
      if (typeof row !== 'object' || row === null || Array.isArray(row))
        throw new RedcapUsageError('A JSON file to import holds an array of records (objects).');
      for (const key of Object.keys(row)) {
        if (seen.has(key)) continue;
        seen.add(key);
        names.push(key);
      }
    }
    const rows = parsed.map((row: Record<string, unknown>) => names.map((n) => (row[n] === '' ? null : row[n])));
    return { table: fromRows(names, rows), format, options: {} };
  }
  const [header = [], ...body] = parseCsvRows(text);
  const rows = body
    .filter((cells) => !(cells.length === 1 && cells[0] === ''))
    .map((cells) => header.map((_, c) => (cells[c] === undefined || cells[c] === '' ? null : cells[c])));
  return { table: fromRows(header, rows), format, options: {} };
}

/** Reads a `.arrow`, `.csv` or `.json` file for import. */
export async function readFrameFile(path: string, format: FrameFileFormat = frameFileFormat(path)): Promise<FrameFile> {
  return readFrameBytes(await readFile(path), format);
}
