import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../../src/api/index.js';
import { parseOdm } from '../../../src/server/odm/parse-odm.js';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { defineRandomization } from '../../../src/server/store/randomization.js';
import { fixtureFile, startServer } from '../../helpers/server.js';

/** The project's own API client against the embedded server, for every part B method. */
describe('the API client against users, roles, DAGs, logging, reports, surveys and randomization', () => {
  let server: RedcapServer;
  let copies = 0;
  const open = (fixture: string) => {
    const held = server.addProject(parseOdm(fixtureFile(fixture, 'project.xml')), `client:${copies++}`);
    return { held, project: new Project(server.url, held.token) };
  };

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('manages users, roles and their mappings', async () => {
    const { project } = open('simple');
    expect(await project.importUsers([{ username: 'ann', api_export: 1, forms: { health: 1 } }])).toBe(1);
    const users = await project.exportUsers();
    expect(users.find((u) => u.username === 'ann')).toMatchObject({
      api_export: 1,
      design: 0,
      forms: { demographics: 0, health: 1, race_and_ethnicity: 0 },
    });
    expect(await project.importUserRoles([{ unique_role_name: '', role_label: 'Monitors', logging: '1' }])).toBe(1);
    const role = (await project.exportUserRoles()).find((r) => r.role_label === 'Monitors')!;
    expect(role.logging).toBe('1');
    expect(await project.importUserRoleMappings([{ username: 'ann', unique_role_name: role.unique_role_name }])).toBe(
      1,
    );
    expect(await project.exportUserRoleMappings()).toContainEqual({
      username: 'ann',
      unique_role_name: role.unique_role_name,
      data_access_group: '',
    });
    expect(await project.deleteUserRoles([role.unique_role_name])).toBe(1);
    expect(await project.deleteUsers(['ann'])).toBe(1);
    expect((await project.exportUsers()).map((u) => u.username)).toEqual(['admin']);
  });

  it('manages groups, maps users to them and switches', async () => {
    const { held, project } = open('dag');
    expect(await project.importDags([{ data_access_group_name: 'New DAG', unique_group_name: '' }])).toBe(1);
    expect((await project.exportDags()).map((d) => d.unique_group_name)).toEqual(['daga', 'dagb', 'new_dag']);
    const token = issueApiToken(server.db, held.projectId, 'mover', { rights: { api_export: 1 } });
    expect(await project.importUserDagMappings([{ username: 'mover', redcap_data_access_group: 'daga' }])).toBe(1);
    expect(await project.importUserDagMappings([{ username: 'mover', redcap_data_access_group: 'dagb' }])).toBe(1);
    const mover = new Project(server.url, token);
    expect((await mover.exportRecords({ fields: ['record_id'] })).map((r) => r.record_id)).toEqual(['332-3']);
    await mover.switchDag('daga');
    expect((await mover.exportRecords({ fields: ['record_id'] })).map((r) => r.record_id)).toEqual(['331-1', '331-2']);
    expect(await project.exportUserDagMappings()).toContainEqual({
      username: 'mover',
      redcap_data_access_group: 'daga',
    });
    expect(await project.deleteDags(['new_dag'])).toBe(1);
  });

  it('exports logging and reports', async () => {
    const { project } = open('simple');
    await project.exportRecords();
    const log = await project.exportLogging({ logType: 'export' });
    expect(log[0]).toMatchObject({ username: 'admin', action: 'Data export ', record: '' });
    expect(log[0].timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const report = await project.exportReport(1);
    expect(report.map((r) => r.record_id)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('exports survey links, codes and participants, and randomizes', async () => {
    const { held, project } = open('survey');
    const link = await project.exportSurveyLink('1', 'participant_info_survey');
    expect(link).toMatch(/\/surveys\/\?s=[A-Za-z0-9]{16}$/);
    expect(await project.exportSurveyAccessCode('1', 'participant_info_survey')).toMatch(/^[A-Z0-9]{9}$/);
    expect(await project.exportSurveyReturnCode('1', 'participant_info_survey')).toMatch(/^[A-Z0-9]{8}$/);
    expect(await project.exportSurveyQueueLink('1')).toMatch(/\?sq=/);
    const participants = await project.exportSurveyParticipants('participant_info_survey');
    expect(participants.find((p) => p.record === '1')!.survey_link).toBe(link);
    const id = defineRandomization(server.db, held.projectId, {
      targetField: 'sex',
      allocations: [{ target: '1', alt: 'M-1' }],
    });
    expect(await project.randomizeRecord('2', id, { returnAlt: true })).toEqual({
      randomization_id: id,
      record: '2',
      target_field: '1',
      target_field_alt: 'M-1',
    });
  });
});
