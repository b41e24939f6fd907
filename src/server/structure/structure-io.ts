import { XMLParser } from 'fast-xml-parser';
import { badRequest } from '../refusal.js';
import { XML_DECLARATION, renderRows, xmlItem, type Format } from '../http/formats.js';
import { readImportObjects } from '../records/import-data.js';

/**
 * Reading and writing the small structure tables (arms, events, mappings,
 * repeating setup, file repository listings). JSON and CSV read as record
 * imports do; XML is accepted under any root element holding `<item>`s,
 * since REDCap names the root after the method (`<arms>`, `<events>`, …).
 */
export function readStructureRows(data: string | undefined, format: Format): Record<string, string>[] {
  if (format !== 'xml') {
    const input = readImportObjects(data, format);
    // A single JSON object is one row here (REDCap reads it as such for structure imports).
    if (input.singleObject) return readImportObjects(`[${data}]`, 'json').rows.map(trimKeys);
    return input.rows.map(trimKeys);
  }
  if (data === undefined || data.trim() === '') throw badRequest('The parameter "data" is missing or empty');
  let doc: Record<string, unknown>;
  try {
    doc = new XMLParser({
      ignoreAttributes: true,
      parseTagValue: false,
      trimValues: true,
      isArray: (name) => name === 'item',
    }).parse(data, true);
  } catch {
    throw badRequest('The data being imported is not formatted correctly. The XML could not be parsed.');
  }
  const root = Object.entries(doc).find(([k]) => k !== '?xml')?.[1];
  if (root === undefined)
    throw badRequest('The data being imported is not formatted correctly. The XML has no root element.');
  const items = root && typeof root === 'object' ? ((root as { item?: unknown[] }).item ?? []) : [];
  return items.map((it) => {
    const row: Record<string, string> = {};
    if (it && typeof it === 'object') {
      for (const [k, v] of Object.entries(it)) {
        if (v !== null && typeof v === 'object')
          throw badRequest(
            `The data being imported is not formatted correctly. <${k}> holds elements where text was expected.`,
          );
        row[k.trim()] = v === null || v === undefined ? '' : String(v);
      }
    }
    return row;
  });
}

function trimKeys(row: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(row)) out[k.trim()] = v;
  return out;
}

/** Rows in the call's format; XML under the given root element. */
export function renderStructure(
  objects: readonly object[],
  format: Format,
  header: readonly string[],
  root: string,
): string {
  const rows = objects as readonly Readonly<Record<string, unknown>>[];
  if (format !== 'xml') return renderRows(rows, format, header);
  return `${XML_DECLARATION}\n<${root}>\n${rows
    .map((r) =>
      xmlItem(
        r,
        header.filter((h) => r[h] !== undefined),
      ),
    )
    .join('')}</${root}>\n`;
}

/** A whole number ≥ 1 from an import cell, or a refusal naming the column and row. */
export function positiveInteger(value: string | undefined, column: string, rowNumber: number): number {
  const v = (value ?? '').trim();
  if (!/^\d+$/.test(v) || Number(v) < 1)
    throw badRequest(
      `The value '${v}' of "${column}" on row ${rowNumber} is not a valid number (a whole number of 1 or more is expected)`,
    );
  return Number(v);
}

/**
 * The `arms[]` parameter as numbers, refusing anything that is not one of
 * `known` (the arms the API shows), in REDCap's words for bad list values.
 */
export function armNumbers(values: string[] | undefined, known?: readonly number[]): number[] | undefined {
  if (!values) return undefined;
  const bad = values.filter((v) => !/^\d+$/.test(v) || (known !== undefined && !known.includes(Number(v))));
  if (bad.length)
    throw badRequest(
      `The following values in the parameter "arms" are not valid: ${bad.map((v) => `'${v}'`).join(', ')}`,
    );
  return values.map(Number);
}
