import { describe, expect, test } from 'vitest';
import { sent } from './sent.js';

describe('users and roles', () => {
  test("exportUsers keeps REDCap's typed rights", async () => {
    const user = {
      username: 'alice',
      email: 'a@x.org',
      design: 1,
      api_export: 1,
      forms: { demographics: 1 },
      forms_export: { demographics: 2 },
    };
    const { params, result } = await sent((p) => p.exportUsers(), { body: [user] });
    expect(params).toEqual({ content: 'user', action: 'export', format: 'json' });
    expect(result).toEqual([user]);
  });

  test('importUsers / deleteUsers', async () => {
    const imp = await sent((p) => p.importUsers([{ username: 'bob', design: 0 }]), { body: '1' });
    expect(imp.params).toEqual({
      content: 'user',
      action: 'import',
      format: 'json',
      data: '[{"username":"bob","design":0}]',
    });
    expect(imp.result).toBe(1);
    const csv = await sent((p) => p.importUsers('username,forms\nbob,"demographics:1"\n'), { body: '1' });
    expect(csv.params).toMatchObject({ format: 'csv', data: 'username,forms\nbob,"demographics:1"\n' });
    const del = await sent((p) => p.deleteUsers(['bob', 'carol']), { body: '2' });
    expect(del.params).toEqual({
      content: 'user',
      action: 'delete',
      format: 'json',
      'users[0]': 'bob',
      'users[1]': 'carol',
    });
    expect(del.result).toBe(2);
  });

  test('roles and role mappings', async () => {
    const role = { unique_role_name: 'U-573AEYRNR8', role_label: 'Data entry', design: '0' };
    const out = await sent((p) => p.exportUserRoles(), { body: [role] });
    expect(out.params).toEqual({ content: 'userRole', action: 'export', format: 'json' });
    expect(out.result).toEqual([role]);
    const imp = await sent((p) => p.importUserRoles([{ unique_role_name: '', role_label: 'Monitor' }]), { body: '1' });
    expect(imp.params).toEqual({
      content: 'userRole',
      action: 'import',
      format: 'json',
      data: '[{"unique_role_name":"","role_label":"Monitor"}]',
    });
    const del = await sent((p) => p.deleteUserRoles(['U-573AEYRNR8']), { body: '1' });
    expect(del.params).toEqual({ content: 'userRole', action: 'delete', format: 'json', 'roles[0]': 'U-573AEYRNR8' });
    const map = [{ username: 'alice', unique_role_name: 'U-573AEYRNR8' }];
    const mOut = await sent((p) => p.exportUserRoleMappings(), { body: map });
    expect(mOut.params).toEqual({ content: 'userRoleMapping', action: 'export', format: 'json' });
    expect(mOut.result).toEqual(map);
    const mIn = await sent((p) => p.importUserRoleMappings(map), { body: '1' });
    expect(mIn.params).toEqual({
      content: 'userRoleMapping',
      action: 'import',
      format: 'json',
      data: JSON.stringify(map),
    });
    expect(mIn.result).toBe(1);
  });
});
