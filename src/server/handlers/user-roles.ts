import { randomInt } from 'node:crypto';
import { ROLE_RIGHT_NAMES, readRights } from '../auth/rights.js';
import { badRequest } from '../refusal.js';
import { CONTENT_TYPES } from '../http/formats.js';
import { readObjects } from '../access/read-objects.js';
import { renderObjects, type OutputObject } from '../access/render-objects.js';
import { applyRightsPatch, formRightsOf, noRights, readRightsPatch } from '../access/rights-import.js';
import { requireUserRightsWrite } from '../access/scope.js';
import type { Db } from '../store/database.js';
import {
  deleteRole,
  insertRole,
  roleNameTaken,
  type StoredRole,
  storedRoles,
  updateRole,
} from '../store/roles-store.js';
import { leaveRole as leaveRoleRows, setUserRole } from '../store/users-store.js';
import { deleteAnswer, importAnswer, type ProjectCall, type ProjectHandler, requireRights } from './handler.js';
import { projectUsers, visibleUser } from './users.js';

function projectRoles(call: ProjectCall): StoredRole[] {
  return storedRoles(call.db, call.project.id);
}

function roleByName(call: ProjectCall, name: string): StoredRole {
  const role = projectRoles(call).find((r) => r.unique_role_name === name);
  if (!role) throw badRequest(`The unique role name "${name}" does not exist in this project`);
  return role;
}

const ROLE_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A new role name in REDCap's shape: `U-` and ten upper-case letters or digits (`U-573AEYRNR8`). */
export function newRoleName(db: Db): string {
  for (;;) {
    let name = 'U-';
    for (let i = 0; i < 10; i++) name += ROLE_CHARS[randomInt(ROLE_CHARS.length)];
    if (!roleNameTaken(db, name)) return name;
  }
}

export const ROLE_HEADER = ['unique_role_name', 'role_label', ...ROLE_RIGHT_NAMES, 'forms', 'forms_export'];

/** `content=userRole`: the roles with their rights; in JSON role rights are strings, as REDCap sends them. */
export const exportUserRoles: ProjectHandler = (call) => {
  requireRights(call, 'api_export', 'user_rights');
  const forms = call.project.instruments.map((i) => i.instrument_name);
  const rows: OutputObject[] = projectRoles(call).map((r) => {
    const rights = readRights(r.rights_json);
    const out: Record<string, OutputObject[string]> = {
      unique_role_name: r.unique_role_name,
      role_label: r.role_label,
    };
    for (const name of ROLE_RIGHT_NAMES) out[name] = String(rights[name]);
    out.forms = formRightsOf(rights.forms, forms);
    out.forms_export = formRightsOf(rights.forms_export, forms);
    return out;
  });
  return { contentType: CONTENT_TYPES[call.format], body: renderObjects(rows, call.format, ROLE_HEADER) };
};

const ROLE_IDENTITY = new Set(['unique_role_name', 'role_label']);

/**
 * `content=userRole, action=import`: a blank `unique_role_name` creates a
 * role (REDCap names it), a known one changes that role; rights left out
 * keep their values (no access for a new role). The members of a role
 * take its new rights at once.
 */
export const importUserRoles: ProjectHandler = (call) => {
  requireRights(call, 'api_import', 'user_rights');
  requireUserRightsWrite(call);
  const items = readObjects(call.params.get('data'), call.format);
  const forms = call.project.instruments.map((i) => i.instrument_name);
  const surveyForms = new Set(call.project.surveyForms);
  const plans = items.map((item, i) => {
    const unique = typeof item.unique_role_name === 'string' ? item.unique_role_name.trim() : '';
    const label = typeof item.role_label === 'string' ? item.role_label.trim() : '';
    const existing = unique === '' ? undefined : roleByName(call, unique);
    if (!existing && label === '')
      throw badRequest(`The role_label is missing in item ${i + 1} of the data: a new role needs a label`);
    const owner = `role "${label || existing?.role_label}"`;
    return { existing, label, patch: readRightsPatch(item, ROLE_IDENTITY, { owner, forms, surveyForms }) };
  });
  const run = call.db.transaction(() => {
    for (const p of plans) {
      if (p.existing) {
        const rights = applyRightsPatch(readRights(p.existing.rights_json), p.patch);
        updateRole(call.db, p.existing.role_id, p.label || p.existing.role_label, JSON.stringify(rights));
        call.log({
          action: 'Edit role (API)',
          logType: 'user',
          details: `role = '${p.label || p.existing.role_label}' (${p.existing.unique_role_name})`,
        });
      } else {
        const rights = applyRightsPatch(noRights(forms), p.patch);
        const name = newRoleName(call.db);
        insertRole(call.db, call.project.id, name, p.label, JSON.stringify(rights));
        call.log({ action: 'Add role (API)', logType: 'user', details: `role = '${p.label}' (${name})` });
      }
    }
  });
  run();
  return importAnswer(call, plans.length);
};

