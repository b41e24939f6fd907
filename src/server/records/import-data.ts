import { XMLParser } from 'fast-xml-parser';
import { parseCsv } from '../../formats/csv.js';
import { type Refusal, badRequest } from '../refusal.js';
import type { Format } from '../http/formats.js';

/** Incoming rows with their column names (header order kept for CSV). */
export interface IncomingRows {
  columns: string[];
  rows: Record<string, string>[];
  /** JSON sent as one object instead of an array: REDCap imports nothing. */
  singleObject: boolean;
}

function badData(detail: string): Refusal {
  return badRequest(`The data being imported is not formatted correctly. ${detail}`.trim());
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') throw badData('A value is an object or a list where text was expected.');
  return String(v);
}

function fromObjects(list: unknown[]): IncomingRows {
  const columns: string[] = [];
  const seen = new Set<string>();
  const rows = list.map((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw badData(`Row ${i + 1} is not an object.`);
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

/** Reads the `data` parameter of an import in the call's format. */
export function readImportData(data: string | undefined, format: Format, delimiter = ','): IncomingRows {
  if (data === undefined || data.trim() === '') throw badRequest('The parameter "data" is missing or empty');
  switch (format) {
    case 'json': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        throw badData('The JSON could not be parsed.');
      }
      if (Array.isArray(parsed)) return fromObjects(parsed);
      if (parsed !== null && typeof parsed === 'object') return { columns: [], rows: [], singleObject: true };
      throw badData('JSON data must be an array of objects.');
    }
    case 'csv': {
      const { header, rows } = parseCsv(data, delimiter);
      const trimmed = header.map((h) => h.trim());
      if (new Set(trimmed).size !== trimmed.length) throw badData('A column name appears more than once in the header.');
      return {
        columns: trimmed,
        rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [trimmed[i], r[h] ?? '']))),
        singleObject: false,
      };
    }
    case 'xml': {
      let doc: unknown;
      try {
        doc = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: false, isArray: (name) => name === 'item' }).parse(data, true);
      } catch {
        throw badData('The XML could not be parsed.');
      }
      const records = (doc as { records?: { item?: unknown[] } | string }).records;
      if (records === undefined) throw badData('XML data must be a <records> element holding <item> elements.');
      const items = typeof records === 'object' && records.item ? records.item : [];
      return fromObjects(items.map((it) => (it && typeof it === 'object' ? it : {})));
    }
  }
}
