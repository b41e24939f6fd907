import { parseCsv } from '../../formats/csv.js';
import type { Format } from '../http/formats.js';
import { badData, parseJsonData, parseXmlData, requireData } from '../http/import-payload.js';

/** One imported object: text values, or (JSON/XML) nested objects such as a user's `forms`. */
export type ImportedObject = Record<string, string | Record<string, string>>;

function text(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

function toObject(item: unknown, index: number): ImportedObject {
  if (item === null || typeof item !== 'object' || Array.isArray(item))
    throw badData(`Item ${index + 1} is not an object.`);
  const out: ImportedObject = {};
  for (const [k, v] of Object.entries(item)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([ik, iv]) => [ik, text(iv)]));
    } else if (Array.isArray(v)) {
      throw badData(`The value of "${k}" in item ${index + 1} is a list where text or an object was expected.`);
    } else {
      out[k] = text(v);
    }
  }
  return out;
}

/**
 * Reads the `data` of a user, role, DAG or mapping import. Unlike record
 * imports these may nest one level (`forms`, `forms_export`). A single JSON
 * object is taken as one item: REDCap's docs show arrays, and a lenient
 * server accepts both for these small imports. XML takes any root element
 * holding `<item>` elements.
 */
export function readObjects(data: string | undefined, format: Format): ImportedObject[] {
  requireData(data);
  switch (format) {
    case 'json': {
      const parsed = parseJsonData(data);
      const list = Array.isArray(parsed) ? parsed : [parsed];
      return list.map(toObject);
    }
    case 'csv': {
      const { header, rows } = parseCsv(data);
      const names = header.map((h) => h.trim());
      return rows.map((r) => Object.fromEntries(header.map((h, i) => [names[i], r[h] ?? ''])));
    }
    case 'xml': {
      const doc = parseXmlData(data, true);
      const roots = Object.keys(doc).filter((k) => k !== '?xml');
      const root = roots.length === 1 ? doc[roots[0]] : undefined;
      if (root === undefined) throw badData('XML data must be one root element holding <item> elements.');
      const items = root && typeof root === 'object' ? ((root as { item?: unknown[] }).item ?? []) : [];
      return items.map((it, i) => toObject(it === '' ? {} : it, i));
    }
  }
}
