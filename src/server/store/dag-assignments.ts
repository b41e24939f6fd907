import type { Db } from './database.js';

/**
 * Which data access groups each user may switch to (REDCap's DAG
 * Switcher). Group 0 stands for "no group". A user's current group stays
 * in `users.group_id`; this table only lists the choices.
 */

/** Adds groups (null = no group) to the ones a user may switch to. */
export function addUserDagChoices(
  db: Db,
  projectId: number,
  username: string,
  groupIds: readonly (number | null)[],
): void {
  const ins = db.prepare('INSERT OR IGNORE INTO user_dag_choices (project_id, username, group_id) VALUES (?, ?, ?)');
  for (const g of groupIds) ins.run(projectId, username, g ?? 0);
}

/** The groups a user may switch to (null = no group). */
export function userDagChoices(db: Db, projectId: number, username: string): (number | null)[] {
  return (
    db
      .prepare('SELECT group_id FROM user_dag_choices WHERE project_id = ? AND username = ? ORDER BY group_id')
      .pluck()
      .all(projectId, username) as number[]
  ).map((g) => (g === 0 ? null : g));
}

export function removeUserDagChoices(db: Db, projectId: number, username: string): void {
  db.prepare('DELETE FROM user_dag_choices WHERE project_id = ? AND username = ?').run(projectId, username);
}

/** Forgets a deleted group wherever it was a choice. */
export function removeDagFromChoices(db: Db, projectId: number, groupId: number): void {
  db.prepare('DELETE FROM user_dag_choices WHERE project_id = ? AND group_id = ?').run(projectId, groupId);
}

/**
 * Lets a user switch among these groups (unique names; '' for no group)
 * and puts it in the first: the DAG Switcher setup for tests and demos.
 */
export function assignUserDags(db: Db, projectId: number, username: string, uniqueNames: readonly string[]): void {
  const ids = uniqueNames.map((name) => {
    if (name === '') return null;
    const row = db.prepare('SELECT group_id FROM dags WHERE project_id = ? AND unique_name = ?').get(projectId, name) as
      | { group_id: number }
      | undefined;
    if (!row) throw new Error(`Unknown data access group "${name}"`);
    return row.group_id;
  });
  const user = db.prepare('SELECT 1 FROM users WHERE project_id = ? AND username = ?').get(projectId, username);
  if (!user) throw new Error(`Unknown user "${username}"`);
  db.transaction(() => {
    addUserDagChoices(db, projectId, username, ids);
    if (ids.length)
      db.prepare('UPDATE users SET group_id = ? WHERE project_id = ? AND username = ?').run(
        ids[0],
        projectId,
        username,
      );
  })();
}