/**
 * Takes users out of a role. They keep the role's rights as their own, as
 * REDCap does when a user leaves a role, rather than losing all access.
 */
function leaveRole(call: ProjectCall, roleId: number, username?: string): void {
  leaveRoleRows(call.db, call.project.id, roleId, username);
}

/** `content=userRole, action=delete`: deletes roles; their members keep the role's rights. */
export const deleteUserRoles: ProjectHandler = (call) => {
  requireRights(call, 'api_import', 'user_rights');
  requireUserRightsWrite(call);
  const names = call.params.list('roles');
  if (!names) throw badRequest('The parameter "roles" is missing');
  const roles = [...new Set(names)].map((n) => roleByName(call, n));
  const run = call.db.transaction(() => {
    for (const role of roles) {
      leaveRole(call, role.role_id);
      deleteRole(call.db, role.role_id);
      call.log({
        action: 'Delete role (API)',
        logType: 'user',
        details: `role = '${role.role_label}' (${role.unique_role_name})`,
      });
    }
  });
  run();
  return deleteAnswer(roles.length);
};

/** `content=userRoleMapping`: each user with its role's unique name ('' for none). */
export const exportUserRoleMappings: ProjectHandler = (call) => {
  requireRights(call, 'api_export', 'user_rights');
  const names = new Map(projectRoles(call).map((r) => [r.role_id, r.unique_role_name]));
  // Each row names the user's DAG too: PyCap's doctest of
  // export_user_role_assignment expects {username, unique_role_name, data_access_group}.
  const groups = new Map(call.project.dags.map((d) => [d.group_id, d.unique_name]));
  const rows = projectUsers(call).map((u) => ({
    username: u.username,
    unique_role_name: u.role_id === null ? '' : (names.get(u.role_id) ?? ''),
    data_access_group: u.group_id === null ? '' : (groups.get(u.group_id) ?? ''),
  }));
  return {
    contentType: CONTENT_TYPES[call.format],
    body: renderObjects(rows, call.format, ['username', 'unique_role_name', 'data_access_group']),
  };
};

/** `content=userRoleMapping, action=import`: puts users in roles, or (blank role) out of them. */
export const importUserRoleMappings: ProjectHandler = (call) => {
  requireRights(call, 'api_import', 'user_rights');
  requireUserRightsWrite(call);
  const items = readObjects(call.params.get('data'), call.format);
  const plans = items.map((item, i) => {
    const username = typeof item.username === 'string' ? item.username.trim() : '';
    if (username === '') throw badRequest(`The username is missing in item ${i + 1} of the data`);
    const user = visibleUser(call, username);
    const unique = typeof item.unique_role_name === 'string' ? item.unique_role_name.trim() : '';
    return { user, role: unique === '' ? undefined : roleByName(call, unique) };
  });
  const run = call.db.transaction(() => {
    for (const { user, role } of plans) {
      if (role) {
        setUserRole(call.db, call.project.id, user.username, role.role_id);
      } else if (user.role_id !== null) {
        leaveRole(call, user.role_id, user.username);
      }
      call.log({
        action: 'Assign user to role (API)',
        logType: 'user',
        details: `user = '${user.username}', role = '${role?.unique_role_name ?? ''}'`,
      });
    }
  });
  run();
  return importAnswer(call, plans.length);
};
