import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRows } from '../../src/formats/csv.js';
import { buildSchema, type Schema, type SchemaInput } from '../../src/schema/schema.js';
import { DICTIONARY_COLUMNS, type DictionaryRow } from '../../src/schema/types.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'redcapr');

/** A data dictionary as REDCap's download gives it (label headers, columns in REDCap's order). */
export function dictionaryFromCsv(text: string): DictionaryRow[] {
  const rows = parseCsvRows(text);
  return rows.slice(1).filter((cells) => cells[0] !== '').map((cells) => {
    const row = {} as DictionaryRow;
    DICTIONARY_COLUMNS.forEach((key, k) => (row[key] = cells[k] ?? ''));
    return row;
  });
}

export function fixtureText(project: string, file: string): string {
  return readFileSync(join(FIXTURES, project, file), 'utf8');
}

/** The schema of a fixture project from its dictionary.csv. */
export function fixtureSchema(project: string, extra: Omit<SchemaInput, 'dictionary'> = {}): Schema {
  const file = ['dictionary.csv', 'dictionay.csv'].find((f) => existsSync(join(FIXTURES, project, f)))!;
  return buildSchema({ dictionary: dictionaryFromCsv(fixtureText(project, file)), ...extra });
}
