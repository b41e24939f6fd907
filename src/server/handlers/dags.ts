import { badRequest } from '../refusal.js';
import { CONTENT_TYPES, renderRows } from '../http/formats.js';
import { uniqueGroupName } from '../odm/unique-group-name.js';
import { readObjects } from '../access/read-objects.js';
import { groupName, refuseDagMember } from '../access/scope.js';
import { addUserDagChoices, removeDagFromChoices, userDagChoices } from '../store/dag-assignments.js';
import { countDagRecords, deleteDag, insertDag, renameDag } from '../store/dags-store.js';
import { bumpStructure, type DagRow } from '../store/project-state.js';
import { setUserGroup } from '../store/users-store.js';
import { deleteAnswer, importAnswer, type ProjectCall, type ProjectHandler, requireRights } from './handler.js';
import { projectUsers, visibleUser } from './users.js';

function dagByName(call: ProjectCall, name: string): DagRow {
  const dag = call.project.dags.find((d) => d.unique_name === name);
  if (!dag) throw badRequest(`The data access group "${name}" does not exist in this project`);
  return dag;
}

const DAG_HEADER = ['data_access_group_name', 'unique_group_name', 'data_access_group_id'];

/** `content=dag`: the project's groups. */
export const exportDags: ProjectHandler = (call) => {
  requireRights(call, 'api_export', 'data_access_groups');
  refuseDagMember(call);
  const rows = call.project.dags.map((d) => ({
    data_access_group_name: d.group_name,
    unique_group_name: d.unique_name,
    data_access_group_id: d.group_id,
  }));
  return { contentType: CONTENT_TYPES[call.format], body: renderRows(rows, call.format, DAG_HEADER) };
};

/**
 * `content=dag, action=import`: a blank `unique_group_name` creates a group
 * named after its label by REDCap's rule (`New DAG` → `new_dag`); a known
 * one renames that group. The unique name stays as it was on a rename, so
 * that what refers to it keeps working.
 */
export const importDags: ProjectHandler = (call) => {
  requireRights(call, 'api_import', 'data_access_groups');
  refuseDagMember(call);
  const items = readObjects(call.params.get('data'), call.format);
  const taken = new Set(call.project.dags.map((d) => d.unique_name));
  const plans = items.map((item, i) => {
    const label = typeof item.data_access_group_name === 'string' ? item.data_access_group_name.trim() : '';
    if (label === '') throw badRequest(`The data_access_group_name is missing in item ${i + 1} of the data`);
    const unique = typeof item.unique_group_name === 'string' ? item.unique_group_name.trim() : '';
    if (unique !== '') return { label, existing: dagByName(call, unique), unique };
    const name = uniqueGroupName(label, taken);
    taken.add(name);
    return { label, existing: undefined, unique: name };
  });
  const run = call.db.transaction(() => {
    for (const p of plans) {
      if (p.existing) {
        renameDag(call.db, p.existing.group_id, p.label);
        call.log({
          action: 'Rename data access group (API)',
          logType: 'manage',
          details: `'${p.existing.group_name}' → '${p.label}' (${p.unique})`,
        });
      } else {
        insertDag(call.db, call.project.id, p.label, p.unique);
        call.log({
          action: 'Create data access group (API)',
          logType: 'manage',
          details: `'${p.label}' (${p.unique})`,
        });
      }
    }
    bumpStructure(call.db, call.project.id);
  });
  run();
  return importAnswer(call, plans.length);
};

/**
 * `content=dag, action=delete`. REDCap only deletes a group that holds no
 * records (its page offers no delete while records are assigned), so a
 * group with records is refused rather than releasing them to everyone.
 * Users in a deleted group are left in none.
 */
