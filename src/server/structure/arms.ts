import type { Arm } from '../../schema/types.js';
import { badRequest } from '../refusal.js';
import type { Db } from '../store/database.js';
import { bumpStructure, type ProjectState } from '../store/project-state.js';
import { deleteArmRow, insertArm, renameArm, storedArms } from '../store/arms-store.js';
import { deleteEvents, eventIdsOfArm } from '../store/events-store.js';
import { requireSomeEvent } from './stored-structure.js';
import { positiveInteger } from './structure-io.js';

/** Arms from import rows (`arm_num`, `name`), checked. */
export function parseArmRows(rows: readonly Record<string, string>[]): Arm[] {
  if (rows.length === 0) throw badRequest('No arms were provided in the "data" parameter');
  const seen = new Set<number>();
  return rows.map((row, i) => {
    const armNum = positiveInteger(row.arm_num, 'arm_num', i + 1);
    const name = (row.name ?? '').trim();
    if (name === '') throw badRequest(`The arm name on row ${i + 1} (arm_num ${armNum}) is missing`);
    if (seen.has(armNum)) throw badRequest(`The arm_num ${armNum} appears more than once in the data`);
    seen.add(armNum);
    return { arm_num: armNum, name };
  });
}

export interface ArmChanges {
  created: Arm[];
  renamed: Arm[];
  /** Arms removed by `override`, with their events and data. */
  deleted: number[];
}

/**
 * Adds arms and renames existing ones. With `override`, arms not listed
 * are deleted with their events and data. REDCap documents override as
 * "replace all arms"; listed arms that already exist keep their events
 * here, the least destructive reading of that (a real server may drop them).
 */
export function importArms(db: Db, state: ProjectState, arms: readonly Arm[], override: boolean): ArmChanges {
  const changes: ArmChanges = { created: [], renamed: [], deleted: [] };
  db.transaction(() => {
    const existing = new Map(storedArms(db, state.id).map((a) => [a.arm_num, a.name]));
    if (override) {
      const keep = new Set(arms.map((a) => a.arm_num));
      const gone = [...existing.keys()].filter((n) => !keep.has(n));
      removeArms(db, state.id, gone);
      changes.deleted.push(...gone);
    }
    for (const arm of arms) {
      const old = existing.get(arm.arm_num);
      if (old === undefined) {
        insertArm(db, state.id, arm);
        changes.created.push(arm);
      } else if (old !== arm.name) {
        renameArm(db, state.id, arm);
        changes.renamed.push(arm);
      }
    }
    if (changes.deleted.length) requireSomeEvent(db, state.id);
    bumpStructure(db, state.id);
  })();
  return changes;
}

/** Deletes arms with their events and data; every number must be an arm of the project. */
export function deleteArms(db: Db, state: ProjectState, armNums: readonly number[]): number {
  const existing = new Set(storedArms(db, state.id).map((a) => a.arm_num));
  const bad = armNums.filter((n) => !existing.has(n));
  if (bad.length)
    throw badRequest(
      `The following values in the parameter "arms" are not valid: ${bad.map((v) => `'${v}'`).join(', ')}`,
    );
  const unique = [...new Set(armNums)];
  db.transaction(() => {
    removeArms(db, state.id, unique);
    requireSomeEvent(db, state.id);
    bumpStructure(db, state.id);
  })();
  return unique.length;
}

function removeArms(db: Db, projectId: number, armNums: readonly number[]): void {
  for (const arm of armNums) {
    deleteEvents(db, projectId, eventIdsOfArm(db, projectId, arm));
    deleteArmRow(db, projectId, arm);
  }
}
