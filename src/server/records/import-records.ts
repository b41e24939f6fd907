import type { ApiUser } from '../auth/api-user.js';
import { badRequest } from '../refusal.js';
import type { Db } from '../store/database.js';
import type { ProjectState } from '../store/project-state.js';
import { recordGroupsOf } from '../store/record-store.js';
import { authorizeImport } from './authorize-import.js';
import type { IncomingRows } from './import-data.js';
import { type ImportOptions, type ImportResult, type PlannedRow, type Problem, problemsError } from './import-plan.js';
import { planRows, SPECIAL } from './plan-rows.js';
import { ImportWriter } from './write-import.js';

export type { ImportOptions, ImportResult } from './import-plan.js';
export { eavToFlat } from './eav-to-flat.js';

/** The columns must include the record id and name only the project's fields (or the key columns). */
function checkColumns(state: ProjectState, columns: readonly string[]): void {
  const idField = state.schema.recordIdField;
  if (!columns.includes(idField))
    throw badRequest(`The record ID field ('${idField}') must be included in the imported data`);
  const unknown = columns.filter((c) => !SPECIAL.has(c) && !state.schema.column(c));
  if (unknown.length)
    throw badRequest(`The following fields were not found in the project as real data fields: ${unknown.join(', ')}`);
}

/** The rows of each record, records in the order first seen (a record's rows need not be next to each other). */
function byRecord(planned: readonly PlannedRow[]): IterableIterator<PlannedRow[]> {
  const groups = new Map<string, PlannedRow[]>();
  for (const p of planned) {
    const rows = groups.get(p.sentRecord);
    if (rows) rows.push(p);
    else groups.set(p.sentRecord, [p]);
  }
  return groups.values();
}

/**
 * Validates every row of an import the way REDCap does and, only when
 * nothing fails, writes it all in one transaction. All failures are
 * reported together; nothing is written when any value fails.
 * Steps: parse the columns, validate the rows, authorize the records, write.
 */
export function importRecords(
  db: Db,
  state: ProjectState,
  user: ApiUser,
  input: IncomingRows,
  opts: ImportOptions,
): ImportResult {
  if (input.singleObject || input.rows.length === 0) return { records: [], autoIds: [] };
  checkColumns(state, input.columns);
  const problems: Problem[] = [];
  const planned = planRows(state, user, input, opts, problems);
  // Only the records the import names: reading every record of a large project per batch costs seconds.
  const existing = recordGroupsOf(db, state.id, opts.forceAutoNumber ? [] : planned.map((p) => p.sentRecord));
  authorizeImport(user, state.schema.recordIdField, planned, existing, opts, problems);
  if (problems.length) throw problemsError(problems);
  return db.transaction(() => {
    const writer = new ImportWriter(db, state, user, existing, opts);
    for (const rows of byRecord(planned)) writer.writeRecord(rows);
    return writer.result;
  })();
}
