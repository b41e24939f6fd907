import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/formats/csv.js';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { call, fixtureFile, fixtureNames, loadFixture, startServer } from '../../helpers/server.js';

/**
 * How each fixture's data.csv relates to a raw REDCap export of its
 * project.xml. Most are raw exports; some were post-processed by
 * REDCapR's own tooling or exported before the project changed, and the
 * comparison leaves out exactly what was changed.
 */
const NOTES: Record<
  string,
  {
    file?: string;
    skipColumns?: string[];
    whitespace?: boolean;
    trim?: boolean;
    noData?: boolean;
    writtenByR?: boolean;
  }
> = {
  // data.csv holds the records after a deletion test; data-old.csv is the export of project.xml.
  'arm-multiple-delete': { file: 'data-old.csv' },
  'arm-single-delete': { file: 'data-old.csv' },
  // Line breaks inside notes were replaced by spaces when these files were written.
  'blank-for-gray-status': { whitespace: true },
  'checkboxes-1': { whitespace: true },
  longitudinal: { whitespace: true },
  'metadata-write': { whitespace: true },
  // Numbers were written with a leading space by the tool that made data.csv.
  'multilevel-model-1': { trim: true },
  // data.csv was written by R: a row-name column (header ""), NA for blanks, non-ASCII as <U+XXXX>.
  russian: { skipColumns: [''], writtenByR: true },
  // Post-processed: sex as TRUE/FALSE, file names as [document], and the project gained a field since.
  simple: { skipColumns: ['sex', 'mugshot'] },
  // The survey was taken again after data.csv was exported: only the timestamps differ.
  survey: { skipColumns: ['prescreening_survey_timestamp', 'participant_morale_questionnaire_timestamp'] },
  // The calc field was computed (7) after data.csv was exported.
  'validation-types-1': { skipColumns: ['f_calculated'] },
  // Projects with no records.
  'empty-rows': { noData: true },
  'potentially-problematic-dictionary': { noData: true },
  'single-column': { noData: true },
};

function normalize(v: string | undefined, note: (typeof NOTES)[string]): string | undefined {
  if (v === undefined) return v;
  if (note.writtenByR)
    return v === 'NA'
      ? ''
      : v.replace(/<U\+([0-9A-F]{4})>/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  if (note.whitespace) return v.replace(/\s+/g, ' ').trim();
  if (note.trim) return v.trim();
  return v;
}

describe('flat CSV exports of the REDCapR fixture projects', () => {
  let server: RedcapServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  for (const name of fixtureNames()) {
    const note = NOTES[name] ?? {};
    let expectedText: string;
    try {
      expectedText = fixtureFile(name, note.file ?? 'data.csv');
    } catch {
      continue; // simple-write holds only project.xml
    }
    it(`${name} exports the rows and values of its data file`, async () => {
      const project = loadFixture(server, name);
      const expected = parseCsv(expectedText);
      const r = await call(server.url, {
        token: project.token,
        content: 'record',
        format: 'csv',
        exportDataAccessGroups: expected.header.includes('redcap_data_access_group'),
        exportSurveyFields: expected.header.includes('redcap_survey_identifier'),
      });
      expect(r.status).toBe(200);
      if (note.noData) {
        expect(expected.rows).toEqual([]);
        expect(r.text).toBe('');
        return;
      }
      const got = parseCsv(r.text);
      const columns = expected.header.filter((h) => !(note.skipColumns ?? []).includes(h));
      // Every compared column is in the export, in the same relative order.
      const positions = columns.map((c) => got.header.indexOf(c));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(got.rows.length).toBe(expected.rows.length);
      const pick = (rows: Record<string, string>[]) => rows.map((row) => columns.map((c) => normalize(row[c], note)));
      expect(pick(got.rows)).toEqual(pick(expected.rows));
    });
  }
});
