import { XMLParser } from 'fast-xml-parser';
import { parseCsv } from '../../formats/csv.js';
import { type Refusal, badRequest } from '../refusal.js';
import type { Format } from '../http/formats.js';

/** One imported object: text values, or (JSON/XML) nested objects such as a user's `forms`. */
export type ImportedObject = Record<string, string | Record<string, string>>;

function badData(detail: string): Refusal {
  return badRequest(`The data being imported is not formatted correctly. ${detail}`.trim());
}

function text(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

function toObject(item: unknown, index: number): ImportedObject {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) throw badData(`Item ${index + 1} is not an object.`);
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
  if (data === undefined || data.trim() === '') throw badRequest('The parameter "data" is missing or empty');
  switch (format) {
    case 'json': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        throw badData('The JSON could not be parsed.');
      }
      const list = Array.isArray(parsed) ? parsed : [parsed];
      return list.map(toObject);
    }
    case 'csv': {
      const { header, rows } = parseCsv(data);
      const names = header.map((h) => h.trim());
      return rows.map((r) => Object.fromEntries(header.map((h, i) => [names[i], r[h] ?? ''])));
    }
    case 'xml': {
      let doc: Record<string, unknown>;
      try {
        doc = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, isArray: (name) => name === 'item' })
          .parse(data, true) as Record<string, unknown>;
      } catch {
        throw badData('The XML could not be parsed.');
      }
      const roots = Object.keys(doc).filter((k) => k !== '?xml');
      const root = roots.length === 1 ? doc[roots[0]] : undefined;
      if (root === undefined) throw badData('XML data must be one root element holding <item> elements.');
      const items = root && typeof root === 'object' ? ((root as { item?: unknown[] }).item ?? []) : [];
      return items.map((it, i) => toObject(it === '' ? {} : it, i));
    }
  }
}
