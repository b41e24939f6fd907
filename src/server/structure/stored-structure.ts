import { badRequest } from '../refusal.js';
import type { Db } from '../store/database.js';
import { countEvents } from '../store/events-store.js';
import type { ProjectState } from '../store/project-state.js';

/** Refuses arms, events and mappings on a classic project, in REDCap's words. */
export function requireLongitudinal(state: ProjectState, verb: 'export' | 'import' | 'delete', what: string): void {
  if (!state.schema.longitudinal) throw badRequest(`You cannot ${verb} ${what} for classic projects`);
}

/**
 * Destructive structure changes (deleting arms or events, `override=1`)
 * are refused in production, as REDCap allows them only in development.
 */
export function requireDevelopment(state: ProjectState, action: string): void {
  if (state.info.in_production === 1)
    throw badRequest(`${action} is only allowed while the project is in development status`);
}

/** Refuses a change that would leave a longitudinal project without any event. */
export function requireSomeEvent(db: Db, projectId: number): void {
  if (countEvents(db, projectId) === 0)
    throw badRequest('A longitudinal project needs at least one event: this change would remove every event');
}
