import type { Arm, EventDef } from '../../schema/types.js';
import { badRequest } from '../refusal.js';
import type { Db } from '../store/database.js';
import type { ProjectState } from '../store/project-state.js';

export interface StoredEvent extends EventDef {
  event_order: number;
}

/** Every arm of a project, those without events included (the API hides them). */
export function storedArms(db: Db, projectId: number): Arm[] {
  return db.prepare('SELECT arm_num, name FROM arms WHERE project_id = ? ORDER BY arm_num').all(projectId) as Arm[];
}

/** Every event of a project in arm and display order. */
export function storedEvents(db: Db, projectId: number): StoredEvent[] {
  return db.prepare(`SELECT event_id, arm_num, event_order, event_name, unique_event_name, custom_event_label, days_offset, offset_min, offset_max
    FROM events WHERE project_id = ? ORDER BY arm_num, event_order, event_id`).all(projectId) as StoredEvent[];
}

/** Refuses arms, events and mappings on a classic project, in REDCap's words. */
export function requireLongitudinal(state: ProjectState, verb: 'export' | 'import' | 'delete', what: string): void {
  if (!state.schema.longitudinal) throw badRequest(`You cannot ${verb} ${what} for classic projects`);
}

/**
 * Destructive structure changes (deleting arms or events, `override=1`)
 * are refused in production, as REDCap allows them only in development.
 */
export function requireDevelopment(state: ProjectState, action: string): void {
  if (state.info.in_production === 1) throw badRequest(`${action} is only allowed while the project is in development status`);
}

/** Refuses a change that would leave a longitudinal project without any event. */
export function requireSomeEvent(db: Db, projectId: number): void {
  const left = db.prepare('SELECT COUNT(*) FROM events WHERE project_id = ?').pluck().get(projectId) as number;
  if (left === 0) throw badRequest('A longitudinal project needs at least one event: this change would remove every event');
}