export const deleteDags: ProjectHandler = (call) => {
  requireRights(call, 'api_import', 'data_access_groups');
  refuseDagMember(call);
  const names = call.params.list('dags');
  if (!names) throw badRequest('The parameter "dags" is missing');
  const dags = [...new Set(names)].map((n) => dagByName(call, n));
  for (const d of dags) {
    const count = countDagRecords(call.db, call.project.id, d.group_id);
    if (count > 0)
      throw badRequest(
        `The data access group "${d.unique_name}" cannot be deleted because ${count} record${count === 1 ? ' is' : 's are'} assigned to it`,
      );
  }
  const run = call.db.transaction(() => {
    for (const d of dags) {
      removeDagFromChoices(call.db, call.project.id, d.group_id);
      deleteDag(call.db, call.project.id, d.group_id);
      call.log({
        action: 'Delete data access group (API)',
        logType: 'manage',
        details: `'${d.group_name}' (${d.unique_name})`,
      });
    }
    bumpStructure(call.db, call.project.id);
  });
  run();
  return deleteAnswer(dags.length);
};

/** `content=userDagMapping`: each user with its current group's unique name ('' for none). */
export const exportUserDagMappings: ProjectHandler = (call) => {
  requireRights(call, 'api_export', 'data_access_groups');
  refuseDagMember(call);
  // Users in a group come first, then those in none: PyCap's doctest of
  // import_user_dag_assignment (redcap/methods/data_access_groups.py) puts
  // a user in test_dag and exports it ahead of the project's creator.
  const users = [...projectUsers(call)].sort((a, b) => Number(a.group_id === null) - Number(b.group_id === null));
  const rows = users.map((u) => ({ username: u.username, redcap_data_access_group: groupName(call, u.group_id) }));
  return {
    contentType: CONTENT_TYPES[call.format],
    body: renderRows(rows, call.format, ['username', 'redcap_data_access_group']),
  };
};

/**
 * `content=userDagMapping, action=import`: puts each user in a group (or,
 * blank, in none). Every group a user is put in is also added to the
 * groups it may switch to with `content=dag, action=switch`, REDCap's DAG
 * Switcher, so a user mapped to several groups in turn may move among them.
 */
export const importUserDagMappings: ProjectHandler = (call) => {
  requireRights(call, 'api_import', 'data_access_groups');
  refuseDagMember(call);
  const items = readObjects(call.params.get('data'), call.format);
  const plans = items.map((item, i) => {
    const username = typeof item.username === 'string' ? item.username.trim() : '';
    if (username === '') throw badRequest(`The username is missing in item ${i + 1} of the data`);
    const user = visibleUser(call, username);
    const name = typeof item.redcap_data_access_group === 'string' ? item.redcap_data_access_group.trim() : '';
    return { user, dag: name === '' ? undefined : dagByName(call, name) };
  });
  const run = call.db.transaction(() => {
    for (const { user, dag } of plans) {
      const groupId = dag?.group_id ?? null;
      setUserGroup(call.db, call.project.id, user.username, groupId);
      addUserDagChoices(call.db, call.project.id, user.username, [groupId]);
      call.log({
        action: 'Assign user to data access group (API)',
        logType: 'user',
        details: `user = '${user.username}', group = '${dag?.unique_name ?? ''}'`,
      });
    }
  });
  run();
  return importAnswer(call, plans.length);
};

/**
 * `content=dag, action=switch`: moves the caller into another group it
 * has been assigned to; answers `1`. No DAG right is needed: REDCap lets
 * any user switch among the groups the DAG Switcher gave it.
 */
export const switchDag: ProjectHandler = (call) => {
  const name = call.params.text('dag');
  if (name === '') throw badRequest('The parameter "dag" is missing');
  const dag = dagByName(call, name);
  const choices = userDagChoices(call.db, call.project.id, call.user.username);
  if (dag.group_id !== call.user.groupId && !choices.includes(dag.group_id)) {
    throw badRequest(`You are not assigned to the data access group "${name}", so you cannot switch to it`);
  }
  setUserGroup(call.db, call.project.id, call.user.username, dag.group_id);
  call.log({
    action: 'Switch data access group (API)',
    logType: 'user',
    details: `'${groupName(call, call.user.groupId) || '[no group]'}' → '${name}'`,
    groupId: dag.group_id,
  });
  return { contentType: CONTENT_TYPES[call.format], body: '1' };
};
