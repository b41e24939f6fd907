import { describe, expect, test } from 'vitest';
import { MockAgent } from 'undici';
import { isRedcapApiError, isRedcapHttpError, isRedcapUsageError } from '../../../src/api/errors.js';
import { Project } from '../../../src/api/project.js';
import { ORIGIN, SUPER_TOKEN, TOKEN, everythingShown, seen } from '../mock-redcap.js';
import { sent } from './sent.js';

const INFO = {
  project_id: 15,
  project_title: 'Trial',
  creation_time: '2024-01-01 10:00:00',
  production_time: '',
  in_production: 0,
  project_language: 'English',
  purpose: 2,
  purpose_other: '',
  project_notes: '',
  custom_record_label: '',
  secondary_unique_field: '',
  is_longitudinal: 1,
  has_repeating_instruments_or_events: 0,
  surveys_enabled: 0,
  scheduling_enabled: 0,
  record_autonumbering_enabled: 0,
  randomization_enabled: 0,
  ddp_enabled: 0,
  project_irb_number: '',
  project_grant_number: '',
  project_pi_firstname: '',
  project_pi_lastname: '',
  display_today_now_button: 1,
  missing_data_codes: 'UNK, Unknown | NA, Not applicable',
  external_modules: '',
  bypass_branching_erase_field_prompt: 0,
};

describe('project methods', () => {
  test('exportProjectInfo is one object', async () => {
    const { params, result } = await sent((p) => p.exportProjectInfo(), { body: INFO });
    expect(params).toEqual({ content: 'project', action: 'export', format: 'json' });
    expect(result).toEqual(INFO);
    await expect(sent((p) => p.exportProjectInfo(), { body: [INFO] })).rejects.toSatisfy(isRedcapHttpError);
  });

  test('importProjectSettings sends one settings object', async () => {
    const { params, result } = await sent(
      (p) => p.importProjectSettings({ project_title: 'Renamed', project_notes: 'n' }),
      { body: '2' },
    );
    expect(params).toEqual({
      content: 'project_settings',
      action: 'import',
      format: 'json',
      data: '{"project_title":"Renamed","project_notes":"n"}',
    });
    expect(result).toBe(2);
  });

  test('exportProjectXml', async () => {
    const odm = '<?xml version="1.0" encoding="UTF-8" ?>\n<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3"></ODM>';
    const { params, result } = await sent(
      (p) =>
        p.exportProjectXml({
          returnMetadataOnly: true,
          records: [1],
          fields: ['age'],
          events: ['e_arm_1'],
          filterLogic: '[age]>1',
          exportSurveyFields: true,
          exportDataAccessGroups: false,
          exportFiles: true,
        }),
      { body: odm, headers: { 'content-type': 'text/xml' } },
    );
    expect(params).toEqual({
      content: 'project_xml',
      format: 'xml',
      returnMetadataOnly: 'true',
      'records[0]': '1',
      'fields[0]': 'age',
      'events[0]': 'e_arm_1',
      filterLogic: '[age]>1',
      exportSurveyFields: 'true',
      exportDataAccessGroups: 'false',
      exportFiles: 'true',
    });
    expect(result).toBe(odm);
  });

  test('exportVersion', async () => {
    const { params, result } = await sent((p) => p.exportVersion(), {
      body: '14.7.3',
      headers: { 'content-type': 'text/html' },
    });
    expect(params).toEqual({ content: 'version', format: 'json' });
    expect(result).toBe('14.7.3');
  });

  test('callApi sends any content with given parameters and returns the text', async () => {
    const { params, result } = await sent(
      (p) => p.callApi('someNewMethod', { thing: 'x', ids: [1, 2] }, { action: 'export', format: 'csv', write: false }),
      { body: 'a,b\n', headers: { 'content-type': 'text/csv' } },
    );
    expect(params).toEqual({
      content: 'someNewMethod',
      action: 'export',
      format: 'csv',
      thing: 'x',
      'ids[0]': '1',
      'ids[1]': '2',
    });
    expect(result).toBe('a,b\n');
  });
});

