import type { Db } from './database.js';

export function insertDag(db: Db, projectId: number, label: string, uniqueName: string): void {
  db.prepare('INSERT INTO dags (project_id, group_name, unique_name) VALUES (?, ?, ?)').run(
    projectId,
    label,
    uniqueName,
  );
}

export function renameDag(db: Db, groupId: number, label: string): void {
  db.prepare('UPDATE dags SET group_name = ? WHERE group_id = ?').run(label, groupId);
}

/** Deletes a group; its users are left in none. */
export function deleteDag(db: Db, projectId: number, groupId: number): void {
  db.prepare('UPDATE users SET group_id = NULL WHERE project_id = ? AND group_id = ?').run(projectId, groupId);
  db.prepare('DELETE FROM dags WHERE group_id = ?').run(groupId);
}

/** How many records belong to the group. */
export function countDagRecords(db: Db, projectId: number, groupId: number): number {
  return db
    .prepare('SELECT COUNT(DISTINCT record) FROM records WHERE project_id = ? AND group_id = ?')
    .pluck()
    .get(projectId, groupId) as number;
}
