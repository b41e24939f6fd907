import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullRights, type RightName } from '../../../src/server/auth/rights.js';
import { PROJECT_HANDLERS } from '../../../src/server/handlers/registry.js';
import { parseOdm } from '../../../src/server/odm/parse-odm.js';
import type { HeldProject, RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { call, fixtureFile, startServer } from '../../helpers/server.js';

/** REDCap's refusal for each right, as the server words it. */
const MESSAGES: Partial<Record<RightName, string>> = {
  api_export: 'You do not have API Export privileges',
  api_import: 'You do not have API Import/Update privileges',
  record_delete: 'You do not have Delete Record privileges',
  record_rename: 'You do not have Rename Record privileges',
  design: 'You do not have Project Setup/Design privileges',
  user_rights: 'You do not have User Rights privileges',
  data_access_groups: 'You do not have Data Access Groups privileges',
  logging: 'You do not have Logging privileges',
  file_repository: 'You do not have File Repository privileges',
  manage_survey_participants: 'You do not have Manage Survey Participants privileges',
  random_perform: 'You do not have Randomize privileges',
};

type Params = Record<string, string | readonly string[]>;

/** Every method with the rights it needs (each one alone refuses the call). */
const METHODS: { key: string; params?: Params; rights: RightName[] }[] = [
  { key: 'record:export', rights: ['api_export'] },
  { key: 'record:import', params: { data: '[{"record_id":"1","name_first":"x"}]' }, rights: ['api_import'] },
  { key: 'record:delete', params: { records: ['1'] }, rights: ['api_import', 'record_delete'] },
  { key: 'record:rename', params: { record: '1', new_record_name: '1b' }, rights: ['api_import', 'record_rename'] },
  { key: 'record:randomize', params: { record: '1', randomization_id: '1' }, rights: ['api_import', 'random_perform'] },
  { key: 'generateNextRecordName:export', rights: ['api_export'] },
  { key: 'metadata:export', rights: ['api_export'] },
  { key: 'metadata:import', params: { data: '[]' }, rights: ['design'] },
  { key: 'exportFieldNames:export', rights: ['api_export'] },
  { key: 'instrument:export', rights: ['api_export'] },
  { key: 'project:export', rights: ['api_export'] },
  { key: 'project_settings:import', params: { data: '{"project_notes":"x"}' }, rights: ['design'] },
  { key: 'project_xml:export', rights: ['api_export'] },
  { key: 'arm:export', rights: ['api_export'] },
  { key: 'arm:import', params: { data: '[]' }, rights: ['design', 'api_import'] },
  { key: 'arm:delete', params: { arms: ['1'] }, rights: ['design', 'api_import'] },
  { key: 'event:export', rights: ['api_export'] },
  { key: 'event:import', params: { data: '[]' }, rights: ['design', 'api_import'] },
  { key: 'event:delete', params: { events: ['x'] }, rights: ['design', 'api_import'] },
  { key: 'formEventMapping:export', rights: ['api_export'] },
  { key: 'formEventMapping:import', params: { data: '[]' }, rights: ['design', 'api_import'] },
  { key: 'repeatingFormsEvents:export', rights: ['api_export'] },
  { key: 'repeatingFormsEvents:import', params: { data: '[]' }, rights: ['design', 'api_import'] },
  { key: 'file:export', params: { record: '1', field: 'mugshot' }, rights: ['api_export'] },
  { key: 'file:import', params: { record: '1', field: 'mugshot' }, rights: ['api_import'] },
  { key: 'file:delete', params: { record: '1', field: 'mugshot' }, rights: ['api_import'] },
  { key: 'fileRepository:list', rights: ['file_repository', 'api_export'] },
  { key: 'fileRepository:export', params: { doc_id: '1' }, rights: ['file_repository', 'api_export'] },
  { key: 'fileRepository:import', rights: ['file_repository', 'api_import'] },
  { key: 'fileRepository:delete', params: { doc_id: '1' }, rights: ['file_repository', 'api_import'] },
  { key: 'fileRepository:createFolder', params: { name: 'f' }, rights: ['file_repository', 'api_import'] },
  { key: 'user:export', rights: ['api_export', 'user_rights'] },
  { key: 'user:import', params: { data: '[{"username":"x"}]' }, rights: ['api_import', 'user_rights'] },
  { key: 'user:delete', params: { users: ['x'] }, rights: ['api_import', 'user_rights'] },
  { key: 'userRole:export', rights: ['api_export', 'user_rights'] },
  { key: 'userRole:import', params: { data: '[{"role_label":"x"}]' }, rights: ['api_import', 'user_rights'] },
  { key: 'userRole:delete', params: { roles: ['U-639NX7EKW8'] }, rights: ['api_import', 'user_rights'] },
  { key: 'userRoleMapping:export', rights: ['api_export', 'user_rights'] },
  {
    key: 'userRoleMapping:import',
    params: { data: '[{"username":"admin","unique_role_name":""}]' },
    rights: ['api_import', 'user_rights'],
  },
  { key: 'dag:export', rights: ['api_export', 'data_access_groups'] },
  {
    key: 'dag:import',
    params: { data: '[{"data_access_group_name":"x"}]' },
    rights: ['api_import', 'data_access_groups'],
  },
  { key: 'dag:delete', params: { dags: ['dag_1'] }, rights: ['api_import', 'data_access_groups'] },
  { key: 'userDagMapping:export', rights: ['api_export', 'data_access_groups'] },
  {
    key: 'userDagMapping:import',
    params: { data: '[{"username":"admin","redcap_data_access_group":""}]' },
    rights: ['api_import', 'data_access_groups'],
  },
  { key: 'log:export', rights: ['api_export', 'logging'] },
  { key: 'report:export', params: { report_id: '1' }, rights: ['api_export'] },
  { key: 'surveyLink:export', params: { record: '1', instrument: 'demographics' }, rights: ['api_export'] },
  { key: 'surveyQueueLink:export', params: { record: '1' }, rights: ['api_export'] },
  { key: 'surveyAccessCode:export', params: { record: '1', instrument: 'demographics' }, rights: ['api_export'] },
  { key: 'surveyReturnCode:export', params: { record: '1', instrument: 'demographics' }, rights: ['api_export'] },
  {
    key: 'participantList:export',
    params: { instrument: 'demographics' },
    rights: ['api_export', 'manage_survey_participants'],
  },
];

describe('rights are checked by every method', () => {
  let server: RedcapServer;
  let project: HeldProject;
  const forms = ['demographics', 'health', 'race_and_ethnicity'];
  const tokens = new Map<RightName, string>();
  /** A user holding every right but one. */
  const without = (right: RightName): string => {
    let token = tokens.get(right);
    if (!token) {
      token = issueApiToken(server.db, project.projectId, `no_${right}`, {
        rights: { ...fullRights(forms), [right]: 0 },
      });
      tokens.set(right, token);
    }
    return token;
  };

  beforeAll(async () => {
    server = await startServer();
    project = server.addProject(parseOdm(fixtureFile('simple', 'project.xml')), 'rights');
  });
  afterAll(async () => {
    await server.close();
  });

  it('covers methods the server has', () => {
    for (const m of METHODS) expect(PROJECT_HANDLERS[m.key], m.key).toBeDefined();
  });

  for (const m of METHODS) {
    const [content, action] = m.key.split(':');
    it(`${m.key} refuses a user lacking ${m.rights.join(' or ')}`, async () => {
      for (const right of m.rights) {
        for (const format of ['json', 'csv', 'xml'] as const) {
          const r = await call(server.url, { token: without(right), content, action, format, ...m.params });
          expect(r.status, `${m.key} without ${right} (${format})`).toBe(403);
          const message =
            format === 'json'
              ? JSON.parse(r.text).error
              : format === 'csv'
                ? r.text.replace(/^ERROR: /, '')
                : /<error>(.*)<\/error>/.exec(r.text)?.[1];
          expect(message).toBe(MESSAGES[right]);
        }
      }
      // With every right the same call is not refused for want of one.
      const full = await call(server.url, { token: project.token, content, action, format: 'json', ...m.params });
      expect(full.status, `${m.key} with every right: ${full.text}`).not.toBe(403);
    });
  }

  it('refuses new records to a user without Create Record privileges, but lets it change existing ones', async () => {
    const token = without('record_create');
    const r = await call(server.url, {
      token,
      content: 'record',
      action: 'import',
      format: 'json',
      data: '[{"record_id":"900","name_first":"x"}]',
    });
    expect(r.status).toBe(400);
    expect(r.text).toContain('You do not have Create Record privileges');
    const ok = await call(server.url, {
      token,
      content: 'record',
      action: 'import',
      format: 'json',
      data: '[{"record_id":"2","name_first":"Changed"}]',
    });
    expect(ok.text).toBe('{"count":1}');
    const auto = await call(server.url, {
      token,
      content: 'record',
      action: 'import',
      format: 'json',
      forceAutoNumber: 'true',
      data: '[{"record_id":"x","name_first":"x"}]',
    });
    expect(auto.status).toBe(403);
  });

  it('answers the version to any valid token', async () => {
    const token = issueApiToken(server.db, project.projectId, 'nobody', { rights: {} });
    const r = await call(server.url, { token, content: 'version' });
    expect(r.status).toBe(200);
    expect(r.text).toBe('14.7.3');
  });
});
