import { dropCopiesOnWrite } from './copy-triggers.js';
import { type Db, prepared } from './database.js';

/**
 * Records' rendered CSV lines, kept per line plan: a signature of all that
 * shapes a line (structure version, columns, value options), so that an
 * export asked again reads lines instead of rendering every cell again.
 * Like the packs, only a copy: triggers drop a record's lines whenever its
 * values are written, by any code path; plans beyond the last few used,
 * and their lines, are dropped.
 */
export const ROW_LINES_SCHEMA = `
CREATE TABLE IF NOT EXISTS line_plans (
  project_id INTEGER NOT NULL,
  plan INTEGER NOT NULL,
  signature TEXT NOT NULL,
  uses INTEGER NOT NULL,
  used INTEGER NOT NULL,
  keeps INTEGER,
  PRIMARY KEY (project_id, plan),
  UNIQUE (project_id, signature)
);
CREATE TABLE IF NOT EXISTS row_lines (
  project_id INTEGER NOT NULL,
  record TEXT NOT NULL,
  plan INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  lines TEXT NOT NULL,
  PRIMARY KEY (project_id, record, plan)
);
${dropCopiesOnWrite('row_lines')}`;

/** A record's lines: how many rows, and their text (each row with its line break). */
export type RecordLines = [record: string, rows: number, lines: string];

/** How many line plans a project keeps. */
const KEPT_PLANS = 3;

/** A plan whose lines would take more characters than this is not kept (the database would grow by its size). */
const MAX_PLAN_CHARS = 128 * 2 ** 20;
const planLimits = new WeakMap<Db, number>();

/** How many characters a plan's lines may take and still be kept, for this database. */
export function keptLinesLimit(db: Db): number {
  return planLimits.get(db) ?? MAX_PLAN_CHARS;
}

/** Sets that bound, or back to the default with undefined (a test makes it small rather than a project of 128 M characters). */
export function setKeptLinesLimit(db: Db, chars: number | undefined): void {
  if (chars === undefined) planLimits.delete(db);
  else planLimits.set(db, chars);
}

/** A line plan: its number, how often it was used (this use included), and whether its lines are kept (null: not decided yet). */
export interface LinePlan {
  plan: number;
  uses: number;
  keeps: boolean | null;
}

/**
 * The plan of a signature, made when new, marked as the latest used.
 * Plans beyond the last KEPT_PLANS used are dropped with their lines.
 */
export function useLinePlan(db: Db, projectId: number, signature: string): LinePlan {
  return db.transaction(() => {
    const stamp = (prepared(db, 'SELECT coalesce(max(used), 0) + 1 FROM line_plans WHERE project_id = ?')
      .pluck()
      .get(projectId) ?? 1) as number;
    const found = prepared(db, 'SELECT plan, uses, keeps FROM line_plans WHERE project_id = ? AND signature = ?').get(
      projectId,
      signature,
    ) as { plan: number; uses: number; keeps: number | null } | undefined;
    if (found) {
      prepared(db, 'UPDATE line_plans SET uses = uses + 1, used = ? WHERE project_id = ? AND plan = ?').run(
        stamp,
        projectId,
        found.plan,
      );
      return { plan: found.plan, uses: found.uses + 1, keeps: found.keeps === null ? null : found.keeps === 1 };
    }
    const plan = prepared(db, 'SELECT coalesce(max(plan), 0) + 1 FROM line_plans WHERE project_id = ?')
      .pluck()
      .get(projectId) as number;
    prepared(db, 'INSERT INTO line_plans (project_id, plan, signature, uses, used) VALUES (?, ?, ?, 1, ?)').run(
      projectId,
      plan,
      signature,
      stamp,
    );
    const stale = prepared(db, 'SELECT plan FROM line_plans WHERE project_id = ? ORDER BY used DESC LIMIT -1 OFFSET ?')
      .pluck()
      .all(projectId, KEPT_PLANS) as number[];
    for (const old of stale) dropLinePlan(db, projectId, old);
    return { plan, uses: 1, keeps: null };
  })();
}

/** Records whether a plan's lines are kept. */
export function setPlanKeeps(db: Db, projectId: number, plan: number, keeps: boolean): void {
  prepared(db, 'UPDATE line_plans SET keeps = ? WHERE project_id = ? AND plan = ?').run(keeps ? 1 : 0, projectId, plan);
}

/** Forgets a plan and its lines. */
export function dropLinePlan(db: Db, projectId: number, plan: number): void {
  prepared(db, 'DELETE FROM row_lines WHERE project_id = ? AND plan = ?').run(projectId, plan);
  prepared(db, 'DELETE FROM line_plans WHERE project_id = ? AND plan = ?').run(projectId, plan);
}

/** The lines kept under a plan for the given records (those that have them). */
export function readLines(
  db: Db,
  projectId: number,
  plan: number,
  records: readonly string[],
): Map<string, RecordLines> {
  const found = new Map<string, RecordLines>();
  if (records.length === 0) return found;
  const rows = prepared(
    db,
    `SELECT record, rows, lines FROM row_lines WHERE project_id = ? AND plan = ? AND record IN (${records.map(() => '?').join(',')})`,
  )
    .raw(true)
    .all(projectId, plan, ...records) as RecordLines[];
  for (const row of rows) found.set(row[0], row);
  return found;
}

/** Keeps records' lines under a plan, in one transaction. */
export function writeLines(db: Db, projectId: number, plan: number, lines: readonly RecordLines[]): void {
  const put = prepared(
    db,
    'INSERT OR REPLACE INTO row_lines (project_id, record, plan, rows, lines) VALUES (?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const [record, rows, text] of lines) put.run(projectId, record, plan, rows, text);
  })();
}
