import type { Db } from './database.js';

/** Every project id, oldest first. */
export function projectIds(db: Db): number[] {
  return db.prepare('SELECT project_id FROM projects ORDER BY project_id').pluck().all() as number[];
}

/** The project's settings as stored (`content=project` names). */
export function projectInfoJson(db: Db, projectId: number): Record<string, unknown> {
  return JSON.parse(
    db.prepare('SELECT info_json FROM projects WHERE project_id = ?').pluck().get(projectId) as string,
  ) as Record<string, unknown>;
}

export function saveProjectInfo(db: Db, projectId: number, info: object): void {
  db.prepare('UPDATE projects SET info_json = ? WHERE project_id = ?').run(JSON.stringify(info), projectId);
}

/** Settings and ODM extensions with no API name (`settings` keyed by ODM element name). */
export function projectExtras(db: Db, projectId: number): { settings?: Record<string, string> } {
  return JSON.parse(
    db.prepare('SELECT extras_json FROM projects WHERE project_id = ?').pluck().get(projectId) as string,
  ) as { settings?: Record<string, string> };
}

/** The survey settings of a form, as stored (undefined: the form is no survey). */
export function surveySettingsJson(db: Db, projectId: number, form: string): string | undefined {
  return db
    .prepare('SELECT settings_json FROM surveys WHERE project_id = ? AND form_name = ?')
    .pluck()
    .get(projectId, form) as string | undefined;
}

/** A saved report's definition as stored. */
export function reportJson(db: Db, projectId: number, reportId: number): string | undefined {
  return db
    .prepare('SELECT def_json FROM reports WHERE project_id = ? AND report_id = ?')
    .pluck()
    .get(projectId, reportId) as string | undefined;
}

export function projectCreatedAt(db: Db, projectId: number): string {
  return db.prepare('SELECT created_at FROM projects WHERE project_id = ?').pluck().get(projectId) as string;
}
