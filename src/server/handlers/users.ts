import { RANDOMIZATION_RIGHTS, RIGHT_NAMES, readRights, type RightName, type UserRights } from '../auth/rights.js';
import { badRequest, forbidden } from '../refusal.js';
import { CONTENT_TYPES } from '../http/formats.js';
import { readObjects } from '../access/read-objects.js';
import { renderObjects, type OutputObject } from '../access/render-objects.js';
import { applyRightsPatch, formRightsOf, noRights, readRightsPatch } from '../access/rights-import.js';
import { groupName, requireUserRightsWrite } from '../access/scope.js';
import { removeUserDagChoices } from '../store/dag-assignments.js';
import {
  deleteUser,
  insertUser,
  type StoredUser,
  storedUsers,
  updateUser,
  userRightsJson,
} from '../store/users-store.js';
import { deleteAnswer, importAnswer, type ProjectCall, type ProjectHandler, requireRights } from './handler.js';

export type { StoredUser } from '../store/users-store.js';

/** The project's users (only the caller's DAG's when it is in one), by user name. */
export function projectUsers(call: ProjectCall): StoredUser[] {
  const rows = storedUsers(call.db, call.project.id);
  // REDCap shows a user in a DAG only the users of that DAG.
  return call.user.groupId === null ? rows : rows.filter((u) => u.group_id === call.user.groupId);
}

/** One user, refused when unknown or (for a DAG caller) outside the caller's DAG. */
export function visibleUser(call: ProjectCall, username: string): StoredUser {
  const user = projectUsers(call).find((u) => u.username === username);
  if (!user) throw badRequest(`The user "${username}" is not a user of this project`);
  return user;
}

/**
 * The user export's columns in REDCap's order, as PyCap's doctest of
 * export_users reads them (it compares the dict's repr, so order counts):
 * identity, the DAG (name, id, label), rights, forms. Randomization rights
 * only appear where randomization is enabled (the doctest has none).
 */
export function userHeader(randomization: boolean): string[] {
  return [
    'username',
    'email',
    'firstname',
    'lastname',
    'expiration',
    'data_access_group',
    'data_access_group_id',
    'data_access_group_label',
    ...RIGHT_NAMES.filter((r) => randomization || !RANDOMIZATION_RIGHTS.has(r)),
    'forms',
    'forms_export',
  ];
}

const formNames = (call: ProjectCall) => call.project.instruments.map((i) => i.instrument_name);

/** `content=user`: every user with the rights it holds (its role's, when in a role); rights are integers. */
export const exportUsers: ProjectHandler = (call) => {
  requireRights(call, 'api_export', 'user_rights');
  const forms = formNames(call);
  const header = userHeader(call.project.info.randomization_enabled === 1);
  const rows: OutputObject[] = projectUsers(call).map((u) => {
    const rights = readRights(u.role_rights ?? u.rights_json);
    const out: Record<string, OutputObject[string]> = {
      username: u.username,
      email: u.email,
      firstname: u.firstname,
      lastname: u.lastname,
      expiration: u.expiration,
      data_access_group: groupName(call, u.group_id),
      data_access_group_id: u.group_id ?? '',
      data_access_group_label: call.project.dags.find((d) => d.group_id === u.group_id)?.group_name ?? '',
    };
    for (const r of header) if (r in rights && r !== 'forms' && r !== 'forms_export') out[r] = rights[r as RightName];
    out.forms = formRightsOf(rights.forms, forms);
    out.forms_export = formRightsOf(rights.forms_export, forms);
    return out;
  });
  return { contentType: CONTENT_TYPES[call.format], body: renderObjects(rows, call.format, header) };
};

const USER_IDENTITY = new Set(['username', 'email', 'firstname', 'lastname', 'expiration', 'data_access_group']);
const USERNAME = /^[A-Za-z0-9_.@-]+$/;

/**
 * `content=user, action=import`: adds users or changes them. Attributes
 * left out keep their values (a new user starts with no rights at all);
 * rights outside REDCap's levels, unknown instruments and unknown
 * attributes refuse the whole import. A user in a role keeps the role's
 * rights: what is imported is stored but only applies once the user
 * leaves the role (REDCap applies a role's rights to its members).
 * Importing a user never gives it an API token.
 */
