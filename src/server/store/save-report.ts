import { randomInt } from 'node:crypto';
import type { ReportDefinition } from '../project-definition.js';
import type { Db } from './database.js';
import { projectState } from './project-state.js';

/** What defines a report: the fields it shows, its filter, its order. */
export interface ReportInput {
  title: string;
  fields: string[];
  filterLogic?: string;
  orderBy?: { field: string; descending?: boolean }[];
  /** REDCap's other report settings (`output_dags`, `output_survey_fields`, `redcap_reports_filter_events`, …) as text. */
  settings?: Record<string, string>;
  /** Replace this report instead of adding one. */
  report_id?: number;
}

const CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Stores a report (for tests and demo projects; REDCap defines reports in
 * its web interface, the API only exports them). Returns its `report_id`.
 * Fields, sort fields and events must exist in the project.
 */
export function saveReport(db: Db, projectId: number, input: ReportInput): number {
  const state = projectState(db, projectId);
  if (!state) throw new Error(`Unknown project ${projectId}`);
  if (input.title.trim() === '') throw new Error('A report needs a title');
  const unknown = [...input.fields, ...(input.orderBy ?? []).map((o) => o.field)].filter((f) => !state.schema.field(f));
  if (unknown.length)
    throw new Error(`The report "${input.title}" names fields that do not exist in the project: ${unknown.join(', ')}`);
  const id =
    input.report_id ??
    ((db.prepare('SELECT MAX(report_id) FROM reports WHERE project_id = ?').pluck().get(projectId) as number | null) ??
      0) + 1;
  const existing = db
    .prepare('SELECT def_json FROM reports WHERE project_id = ? AND report_id = ?')
    .get(projectId, id) as { def_json: string } | undefined;
  let unique = existing ? (JSON.parse(existing.def_json) as ReportDefinition).unique_report_name : undefined;
  if (!unique) {
    unique = 'R-';
    for (let i = 0; i < 10; i++) unique += CHARS[randomInt(CHARS.length)];
  }
  const def: ReportDefinition = {
    report_id: id,
    title: input.title,
    fields: [...input.fields],
    filterLogic: input.filterLogic ?? '',
    orderBy: (input.orderBy ?? []).map((o) => ({ field: o.field, descending: o.descending ?? false })),
    unique_report_name: unique,
    settings: { ...(input.settings ?? {}) },
  };
  db.prepare('INSERT OR REPLACE INTO reports (project_id, report_id, title, def_json) VALUES (?, ?, ?, ?)').run(
    projectId,
    id,
    def.title,
    JSON.stringify(def),
  );
  return id;
}
