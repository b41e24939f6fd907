import { CsvSyntaxError, parseCsvRows } from '../../formats/csv.js';
import type { Format } from '../http/formats.js';
import { badData, parseJsonData, parseXmlData, requireData } from '../http/import-payload.js';

/**
 * Incoming rows with their column names (header order kept for CSV), each
 * row its cells in column order: a record import of 100,000 rows × 100
 * columns reads cells by position, never making an object per row.
 */
export interface IncomingRows {
  columns: string[];
  /** A row's cells by column position; a cell past the row's end is blank. */
  rows: string[][];
  /** JSON sent as one object instead of an array: REDCap imports nothing. */
  singleObject: boolean;
}

/** Incoming rows as objects by column name, for the small imports that read them by name. */
export interface IncomingObjects {
  columns: string[];
  rows: Record<string, string>[];
  singleObject: boolean;
}

/** The rows' cells by column position ('' where a row has no such column). */
export function rowsOfObjects(input: IncomingObjects): IncomingRows {
  const rows = input.rows.map((row) => input.columns.map((c) => row[c] ?? ''));
  return { columns: input.columns, rows, singleObject: input.singleObject };
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') throw badData('A value is an object or a list where text was expected.');
  return String(v);
}

function fromObjects(list: unknown[]): IncomingObjects {
  const columns: string[] = [];
  const seen = new Set<string>();
  const rows = list.map((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      throw badData(`Row ${i + 1} is not an object.`);
    const row: Record<string, string> = {};
    for (const [k, v] of Object.entries(item)) {
      row[k] = cellText(v);
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
    }
    return row;
  });
  return { columns, rows, singleObject: false };
}

/** Reads the `data` parameter of a record import in the call's format. */
export function readImportData(data: string | undefined, format: Format, delimiter = ','): IncomingRows {
  if (format !== 'csv') return rowsOfObjects(readImportObjects(data, format));
  requireData(data);
  return readCsvData(data, delimiter);
}

/** Reads the `data` parameter as rows of named values (structure and dictionary imports). */
export function readImportObjects(data: string | undefined, format: Format, delimiter = ','): IncomingObjects {
  requireData(data);
  switch (format) {
    case 'json': {
      const parsed = parseJsonData(data);
      if (Array.isArray(parsed)) return fromObjects(parsed);
      if (parsed !== null && typeof parsed === 'object') return { columns: [], rows: [], singleObject: true };
      throw badData('JSON data must be an array of objects.');
    }
    case 'csv': {
      const { columns, rows } = readCsvData(data, delimiter);
      const objects = rows.map((cells) => Object.fromEntries(columns.map((h, i) => [h, cells[i] ?? ''])));
      return { columns, rows: objects, singleObject: false };
    }
    case 'xml': {
      const doc = parseXml(data);
      const records = (doc as { records?: { item?: unknown[] } | string }).records;
      if (records === undefined) throw badData('XML data must be a <records> element holding <item> elements.');
      const items = typeof records === 'object' && records.item ? records.item : [];
      return fromObjects(items.map((it) => (it && typeof it === 'object' ? it : {})));
    }
  }
}

function parseXml(data: string): unknown {
  return parseXmlData(data, false);
}

/**
 * One set of attributes (project creation, project settings). XML may hold
 * it as a lone `<item>` root with no `<records>` around it: PyCap's
 * `create_project` in tests/integration/conftest.py sends
 * `<?xml …?><item><project_title>…</project_title><purpose>0</purpose></item>`
 * and its live-server suites get a token back.
 */
export function readAttributes(data: string | undefined, format: Format): IncomingObjects {
  if (format === 'xml' && data !== undefined && data.trim() !== '') {
    const doc = parseXml(data) as { item?: unknown[] };
    if (doc.item !== undefined) return fromObjects(doc.item.map((it) => (it && typeof it === 'object' ? it : {})));
  }
  return readImportObjects(data, format);
}

/**
 * CSV data, refused as a whole when it cannot be read: a quote never
 * closed (`pid,age` / `"907,5` must not create a record named `907,5`) or
 * a row with more cells than the header. Blank lines are skipped.
 */
function readCsvData(data: string, delimiter: string): IncomingRows {
  let all: string[][];
  try {
    all = parseCsvRows(data, delimiter, true);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw badData(`${err.message}.`);
    throw err;
  }
  const header = (all[0] ?? []).map((h) => h.trim());
  if (new Set(header).size !== header.length) throw badData('A column name appears more than once in the header.');
  const body = all.slice(1).filter((cells) => !(cells.length === 1 && cells[0] === ''));
  const ragged = body.findIndex((cells) => cells.length > header.length);
  if (ragged >= 0)
    throw badData(`Row ${ragged + 2} has ${body[ragged].length} values but the header names ${header.length} columns.`);
  return { columns: header, rows: body, singleObject: false };
}
