import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/formats/csv.js';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { bumpStructure } from '../../../src/server/store/project-state.js';
import { call, callJson, copyFixture, fixtureFile, startServer } from '../../helpers/server.js';

type Row = Record<string, string | number>;

const PARTICIPANT_FIELDS = [
  'email',
  'email_occurrence',
  'identifier',
  'record',
  'invitation_sent_status',
  'invitation_send_time',
  'response_status',
  'survey_access_code',
  'survey_link',
];

describe('survey methods', () => {
  let server: RedcapServer;
  let base: string;
  const copy = (fixture: string) => copyFixture(server, fixture);
  const text = async (params: Record<string, string | number | undefined>) => {
    const r = await call(server.url, params);
    if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${r.text}`);
    return r.text;
  };
  const error = async (params: Record<string, string | number | undefined>) => {
    const r = await call(server.url, { format: 'json', ...params });
    expect(r.status).not.toBe(200);
    return JSON.parse(r.text).error as string;
  };

  beforeAll(async () => {
    server = await startServer();
    base = server.url.replace(/\/api\/$/, '');
  });
  afterAll(async () => {
    await server.close();
  });

  it("exports the survey fixture's timestamps and identifier column as its project.xml holds them, in every format", async () => {
    const { token } = copy('survey');
    const expectedHeader = parseCsv(fixtureFile('survey', 'data.csv')).header;
    const csv = parseCsv(await text({ token, content: 'record', format: 'csv', exportSurveyFields: 'true' }));
    expect(csv.header).toEqual(expectedHeader);
    // Values from project.xml (data.csv was exported before the surveys were taken again).
    expect(
      csv.rows.map((r) => [
        r.participant_id,
        r.prescreening_survey_timestamp,
        r.participant_morale_questionnaire_timestamp,
        r.participant_info_survey_timestamp,
      ]),
    ).toEqual([
      ['1', '2024-10-13 20:39:30', '[not completed]', ''],
      ['2', '2024-10-13 20:40:51', '', ''],
    ]);
    const json = await callJson<Row[]>(server.url, { token, content: 'record', exportSurveyFields: 'true' });
    expect(json[0].redcap_survey_identifier).toBe('');
    expect(json[0].prescreening_survey_timestamp).toBe('2024-10-13 20:39:30');
    const xml = new XMLParser({ parseTagValue: false }).parse(
      await text({ token, content: 'record', format: 'xml', exportSurveyFields: 'true' }),
    );
    expect(xml.records.item[1].prescreening_survey_timestamp).toBe('2024-10-13 20:40:51');
    const without = await callJson<Row[]>(server.url, { token, content: 'record' });
    expect(Object.keys(without[0]).some((k) => k.endsWith('_timestamp') || k === 'redcap_survey_identifier')).toBe(
      false,
    );
  });

  it('gives each record and survey one stable link, access code and return code, whatever the format', async () => {
    const { token } = copy('survey');
    const target = { token, record: '1', instrument: 'participant_info_survey' };
    const link = await text({ ...target, content: 'surveyLink', format: 'json' });
    expect(link).toMatch(new RegExp(`^${base.replace(/[.[\]/]/g, '\\$&')}/surveys/\\?s=[A-Za-z0-9]{16}$`));
    expect(await text({ ...target, content: 'surveyLink', format: 'csv' })).toBe(link);
    expect(await text({ ...target, content: 'surveyLink', format: 'xml' })).toBe(link);
    expect(await text({ ...target, record: '2', content: 'surveyLink' })).not.toBe(link);
    expect(await text({ ...target, instrument: 'prescreening_survey', content: 'surveyLink' })).not.toBe(link);
    const code = await text({ ...target, content: 'surveyAccessCode', format: 'json' });
    expect(code).toMatch(/^[A-Z0-9]{9}$/);
    expect(await text({ ...target, content: 'surveyAccessCode', format: 'csv' })).toBe(code);
    const ret = await text({ ...target, content: 'surveyReturnCode', format: 'json' });
    expect(ret).toMatch(/^[A-Z0-9]{8}$/);
    expect(await text({ ...target, content: 'surveyReturnCode', format: 'xml' })).toBe(ret);
    const queue = await text({ token, record: '1', content: 'surveyQueueLink', format: 'json' });
    expect(queue).toMatch(/\/surveys\/\?sq=[A-Za-z0-9]{16}$/);
    expect(await text({ token, record: '1', content: 'surveyQueueLink', format: 'csv' })).toBe(queue);
  });

  it('refuses instruments that are no surveys, surveys without Save & Return, unknown records and instances', async () => {
    const { token } = copy('survey');
    expect(await error({ token, content: 'surveyLink', record: '1', instrument: 'completion_data' })).toBe(
      'The instrument "completion_data" is not enabled as a survey in this project',
    );
    expect(await error({ token, content: 'surveyAccessCode', record: '1', instrument: 'nothing' })).toBe(
      'The value of the parameter "instrument" is not valid: "nothing" is not an instrument of this project',
    );
    expect(await error({ token, content: 'surveyReturnCode', record: '1', instrument: 'prescreening_survey' })).toBe(
      'The survey "prescreening_survey" does not have the "Save & Return Later" feature enabled, so it has no return codes',
    );
    expect(await error({ token, content: 'surveyLink', record: '77', instrument: 'prescreening_survey' })).toBe(
      'The record "77" does not exist',
    );
    expect(await error({ token, content: 'surveyLink', instrument: 'prescreening_survey' })).toBe(
      'The parameter "record" is missing',
    );
    expect(await error({ token, content: 'surveyLink', record: '1' })).toBe('The parameter "instrument" is missing');
    expect(
      await error({ token, content: 'surveyLink', record: '1', instrument: 'prescreening_survey', repeat_instance: 2 }),
    ).toBe('The instrument "prescreening_survey" does not repeat, so "repeat_instance" can only be 1');
    expect(await error({ token, content: 'surveyQueueLink', record: '99' })).toBe('The record "99" does not exist');
    const plain = copy('simple');
    expect(await error({ token: plain.token, content: 'surveyQueueLink', record: '1' })).toBe(
      'Surveys are not enabled in this project, so it has no survey queue',
    );
    expect(await error({ token: plain.token, content: 'participantList', instrument: 'health' })).toBe(
      'The instrument "health" is not enabled as a survey in this project',
    );
  });

  it('lists participants with their e-mail, response status, access code and link', async () => {
    const { token } = copy('survey');
    const list = await callJson<Row[]>(server.url, {
      token,
      content: 'participantList',
      instrument: 'participant_morale_questionnaire',
    });
    expect(list.map((p) => Object.keys(p))).toEqual([PARTICIPANT_FIELDS, PARTICIPANT_FIELDS]);
    // Record 1 started the questionnaire ([not completed]); record 2 never opened it.
    expect(
      list.map((p) => [
        p.record,
        p.email,
        p.email_occurrence,
        p.response_status,
        p.invitation_sent_status,
        p.identifier,
      ]),
    ).toEqual([
      ['1', 'aaa@bbb.com', 1, 1, 0, ''],
      ['2', 'ccc@ddd.com', 1, 0, 0, ''],
    ]);
    expect(list[0].survey_link).toBe(
      await text({ token, content: 'surveyLink', record: '1', instrument: 'participant_morale_questionnaire' }),
    );
    expect(list[1].survey_access_code).toBe(
      await text({ token, content: 'surveyAccessCode', record: '2', instrument: 'participant_morale_questionnaire' }),
    );
    const first = await callJson<Row[]>(server.url, {
      token,
      content: 'participantList',
      instrument: 'prescreening_survey',
    });
    expect(first.map((p) => p.response_status)).toEqual([2, 2]);
    const csv = parseCsv(
      await text({ token, content: 'participantList', instrument: 'prescreening_survey', format: 'csv' }),
    );
    expect(csv.header).toEqual(PARTICIPANT_FIELDS);
    expect(csv.rows.map((r) => r.response_status)).toEqual(['2', '2']);
    const xml = new XMLParser({ parseTagValue: false }).parse(
      await text({ token, content: 'participantList', instrument: 'prescreening_survey', format: 'xml' }),
    );
    expect(xml.records.item.map((i: Row) => i.email)).toEqual(['aaa@bbb.com', 'ccc@ddd.com']);
  });

  it('needs Manage Survey Participants for the participant list and API export for links', async () => {
    const held = copy('survey');
    const noManage = issueApiToken(server.db, held.projectId, 'no_manage', { rights: { api_export: 1 } });
    for (const format of ['json', 'csv', 'xml'] as const) {
      const r = await call(server.url, {
        token: noManage,
        content: 'participantList',
        instrument: 'prescreening_survey',
        format,
      });
      expect(r.status).toBe(403);
      expect(r.text).toContain('You do not have Manage Survey Participants privileges');
    }
    expect(
      (
        await call(server.url, {
          token: noManage,
          content: 'surveyLink',
          record: '1',
          instrument: 'prescreening_survey',
        })
      ).status,
    ).toBe(200);
    const noExport = issueApiToken(server.db, held.projectId, 'no_export', {
      rights: { manage_survey_participants: 1 },
    });
    for (const content of [
      'surveyLink',
      'surveyAccessCode',
      'surveyReturnCode',
      'surveyQueueLink',
      'participantList',
    ]) {
      const r = await call(server.url, {
        token: noExport,
        content,
        record: '1',
        instrument: 'participant_info_survey',
        format: 'json',
      });
      expect(r.status).toBe(403);
      expect(JSON.parse(r.text).error).toBe('You do not have API Export privileges');
    }
  });

  it("keeps a user in a DAG to its group's records", async () => {
    const held = copy('survey');
    await call(server.url, {
      token: held.token,
      content: 'dag',
      action: 'import',
      format: 'json',
      data: '[{"data_access_group_name":"North"},{"data_access_group_name":"South"}]',
    });
    await call(server.url, {
      token: held.token,
      content: 'record',
      action: 'import',
      format: 'json',
      data: '[{"participant_id":"1","redcap_data_access_group":"north"},{"participant_id":"2","redcap_data_access_group":"south"}]',
    });
    const north = (
      server.db
        .prepare("SELECT group_id FROM dags WHERE project_id = ? AND unique_name = 'north'")
        .get(held.projectId) as { group_id: number }
    ).group_id;
    const token = issueApiToken(server.db, held.projectId, 'north_user', {
      groupId: north,
      rights: { api_export: 1, manage_survey_participants: 1 },
    });
    expect(await text({ token, content: 'surveyLink', record: '1', instrument: 'prescreening_survey' })).toContain(
      '/surveys/?s=',
    );
    for (const content of ['surveyLink', 'surveyAccessCode', 'surveyReturnCode', 'surveyQueueLink']) {
      expect(await error({ token, content, record: '2', instrument: 'participant_info_survey' })).toBe(
        'The record "2" does not exist',
      );
    }
    const list = await callJson<Row[]>(server.url, {
      token,
      content: 'participantList',
      instrument: 'prescreening_survey',
    });
    expect(list.map((p) => p.record)).toEqual(['1']);
  });

  it('needs an event designated for the survey in a longitudinal project', async () => {
    const held = copy('longitudinal');
    // Turn one instrument into a survey, as REDCap's Online Designer would.
    server.db
      .prepare(
        "INSERT INTO surveys (project_id, form_name, title, settings_json) VALUES (?, 'patient_morale_questionnaire', 'Morale', ?)",
      )
      .run(
        held.projectId,
        JSON.stringify({
          form: 'patient_morale_questionnaire',
          title: 'Morale',
          settings: { survey_enabled: '1', save_and_return: '1' },
        }),
      );
    const info = JSON.parse(
      (
        server.db.prepare('SELECT info_json FROM projects WHERE project_id = ?').get(held.projectId) as {
          info_json: string;
        }
      ).info_json,
    );
    server.db
      .prepare('UPDATE projects SET info_json = ? WHERE project_id = ?')
      .run(JSON.stringify({ ...info, surveys_enabled: 1 }), held.projectId);
    bumpStructure(server.db, held.projectId);
    const target = {
      token: held.token,
      content: 'surveyLink',
      record: '100',
      instrument: 'patient_morale_questionnaire',
    };
    expect(await error(target)).toBe('The parameter "event" is missing: it is required in longitudinal projects');
    expect(await error({ ...target, event: 'nowhere_arm_1' })).toBe(
      'The event "nowhere_arm_1" is not a valid unique event name',
    );
    expect(await error({ ...target, event: 'enrollment_arm_1' })).toBe(
      'The instrument "patient_morale_questionnaire" is not designated for the event "enrollment_arm_1"',
    );
    const mapped = (
      await callJson<{ unique_event_name: string; form: string }[]>(server.url, {
        token: held.token,
        content: 'formEventMapping',
      })
    )
      .filter((m) => m.form === 'patient_morale_questionnaire')
      .map((m) => m.unique_event_name);
    expect(mapped.length).toBeGreaterThan(1);
    const one = await text({ ...target, event: mapped[0] });
    const two = await text({ ...target, event: mapped[1] });
    expect(one).not.toBe(two);
    expect(await text({ ...target, event: mapped[0] })).toBe(one);
  });
});
