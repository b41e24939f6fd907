import { badRequest, forbidden } from '../refusal.js';
import type { ProjectCall } from '../handlers/handler.js';
import { recordGroupOf } from '../store/record-store.js';

/**
 * The DAG of a record: its group id, null when it is in none, undefined
 * when the record does not exist.
 */
export function recordGroup(call: Pick<ProjectCall, 'db' | 'project'>, record: string): number | null | undefined {
  return recordGroupOf(call.db, call.project.id, record);
}

/**
 * Refuses a record the caller cannot see: one that does not exist, or one
 * in another DAG than the caller's. Both get the same answer, so a DAG
 * user learns nothing about other groups' records (as REDCap answers).
 */
export function requireVisibleRecord(call: Pick<ProjectCall, 'db' | 'project' | 'user'>, record: string): void {
  const group = recordGroup(call, record);
  if (group === undefined || (call.user.groupId !== null && group !== call.user.groupId)) {
    throw badRequest(`The record "${record}" does not exist`);
  }
}

/**
 * REDCap hides the Data Access Groups page from users who are in a group
 * themselves; the API methods that manage groups refuse them likewise.
 */
export function refuseDagMember(call: ProjectCall): void {
  if (call.user.groupId !== null)
    throw forbidden('You are in a data access group: only users who are not in one can manage data access groups');
}

/** User and role changes need full User Rights privileges (2 is REDCap's read-only level). */
export function requireUserRightsWrite(call: ProjectCall): void {
  if (call.user.rights.user_rights === 2)
    throw forbidden('You have read-only User Rights privileges and cannot change users or roles');
}

/** The unique name of a group id, '' for none. */
export function groupName(call: Pick<ProjectCall, 'project'>, groupId: number | null): string {
  if (groupId === null) return '';
  return call.project.dags.find((d) => d.group_id === groupId)?.unique_name ?? '';
}