export const importUsers: ProjectHandler = (call) => {
  requireRights(call, 'api_import', 'user_rights');
  requireUserRightsWrite(call);
  const items = readObjects(call.params.get('data'), call.format);
  const forms = formNames(call);
  const surveyForms = new Set(call.project.surveyForms);
  const existing = new Map(storedUsers(call.db, call.project.id).map((u) => [u.username, u.group_id]));
  const dagByName = new Map(call.project.dags.map((d) => [d.unique_name, d.group_id]));

  const plans = items.map((item, i) => {
    const username = typeof item.username === 'string' ? item.username.trim() : '';
    if (username === '') throw badRequest(`The username is missing in item ${i + 1} of the data`);
    if (!USERNAME.test(username))
      throw badRequest(`The username "${username}" is not valid: use letters, numbers, "_", "-", "." and "@" only`);
    const owner = `user "${username}"`;
    const text = (key: string): string | undefined => {
      const v = item[key];
      if (v === undefined) return undefined;
      if (typeof v !== 'string') throw badRequest(`The "${key}" value of ${owner} must be text`);
      return v.trim();
    };
    const isNew = !existing.has(username);
    if (!isNew && call.user.groupId !== null && existing.get(username) !== call.user.groupId) {
      throw badRequest(`The user "${username}" is not a user of this project`);
    }
    let groupId: number | null | undefined;
    const dag = text('data_access_group');
    if (dag !== undefined) {
      if (dag === '') groupId = null;
      else if (!dagByName.has(dag))
        throw badRequest(`The data access group "${dag}" of ${owner} does not exist in the project`);
      else groupId = dagByName.get(dag)!;
    }
    if (call.user.groupId !== null) {
      // A user in a DAG manages only the users of its DAG, and cannot move anyone out of it.
      if (groupId !== undefined && groupId !== call.user.groupId)
        throw forbidden(`You are in a data access group and cannot assign ${owner} to another group`);
      if (isNew) groupId = call.user.groupId;
    }
    const expiration = text('expiration');
    if (expiration !== undefined && expiration !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(expiration)) {
      throw badRequest(`The expiration "${expiration}" of ${owner} is not a date in the format YYYY-MM-DD`);
    }
    const email = text('email');
    if (email !== undefined && email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      throw badRequest(`The email "${email}" of ${owner} is not valid`);
    const patch = readRightsPatch(item, USER_IDENTITY, { owner, forms, surveyForms });
    // A user named twice in one import is created once, then changed.
    if (isNew) existing.set(username, groupId ?? null);
    return {
      username,
      isNew,
      groupId,
      expiration,
      email,
      firstname: text('firstname'),
      lastname: text('lastname'),
      patch,
    };
  });

  const run = call.db.transaction(() => {
    for (const p of plans) {
      if (p.isNew) {
        const rights = applyRightsPatch(noRights(forms), p.patch);
        insertUser(call.db, call.project.id, p, p.groupId ?? null, JSON.stringify(rights));
      } else {
        const rights: UserRights = applyRightsPatch(
          readRights(userRightsJson(call.db, call.project.id, p.username)),
          p.patch,
        );
        updateUser(call.db, call.project.id, p, p.groupId, JSON.stringify(rights));
      }
      const changed = [
        ...Object.entries(p.patch.rights).map(([k, v]) => `${k} = ${v}`),
        p.patch.forms && 'forms',
        p.patch.formsExport && 'forms_export',
        p.groupId !== undefined && `data_access_group = '${groupName(call, p.groupId)}'`,
      ]
        .filter(Boolean)
        .join(', ');
      call.log({
        action: p.isNew ? 'Add user (API)' : 'Edit user (API)',
        logType: 'user',
        details: `user = '${p.username}'${changed ? `; ${changed}` : ''}`,
      });
    }
  });
  run();
  return importAnswer(call, plans.length);
};

/** `content=user, action=delete`: removes users from the project (their tokens stop working). */
export const deleteUsers: ProjectHandler = (call) => {
  requireRights(call, 'api_import', 'user_rights');
  requireUserRightsWrite(call);
  const names = call.params.list('users');
  if (!names) throw badRequest('The parameter "users" is missing');
  const unique = [...new Set(names)];
  for (const name of unique) {
    visibleUser(call, name);
    // REDCap does not let users take themselves out of a project.
    if (name === call.user.username)
      throw badRequest(`You cannot delete your own user account ("${name}") from the project`);
  }
  const run = call.db.transaction(() => {
    for (const name of unique) {
      deleteUser(call.db, call.project.id, name);
      removeUserDagChoices(call.db, call.project.id, name);
      call.log({ action: 'Delete user (API)', logType: 'user', details: `user = '${name}'` });
    }
  });
  run();
  return deleteAnswer(unique.length);
};
