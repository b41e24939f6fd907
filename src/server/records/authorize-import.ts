import type { ApiUser } from '../auth/api-user.js';
import { forbidden } from '../refusal.js';
import type { ImportOptions, PlannedRow, Problem } from './import-plan.js';

/**
 * The user may write each record: one in their data access group, and
 * only creates a record with Create Record rights. `existing` maps the
 * project's records to their group.
 */
export function authorizeImport(
  user: ApiUser,
  idField: string,
  planned: readonly PlannedRow[],
  existing: ReadonlyMap<string, number | null>,
  opts: ImportOptions,
  problems: Problem[],
): void {
  if (opts.forceAutoNumber) {
    if (!user.rights.record_create) throw forbidden('You do not have Create Record privileges');
    return;
  }
  const reported = new Set<string>();
  for (const { sentRecord: record } of planned) {
    if (reported.has(record)) continue;
    const has = existing.has(record);
    let message: string | undefined;
    if (has && user.groupId !== null && existing.get(record) !== user.groupId)
      message = 'This record belongs to a data access group you cannot access';
    else if (!has && !user.rights.record_create) message = 'You do not have Create Record privileges';
    if (message) {
      problems.push({ record, field: idField, value: record, message });
      reported.add(record);
    }
  }
}
