import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/formats/csv.js';
import { RIGHT_NAMES } from '../../../src/server/auth/rights.js';
import { userHeader } from '../../../src/server/handlers/users.js';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { call, callJson, copyFixture, groupIdOf, startServer } from '../../helpers/server.js';

type User = Record<string, unknown> & {
  username: string;
  forms: Record<string, number>;
  forms_export: Record<string, number>;
};

describe('content=user', () => {
  let server: RedcapServer;
  const copy = (fixture: string) => copyFixture(server, fixture);
  const users = (token: string) => callJson<User[]>(server.url, { token, content: 'user' });
  const groupId = (projectId: number, name: string) => groupIdOf(server, projectId, name);

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("exports users with REDCap's fields, integer rights and per-form objects in JSON", async () => {
    const { token } = copy('simple');
    const list = await users(token);
    expect(list.map((u) => u.username)).toEqual(['admin']);
    const admin = list[0];
    expect(Object.keys(admin)).toEqual(userHeader(false));
    expect(Object.keys(admin)).not.toContain('random_setup');
    // The creator holds every right but the three a new REDCap project leaves off.
    const off = ['email_logging', 'mobile_app_download_data', 'lock_records_customization'];
    for (const r of RIGHT_NAMES)
      if (!r.startsWith('random_')) expect([r, admin[r]]).toEqual([r, off.includes(r) ? 0 : 1]);
    expect(admin.data_access_group).toBe('');
    expect(admin.data_access_group_id).toBe('');
    expect(admin.forms).toEqual({ demographics: 1, health: 1, race_and_ethnicity: 1 });
    expect(admin.forms_export).toEqual({ demographics: 1, health: 1, race_and_ethnicity: 1 });
  });

  it('exports per-form rights as "form:right" lists in CSV and as child elements in XML', async () => {
    const { token } = copy('simple');
    const csv = await call(server.url, { token, content: 'user', format: 'csv' });
    const parsed = parseCsv(csv.text);
    expect(parsed.header).toEqual(userHeader(false));
    expect(parsed.rows[0].forms).toBe('demographics:1,health:1,race_and_ethnicity:1');
    expect(parsed.rows[0].design).toBe('1');
    const xml = await call(server.url, { token, content: 'user', format: 'xml' });
    expect(xml.contentType).toContain('text/xml');
    const doc = new XMLParser({ parseTagValue: false }).parse(xml.text);
    const item = doc.records.item;
    expect(item.username).toBe('admin');
    expect(item.forms).toEqual({ demographics: '1', health: '1', race_and_ethnicity: '1' });
    expect(item.forms_export.health).toBe('1');
  });

  it('imports a new user in JSON: given rights are set, everything else is no access', async () => {
    const { token } = copy('simple');
    const r = await call(server.url, {
      token,
      content: 'user',
      action: 'import',
      format: 'json',
      data: JSON.stringify([
        {
          username: 'bob',
          email: 'bob@example.org',
          firstname: 'Bob',
          api_export: 1,
          forms: { demographics: 1 },
          forms_export: { health: 2 },
        },
      ]),
    });
    expect(r.status).toBe(200);
    expect(r.text).toBe('1');
    const bob = (await users(token)).find((u) => u.username === 'bob')!;
    expect(bob.email).toBe('bob@example.org');
    expect(bob.firstname).toBe('Bob');
    expect(bob.api_export).toBe(1);
    expect(bob.design).toBe(0);
    expect(bob.user_rights).toBe(0);
    expect(bob.forms).toEqual({ demographics: 1, health: 0, race_and_ethnicity: 0 });
    expect(bob.forms_export).toEqual({ demographics: 0, health: 2, race_and_ethnicity: 0 });
  });

  it('imports users in CSV ("form:right" lists) and XML (child elements); left-out rights keep their values', async () => {
    const { token } = copy('simple');
    const csv = await call(server.url, {
      token,
      content: 'user',
      action: 'import',
      format: 'csv',
      data: 'username,api_export,record_create,forms\ncarol,1,1,"demographics:2,health:1"\ndave,0,0,\n',
    });
    expect(csv.text).toBe('2');
    const xml = await call(server.url, {
      token,
      content: 'user',
      action: 'import',
      format: 'xml',
      data: '<?xml version="1.0" encoding="UTF-8" ?><records><item><username>carol</username><design>1</design><forms><race_and_ethnicity>1</race_and_ethnicity></forms></item></records>',
    });
    expect(xml.text).toContain('<count>1</count>');
    const carol = (await users(token)).find((u) => u.username === 'carol')!;
    expect(carol.design).toBe(1);
    expect(carol.api_export).toBe(1);
    expect(carol.record_create).toBe(1);
    expect(carol.forms).toEqual({ demographics: 2, health: 1, race_and_ethnicity: 1 });
    expect((await users(token)).some((u) => u.username === 'dave')).toBe(true);
  });

  it('creates a user named twice in one import once, then applies the second item', async () => {
    const { token } = copy('simple');
    const r = await call(server.url, {
      token,
      content: 'user',
      action: 'import',
      format: 'json',
      data: '[{"username":"twice","design":1},{"username":"twice","logging":1}]',
    });
    expect(r.text).toBe('2');
    const twice = (await users(token)).filter((u) => u.username === 'twice');
    expect(twice).toHaveLength(1);
    expect([twice[0].design, twice[0].logging]).toEqual([1, 1]);
  });

  it('refuses rights REDCap does not allow, unknown instruments and attributes, and names nothing was written', async () => {
    const { token } = copy('simple');
    const bad = async (item: Record<string, unknown>) => {
      const r = await call(server.url, {
        token,
        content: 'user',
        action: 'import',
        format: 'json',
        data: JSON.stringify([{ username: 'eve', ...item }]),
      });
      expect(r.status).toBe(400);
      return JSON.parse(r.text).error as string;
    };
    expect(await bad({ design: 2 })).toBe('The "design" right of user "eve" is not valid: "2" (it must be 0 or 1)');
    expect(await bad({ user_rights: 3 })).toContain('it must be 0 or 1 or 2');
    expect(await bad({ forms: { nowhere: 1 } })).toBe(
      'The "forms" value of user "eve" names an instrument that does not exist in the project: "nowhere"',
    );
    expect(await bad({ forms: { health: 3 } })).toContain(
      'cannot be 3 (edit survey responses): the instrument is not a survey',
    );
    expect(await bad({ forms_export: { health: 9 } })).toContain('it must be 0, 1, 2 or 3');
    expect(await bad({ superpowers: 1 })).toBe('The following attributes of user "eve" are not valid: superpowers');
    expect(await bad({ data_access_group: 'nope' })).toBe(
      'The data access group "nope" of user "eve" does not exist in the project',
    );
    expect(await bad({ expiration: '12/31/2030' })).toContain('is not a date in the format YYYY-MM-DD');
    const noName = await call(server.url, {
      token,
      content: 'user',
      action: 'import',
      format: 'json',
      data: '[{"design":1}]',
    });
    expect(JSON.parse(noName.text).error).toBe('The username is missing in item 1 of the data');
    expect((await users(token)).map((u) => u.username)).toEqual(['admin']);
  });

  it('needs User Rights privileges, full ones to change users', async () => {
    const held = copy('simple');
    const noRights = issueApiToken(server.db, held.projectId, 'plain', { rights: { api_export: 1, api_import: 1 } });
    for (const format of ['json', 'csv', 'xml'] as const) {
      const r = await call(server.url, { token: noRights, content: 'user', format });
      expect(r.status).toBe(403);
      expect(r.text).toContain('You do not have User Rights privileges');
    }
    const imp = await call(server.url, {
      token: noRights,
      content: 'user',
      action: 'import',
      format: 'json',
      data: '[{"username":"x"}]',
    });
    expect(imp.status).toBe(403);
    const readOnly = issueApiToken(server.db, held.projectId, 'viewer', {
      rights: { api_export: 1, api_import: 1, user_rights: 2 },
    });
    expect((await call(server.url, { token: readOnly, content: 'user', format: 'json' })).status).toBe(200);
    const change = await call(server.url, {
      token: readOnly,
      content: 'user',
      action: 'import',
      format: 'json',
      data: '[{"username":"x"}]',
    });
    expect(change.status).toBe(403);
    expect(JSON.parse(change.text).error).toBe(
      'You have read-only User Rights privileges and cannot change users or roles',
    );
    const noImport = issueApiToken(server.db, held.projectId, 'exporter', {
      rights: { api_export: 1, user_rights: 1 },
    });
    const del = await call(server.url, {
      token: noImport,
      content: 'user',
      action: 'delete',
      format: 'json',
      users: ['viewer'],
    });
    expect(del.status).toBe(403);
    expect(JSON.parse(del.text).error).toBe('You do not have API Import/Update privileges');
  });

  it('deletes users (their tokens stop working), never the caller itself', async () => {
    const held = copy('simple');
    const gone = issueApiToken(server.db, held.projectId, 'gone', { rights: { api_export: 1 } });
    issueApiToken(server.db, held.projectId, 'stays', { rights: { api_export: 1 } });
    expect((await call(server.url, { token: gone, content: 'version' })).status).toBe(200);
    const r = await call(server.url, {
      token: held.token,
      content: 'user',
      action: 'delete',
      format: 'json',
      users: ['gone'],
    });
    expect(r.text).toBe('1');
    expect((await users(held.token)).map((u) => u.username)).toEqual(['admin', 'stays']);
    expect((await call(server.url, { token: gone, content: 'version' })).status).toBe(403);
    const unknown = await call(server.url, {
      token: held.token,
      content: 'user',
      action: 'delete',
      format: 'csv',
      users: ['nobody'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toBe('ERROR: The user "nobody" is not a user of this project');
    const self = await call(server.url, {
      token: held.token,
      content: 'user',
      action: 'delete',
      format: 'xml',
      users: ['admin'],
    });
    expect(self.status).toBe(400);
    expect(self.text).toContain('You cannot delete your own user account');
  });

  it("shows a user in a role the role's rights, and the role's rights are what its token gets", async () => {
    const held = copy('dag');
    // The dag fixture's role "api" has api_export and user_rights 2, but no api_import.
    const role = (
      await callJson<{ unique_role_name: string }[]>(server.url, { token: held.token, content: 'userRole' })
    )[0].unique_role_name;
    const token = issueApiToken(server.db, held.projectId, 'member', { rights: { api_import: 1, design: 1 } });
    await call(server.url, {
      token: held.token,
      content: 'userRoleMapping',
      action: 'import',
      format: 'json',
      data: JSON.stringify([{ username: 'member', unique_role_name: role }]),
    });
    const member = (await users(held.token)).find((u) => u.username === 'member')!;
    expect(member.design).toBe(0);
    expect(member.api_import).toBe(0);
    expect(member.api_export).toBe(1);
    expect(member.forms).toEqual({ demographics: 1 });
    const imp = await call(server.url, {
      token,
      content: 'record',
      action: 'import',
      format: 'json',
      data: '[{"record_id":"x"}]',
    });
    expect(imp.status).toBe(403);
    expect((await call(server.url, { token, content: 'record', format: 'json' })).status).toBe(200);
  });

  it('lets a user in a DAG see and manage only the users of its DAG', async () => {
    const held = copy('dag');
    const a = groupId(held.projectId, 'daga');
    const b = groupId(held.projectId, 'dagb');
    const manager = issueApiToken(server.db, held.projectId, 'manager_a', {
      groupId: a,
      rights: { api_export: 1, api_import: 1, user_rights: 1 },
    });
    issueApiToken(server.db, held.projectId, 'colleague_a', { groupId: a, rights: { api_export: 1 } });
    issueApiToken(server.db, held.projectId, 'outsider_b', { groupId: b, rights: { api_export: 1 } });
    const seen = await users(manager);
    expect(seen.map((u) => u.username)).toEqual(['colleague_a', 'manager_a']);
    expect(seen.every((u) => u.data_access_group === 'daga' && u.data_access_group_id === a)).toBe(true);
    const added = await call(server.url, {
      token: manager,
      content: 'user',
      action: 'import',
      format: 'json',
      data: '[{"username":"newcomer","api_export":1}]',
    });
    expect(added.text).toBe('1');
    expect((await users(held.token)).find((u) => u.username === 'newcomer')!.data_access_group).toBe('daga');
    const moveOut = await call(server.url, {
      token: manager,
      content: 'user',
      action: 'import',
      format: 'json',
      data: '[{"username":"colleague_a","data_access_group":"dagb"}]',
    });
    expect(moveOut.status).toBe(403);
    const other = await call(server.url, {
      token: manager,
      content: 'user',
      action: 'import',
      format: 'json',
      data: '[{"username":"outsider_b","design":1}]',
    });
    expect(JSON.parse(other.text).error).toBe('The user "outsider_b" is not a user of this project');
    const del = await call(server.url, {
      token: manager,
      content: 'user',
      action: 'delete',
      format: 'json',
      users: ['outsider_b'],
    });
    expect(del.status).toBe(400);
  });

  it('logs user changes', async () => {
    const { token } = copy('simple');
    await call(server.url, {
      token,
      content: 'user',
      action: 'import',
      format: 'json',
      data: '[{"username":"logged","design":1}]',
    });
    await call(server.url, { token, content: 'user', action: 'delete', format: 'json', users: ['logged'] });
    const log = await callJson<{ action: string; details: string }[]>(server.url, {
      token,
      content: 'log',
      logtype: 'user',
    });
    expect(log.map((l) => l.details.replace(/:.*/s, ''))).toEqual(['Delete user (API)', 'Add user (API)']);
    expect(log[1].details).toContain("user = 'logged'; design = 1");
  });
});