describe('Project.create', () => {
  function superMock(answer: string, status = 200) {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const bodies: Record<string, string>[] = [];
    agent
      .get(ORIGIN)
      .intercept({ path: /\/api\/$/, method: 'POST' })
      .reply((opts) => {
        bodies.push(seen(opts).params);
        return { statusCode: status, data: answer, responseOptions: { headers: { 'content-type': 'text/html' } } };
      })
      .persist();
    return { agent, bodies };
  }

  test('sends the super token, settings and ODM; keeps the last 32 characters as the new token', async () => {
    const newToken = 'ABCDEF0123456789ABCDEF0123456789';
    const { agent, bodies } = superMock(`Notice: something printed first\n${newToken}`);
    const project = await Project.create(
      `${ORIGIN}/redcap`,
      SUPER_TOKEN,
      { data: { project_title: 'New', purpose: 0 }, odm: '<ODM/>' },
      { dispatcher: agent },
    );
    expect(bodies[0]).toEqual({
      token: SUPER_TOKEN,
      content: 'project',
      format: 'json',
      returnFormat: 'json',
      data: '[{"project_title":"New","purpose":0}]',
      odm: '<ODM/>',
    });
    expect(project.url).toBe(`${ORIGIN}/redcap/api/`);
    expect(project.revealToken()).toBe(newToken);
    expect(JSON.stringify(project)).not.toContain(newToken);
    await agent.close();
  });

  test('a body without a token is an error, and the super token never shows', async () => {
    const { agent } = superMock('Project created!');
    const error = await Project.create(
      ORIGIN,
      SUPER_TOKEN,
      { data: { project_title: 'New', purpose: 0 } },
      { dispatcher: agent },
    ).catch((e: unknown) => e);
    expect(isRedcapHttpError(error)).toBe(true);
    expect(await everythingShown(error)).not.toContain(SUPER_TOKEN);
    await agent.close();
    const refused = superMock(`{"error":"The super token ${SUPER_TOKEN} is not valid"}`, 403);
    const e2 = await Project.create(
      ORIGIN,
      SUPER_TOKEN,
      { data: { project_title: 'New', purpose: 0 } },
      { dispatcher: refused.agent },
    ).catch((e: unknown) => e);
    expect(isRedcapApiError(e2)).toBe(true);
    expect(await everythingShown(e2)).not.toContain(SUPER_TOKEN);
    await refused.agent.close();
  });

  test('a project token is not a super token', async () => {
    await expect(Project.create(ORIGIN, TOKEN, { data: { project_title: 'x', purpose: 0 } })).rejects.toSatisfy(
      isRedcapUsageError,
    );
  });
});

describe('Project construction', () => {
  test('checks URL, token and options up front', () => {
    expect(() => new Project('not a url', TOKEN)).toThrow(/not a valid URL/);
    expect(() => new Project(ORIGIN, 'abc')).toThrow(/does not look like one/);
    expect(() => new Project(ORIGIN, TOKEN, { batchSize: 0 })).toThrow(
      /batchSize must be a whole number of at least 1/,
    );
    expect(() => new Project(ORIGIN, TOKEN, { concurrency: 1.5 })).toThrow(/concurrency/);
    expect(() => new Project(ORIGIN, TOKEN, { retries: -1 })).toThrow(/retries/);
    expect(() => new Project(ORIGIN, TOKEN, { timeout: -5 })).toThrow(/timeout/);
    expect(new Project(ORIGIN, 'not-a-token', { checkToken: false }).url).toBe(`${ORIGIN}/api/`);
  });
});

describe('callApi', () => {
  test("a token parameter cannot replace the project's token", async () => {
    const { request } = await sent(
      (p) => p.callApi('version', { token: 'FFFFEEEEDDDDCCCCBBBBAAAA99998888' }, { write: false }),
      { body: '14.7.3', headers: { 'content-type': 'text/plain' } },
    );
    expect(request.params.token).toBe(TOKEN);
    expect(request.entries.filter(([k]) => k === 'token')).toHaveLength(1);
  });
});
