import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/api/project.js';
import { exportTable, loadSchema } from '../../src/frames/project-frames.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';
import { parseDatetime } from '../../src/values/dates.js';
import { parseTyped } from '../../src/values/typed.js';
import { loadFixture, startServer } from '../helpers/server.js';

const FIXTURES = [
  'validation-types-1',
  'longitudinal',
  'repeating-instruments',
  'repeating-instruments-sparse',
  'vignette-repeating',
  'checkboxes-1',
  'decimal-comma',
  'decimal-comma-and-dot',
  'decimal-dot',
  'nonnumeric-record-id',
  'potentially-problematic-dictionary',
  'potentially-problematic-values',
  'survey',
  'dag',
  'russian',
];

type Raw = Record<string, string | number>;

/**
 * Each fixture loaded into the embedded server and exported through the
 * client into a typed table, checked cell by cell against an independent
 * path: the server's JSON export typed one value at a time with the value
 * rules. Invalid values must be null in the table and listed in the report.
 */
describe('typed frames of the REDCapR fixtures, through the server and the client', () => {
  let server: RedcapServer;
  const projects: Project[] = [];
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await Promise.all(projects.map((p) => p.close()));
    await server.close();
  });

  for (const name of FIXTURES) {
    it(`${name}: every cell typed as the value rules say`, async () => {
      const project = new Project(server.url, loadFixture(server, name).token);
      projects.push(project);
      const schema = await loadSchema(project);
      const options = { exportSurveyFields: true, exportDataAccessGroups: true } as const;
      const frame = await exportTable(project, { ...options, schema });
      const raw = (await project.exportRecords(options)) as Raw[];
      expect(frame.table.numRows()).toBe(raw.length);
      const invalid = new Set(frame.invalid.rows.map((v) => `${v.record}|${v.field}|${v.value}`));
      let checked = 0;
      for (const info of frame.columns) {
        const column = frame.table.array(info.name) as ArrayLike<unknown>;
        raw.forEach((row, i) => {
          const text = String(row[info.name] ?? '');
          const cell = column[i];
          checked++;
          switch (info.role) {
            case 'record':
            case 'event':
            case 'repeat-instrument':
            case 'dag':
            case 'survey-identifier':
              expect(cell).toBe(text === '' ? null : text);
              return;
            case 'repeat-instance':
              expect(cell).toBe(text === '' ? null : Number(text));
              return;
            case 'survey-timestamp': {
              const ms = parseDatetime(text);
              expect(cell === null ? null : (cell as Date).getTime()).toBe(Number.isNaN(ms) ? null : ms);
              return;
            }
            case 'checkbox':
              expect(cell).toBe(text === '1' ? true : text === '0' ? false : null);
              return;
            default: {
              const col = schema.column(info.name);
              if (!col) return;
              const typed = parseTyped(col.rule, text);
              if (typed.ok) {
                const v = typed.value;
                expect(v instanceof Date ? (cell as Date).getTime() : cell).toEqual(
                  v instanceof Date ? v.getTime() : v,
                );
              } else {
                expect(cell).toBeNull();
                expect(
                  invalid.has(`${row[schema.recordIdField]}|${info.name}|${text}`) || schema.missingCodeSet.has(text),
                ).toBe(true);
              }
            }
          }
        });
      }
      // potentially-problematic-dictionary holds no records: an empty table, no report.
      if (raw.length === 0) expect(frame.invalid.rows).toEqual([]);
      else expect(checked).toBeGreaterThan(0);
    });
  }

  it('keeps what users trip over: text ids, comma decimals, survey times, DAGs, Cyrillic', async () => {
    const open = async (fixture: string) => {
      const p = new Project(server.url, loadFixture(server, fixture).token);
      projects.push(p);
      return p;
    };
    const ids = await exportTable(await open('nonnumeric-record-id'));
    expect(ids.table.array('record_id')).toEqual(['a', 'b', 'c']);
    const comma = await exportTable(await open('decimal-comma'));
    expect(comma.table.get('height', 0)).toBe(1.54);
    expect(comma.table.get('weight', 0)).toBe(52.3);
    const survey = await exportTable(await open('survey'), { exportSurveyFields: true });
    expect(survey.table.get('prescreening_survey_timestamp', 0)).toBeInstanceOf(Date);
    expect(survey.table.array('participant_morale_questionnaire_timestamp')).toContain(null);
    const dag = await exportTable(await open('dag'), { exportDataAccessGroups: true });
    expect(dag.table.get('redcap_data_access_group', 0)).toBe('daga');
    const russian = await exportTable(await open('russian'));
    expect((russian.table.array('recruitment_other') as string[]).some((v) => /[а-я]/i.test(v ?? ''))).toBe(true);
  });
});
