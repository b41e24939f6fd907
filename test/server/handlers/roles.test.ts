import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/formats/csv.js';
import { RIGHT_NAMES } from '../../../src/server/auth/rights.js';
import { ROLE_HEADER } from '../../../src/server/handlers/user-roles.js';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { call, callJson, copyFixture, startServer } from '../../helpers/server.js';

type Role = Record<string, unknown> & { unique_role_name: string; role_label: string; forms: Record<string, number> };
type User = Record<string, unknown> & { username: string };

describe('content=userRole and content=userRoleMapping', () => {
  let server: RedcapServer;
  const copy = (fixture: string) => copyFixture(server, fixture);
  const roles = (token: string) => callJson<Role[]>(server.url, { token, content: 'userRole' });

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("exports the fixture's role with string rights in JSON", async () => {
    const { token } = copy('simple');
    const list = await roles(token);
    expect(list).toHaveLength(1);
    const role = list[0];
    expect(Object.keys(role)).toEqual(ROLE_HEADER);
    // From the ODM: <redcap:UserRoles role_name="api" unique_role_name="U-639NX7EKW8" … data_logging="1" user_rights="1" api_export="1" api_import="0" …/>
    expect(role.unique_role_name).toBe('U-639NX7EKW8');
    expect(role.role_label).toBe('api');
    expect(role.api_export).toBe('1');
    expect(role.api_import).toBe('0');
    expect(role.logging).toBe('1');
    expect(role.user_rights).toBe('1');
    for (const r of RIGHT_NAMES) expect(typeof role[r]).toBe('string');
    expect(role.forms).toEqual({ demographics: 1, health: 1, race_and_ethnicity: 1 });
  });

  it('exports roles in CSV and XML', async () => {
    const { token } = copy('simple');
    const csv = parseCsv((await call(server.url, { token, content: 'userRole', format: 'csv' })).text);
    expect(csv.header).toEqual(ROLE_HEADER);
    expect(csv.rows[0].forms_export).toBe('demographics:1,health:1,race_and_ethnicity:1');
    const xml = new XMLParser({ parseTagValue: false }).parse(
      (await call(server.url, { token, content: 'userRole', format: 'xml' })).text,
    );
    expect(xml.records.item.unique_role_name).toBe('U-639NX7EKW8');
    expect(xml.records.item.forms.demographics).toBe('1');
  });

  it('creates roles with REDCap-style names and changes them by unique name, in every format', async () => {
    const { token } = copy('simple');
    const created = await call(server.url, {
      token,
      content: 'userRole',
      action: 'import',
      format: 'json',
      data: JSON.stringify([
        { unique_role_name: '', role_label: 'Nurses', api_export: '1', forms: { demographics: 2 } },
      ]),
    });
    expect(created.text).toBe('1');
    const nurses = (await roles(token)).find((r) => r.role_label === 'Nurses')!;
    expect(nurses.unique_role_name).toMatch(/^U-[0-9A-Z]{10}$/);
    expect(nurses.api_export).toBe('1');
    expect(nurses.design).toBe('0');
    expect(nurses.forms).toEqual({ demographics: 2, health: 0, race_and_ethnicity: 0 });
    const csv = await call(server.url, {
      token,
      content: 'userRole',
      action: 'import',
      format: 'csv',
      data: `unique_role_name,role_label,design,forms\n${nurses.unique_role_name},Senior nurses,1,health:1\n,Porters,,\n`,
    });
    expect(csv.text).toBe('2');
    const xml = await call(server.url, {
      token,
      content: 'userRole',
      action: 'import',
      format: 'xml',
      data: `<records><item><unique_role_name>${nurses.unique_role_name}</unique_role_name><reports>1</reports></item></records>`,
    });
    expect(xml.text).toContain('<count>1</count>');
    const after = await roles(token);
    const senior = after.find((r) => r.unique_role_name === nurses.unique_role_name)!;
    expect(senior.role_label).toBe('Senior nurses');
    expect(senior.design).toBe('1');
    expect(senior.reports).toBe('1');
    expect(senior.api_export).toBe('1');
    expect(senior.forms).toEqual({ demographics: 2, health: 1, race_and_ethnicity: 0 });
    expect(after.map((r) => r.role_label).sort()).toEqual(['Porters', 'Senior nurses', 'api']);
  });

  it('refuses unknown role names, labels missing for new roles, and rights out of range', async () => {
    const { token } = copy('simple');
    const unknown = await call(server.url, {
      token,
      content: 'userRole',
      action: 'import',
      format: 'json',
      data: '[{"unique_role_name":"U-NOPE","role_label":"x"}]',
    });
    expect(JSON.parse(unknown.text).error).toBe('The unique role name "U-NOPE" does not exist in this project');
    const noLabel = await call(server.url, {
      token,
      content: 'userRole',
      action: 'import',
      format: 'json',
      data: '[{"design":"1"}]',
    });
    expect(JSON.parse(noLabel.text).error).toBe(
      'The role_label is missing in item 1 of the data: a new role needs a label',
    );
    const range = await call(server.url, {
      token,
      content: 'userRole',
      action: 'import',
      format: 'csv',
      data: 'role_label,record_delete\nX,5\n',
    });
    expect(range.status).toBe(400);
    expect(range.text).toBe('ERROR: The "record_delete" right of role "X" is not valid: "5" (it must be 0 or 1)');
    expect(await roles(token)).toHaveLength(1);
  });

  it('maps users to roles, exports the mapping in every format, and takes users out of roles', async () => {
    const held = copy('simple');
    issueApiToken(server.db, held.projectId, 'nurse', { rights: { api_export: 1 } });
    const map = await call(server.url, {
      token: held.token,
      content: 'userRoleMapping',
      action: 'import',
      format: 'json',
      data: JSON.stringify([{ username: 'nurse', unique_role_name: 'U-639NX7EKW8' }]),
    });
    expect(map.text).toBe('1');
    const json = await callJson<{ username: string; unique_role_name: string }[]>(server.url, {
      token: held.token,
      content: 'userRoleMapping',
    });
    expect(json).toEqual([
      { username: 'admin', unique_role_name: '', data_access_group: '' },
      { username: 'nurse', unique_role_name: 'U-639NX7EKW8', data_access_group: '' },
    ]);
    const csv = await call(server.url, { token: held.token, content: 'userRoleMapping', format: 'csv' });
    expect(csv.text).toBe('username,unique_role_name,data_access_group\nadmin,,\nnurse,U-639NX7EKW8,\n');
    const xml = await call(server.url, { token: held.token, content: 'userRoleMapping', format: 'xml' });
    expect(xml.text).toContain(
      '<item><username>nurse</username><unique_role_name>U-639NX7EKW8</unique_role_name><data_access_group></data_access_group></item>',
    );
    // The role has data_logging="1"; a user taken out of the role keeps the role's rights.
    const out = await call(server.url, {
      token: held.token,
      content: 'userRoleMapping',
      action: 'import',
      format: 'csv',
      data: 'username,unique_role_name\nnurse,\n',
    });
    expect(out.text).toBe('1');
    const nurse = (await callJson<User[]>(server.url, { token: held.token, content: 'user' })).find(
      (u) => u.username === 'nurse',
    )!;
    expect(nurse.logging).toBe(1);
    const bad = await call(server.url, {
      token: held.token,
      content: 'userRoleMapping',
      action: 'import',
      format: 'xml',
      data: '<records><item><username>ghost</username><unique_role_name>U-639NX7EKW8</unique_role_name></item></records>',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('The user "ghost" is not a user of this project');
  });

  it('deletes roles; their members keep the rights they had', async () => {
    const held = copy('simple');
    const token = issueApiToken(server.db, held.projectId, 'member', { rights: {} });
    await call(server.url, {
      token: held.token,
      content: 'userRoleMapping',
      action: 'import',
      format: 'json',
      data: '[{"username":"member","unique_role_name":"U-639NX7EKW8"}]',
    });
    const r = await call(server.url, {
      token: held.token,
      content: 'userRole',
      action: 'delete',
      format: 'json',
      roles: ['U-639NX7EKW8'],
    });
    expect(r.text).toBe('1');
    expect(await roles(held.token)).toEqual([]);
    expect((await call(server.url, { token, content: 'record', format: 'json' })).status).toBe(200);
    const missing = await call(server.url, {
      token: held.token,
      content: 'userRole',
      action: 'delete',
      format: 'json',
      roles: ['U-639NX7EKW8'],
    });
    expect(missing.status).toBe(400);
  });

  it('needs User Rights privileges for every role method', async () => {
    const held = copy('simple');
    const token = issueApiToken(server.db, held.projectId, 'plain', { rights: { api_export: 1, api_import: 1 } });
    const attempts = [
      { content: 'userRole' },
      { content: 'userRole', action: 'import', data: '[{"role_label":"x"}]' },
      { content: 'userRole', action: 'delete', roles: ['U-639NX7EKW8'] },
      { content: 'userRoleMapping' },
      { content: 'userRoleMapping', action: 'import', data: '[{"username":"plain","unique_role_name":""}]' },
    ];
    for (const a of attempts) {
      const r = await call(server.url, { token, format: 'json', ...a });
      expect(r.status).toBe(403);
      expect(JSON.parse(r.text).error).toBe('You do not have User Rights privileges');
    }
  });
});
