import type { Arm } from '../../schema/types.js';
import type { Db } from './database.js';

/** Every arm of a project, those without events included (the API hides them). */
export function storedArms(db: Db, projectId: number): Arm[] {
  return db.prepare('SELECT arm_num, name FROM arms WHERE project_id = ? ORDER BY arm_num').all(projectId) as Arm[];
}

export function insertArm(db: Db, projectId: number, arm: Arm): void {
  db.prepare('INSERT INTO arms (project_id, arm_num, name) VALUES (?, ?, ?)').run(projectId, arm.arm_num, arm.name);
}

export function renameArm(db: Db, projectId: number, arm: Arm): void {
  db.prepare('UPDATE arms SET name = ? WHERE project_id = ? AND arm_num = ?').run(arm.name, projectId, arm.arm_num);
}

/** Removes an arm and its records (its events are deleted first, with their data). */
export function deleteArmRow(db: Db, projectId: number, arm: number): void {
  db.prepare('DELETE FROM records WHERE project_id = ? AND arm_num = ?').run(projectId, arm);
  db.prepare('DELETE FROM arms WHERE project_id = ? AND arm_num = ?').run(projectId, arm);
}
