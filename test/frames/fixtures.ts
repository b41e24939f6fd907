import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRows } from '../../src/formats/csv.js';
import { buildSchema, type Schema, type SchemaInput } from '../../src/schema/schema.js';
import { DICTIONARY_COLUMNS, type DictionaryRow } from '../../src/schema/types.js';
import { parseOdm } from '../../src/server/odm/parse-odm.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'redcapr');

/** A data dictionary as REDCap's download gives it (label headers, columns in REDCap's order). */
export function dictionaryFromCsv(text: string): DictionaryRow[] {
  const rows = parseCsvRows(text);
  return rows
    .slice(1)
    .filter((cells) => cells[0] !== '')
    .map((cells) => {
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

/** The schema of a fixture project from its project.xml (the ground truth). */
export function odmSchema(project: string): Schema {
  const def = parseOdm(fixtureText(project, 'project.xml'));
  return buildSchema({
    dictionary: def.dictionary,
    instruments: def.instruments,
    arms: def.arms,
    events: def.events,
    mappings: def.mappings,
    repeating: def.repeating,
    info: def.info,
    surveyForms: def.surveys.map((s) => s.form),
  });
}

/** Fixture projects that ship a data.csv. */
export function projectsWithData(): string[] {
  return readdirSync(FIXTURES)
    .filter((p) => existsSync(join(FIXTURES, p, 'data.csv')))
    .sort();
}
