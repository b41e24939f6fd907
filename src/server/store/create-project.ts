import type { ProjectInfo } from '../../schema/types.js';
import { fullRights, type UserRights } from '../auth/rights.js';
import type { ProjectDefinition } from '../project-definition.js';
import type { Db } from './database.js';
import { attachFieldDoc, insertDoc } from './docs-store.js';
import { bumpStructure } from './project-state.js';
import type { PackedValue } from './record-store.js';
import { RecordWriter } from './record-writer.js';
import { ValueSpans } from './value-spans.js';
import { timestamp } from './timestamp.js';
import { insertUser } from './users-store.js';
import { newProjectToken } from './tokens.js';

export interface CreatedProject {
  projectId: number;
  /** The API token of the project's creator (full rights). */
  token: string;
  username: string;
}

export interface CreateOptions {
  /** Where the definition came from (file path, `demo:…`), to avoid loading it twice. */
  source?: string;
  /** The creator's user name (default `admin`). */
  username?: string;
  /** Use this token for the creator instead of a new random one. */
  token?: string;
  /**
   * Told, once the project is complete and still inside its transaction,
   * each record's stored values as written (records that also got survey
   * data or files are left out), so that their export packs are made while
   * the values are at hand instead of read back on the first export.
   */
  packRecords?: (projectId: number, records: Iterable<[string, PackedValue[]]>) => void;
}

function projectInfo(def: ProjectDefinition, now: string): ProjectInfo {
  const i = def.info;
  const num = (v: unknown, d = 0) => (v === undefined || v === null || v === '' ? d : Number(v));
  return {
    project_id: 0,
    project_title: i.project_title,
    creation_time: i.creation_time ?? now,
    production_time: i.production_time ?? '',
    in_production: num(i.in_production),
    project_language: i.project_language ?? 'English',
    purpose: num(i.purpose),
    purpose_other: i.purpose_other ?? '',
    project_notes: i.project_notes ?? '',
    custom_record_label: i.custom_record_label ?? '',
    secondary_unique_field: i.secondary_unique_field ?? '',
    is_longitudinal: def.events.length > 0 ? 1 : 0,
    has_repeating_instruments_or_events: def.repeating.length > 0 ? 1 : 0,
    surveys_enabled: num(i.surveys_enabled, def.surveys.length > 0 ? 1 : 0),
    scheduling_enabled: num(i.scheduling_enabled),
    record_autonumbering_enabled: num(i.record_autonumbering_enabled),
    randomization_enabled: num(i.randomization_enabled),
    ddp_enabled: num(i.ddp_enabled),
    project_irb_number: i.project_irb_number ?? '',
    project_grant_number: i.project_grant_number ?? '',
    project_pi_firstname: i.project_pi_firstname ?? '',
    project_pi_lastname: i.project_pi_lastname ?? '',
    display_today_now_button: num(i.display_today_now_button, 1),
    missing_data_codes: i.missing_data_codes ?? '',
    external_modules: i.external_modules ?? '',
    bypass_branching_erase_field_prompt: num(i.bypass_branching_erase_field_prompt),
  };
}

/**
 * Creates a project from a definition in one transaction: structure,
 * DAGs, roles, users, records, files, surveys and reports. The creator
 * gets full rights and a new API token.
 */
export function createProject(db: Db, def: ProjectDefinition, opts: CreateOptions = {}): CreatedProject {
  const now = timestamp();
  const token = opts.token ?? newProjectToken();
  const username = opts.username ?? 'admin';
  const run = db.transaction((): number => {
    const info = projectInfo(def, now);
    const extras = { settings: def.settings ?? {}, extensions: def.extensions ?? [] };
    const projectId = Number(
      db
        .prepare('INSERT INTO projects (info_json, extras_json, source, created_at) VALUES (?, ?, ?, ?)')
        .run(JSON.stringify(info), JSON.stringify(extras), opts.source ?? null, now).lastInsertRowid,
    );

    const insertField = db.prepare(
      'INSERT INTO fields (project_id, field_order, field_name, form_name, row_json) VALUES (?, ?, ?, ?, ?)',
    );
    def.dictionary.forEach((row, i) =>
      insertField.run(projectId, i, row.field_name, row.form_name, JSON.stringify(row)),
    );
    const formNames: string[] = [];
    const labels = new Map(def.instruments.map((x) => [x.instrument_name, x.instrument_label]));
    for (const x of def.instruments) if (!formNames.includes(x.instrument_name)) formNames.push(x.instrument_name);
    for (const row of def.dictionary) if (!formNames.includes(row.form_name)) formNames.push(row.form_name);
    const insertForm = db.prepare('INSERT INTO forms (project_id, form_order, form_name, label) VALUES (?, ?, ?, ?)');
    formNames.forEach((f, i) => insertForm.run(projectId, i, f, labels.get(f) ?? f));

    // Event ids are unique across the database, like REDCap's.
    let nextEventId = ((db.prepare('SELECT MAX(event_id) AS m FROM events').get() as { m: number | null }).m ?? 0) + 1;
    const insertArm = db.prepare('INSERT INTO arms (project_id, arm_num, name) VALUES (?, ?, ?)');
    const insertEvent =
      db.prepare(`INSERT INTO events (project_id, event_id, arm_num, event_order, event_name, unique_event_name,
      custom_event_label, days_offset, offset_min, offset_max) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertFormEvent = db.prepare(
      'INSERT OR IGNORE INTO form_events (project_id, event_id, form_name) VALUES (?, ?, ?)',
    );
    const eventIds = new Map<string, number>();
    const eventArm = new Map<string, number>();
    if (def.events.length === 0) {
      // Classic project: REDCap keeps one hidden event that every form belongs to.
      insertArm.run(projectId, 1, 'Arm 1');
      insertEvent.run(projectId, nextEventId, 1, 1, 'Event 1', 'event_1_arm_1', '', 0, 0, 0);
      for (const f of formNames) insertFormEvent.run(projectId, nextEventId, f);
      eventIds.set('', nextEventId);
      eventIds.set('event_1_arm_1', nextEventId);
      eventArm.set('', 1);
      eventArm.set('event_1_arm_1', 1);
    } else {
      const armNames = new Map(def.arms.map((a) => [a.arm_num, a.name]));
      for (const e of def.events) if (!armNames.has(e.arm_num)) armNames.set(e.arm_num, `Arm ${e.arm_num}`);
      for (const [num, name] of [...armNames].sort((a, b) => a[0] - b[0])) insertArm.run(projectId, num, name);
      def.events.forEach((e, i) => {
        const id = nextEventId++;
        insertEvent.run(
          projectId,
          id,
          e.arm_num,
          i + 1,
          e.event_name,
          e.unique_event_name,
          e.custom_event_label ?? '',
          e.days_offset ?? 0,
          e.offset_min ?? 0,
          e.offset_max ?? 0,
        );
        eventIds.set(e.unique_event_name, id);
        eventArm.set(e.unique_event_name, e.arm_num);
      });
      for (const m of def.mappings) {
        const id = eventIds.get(m.unique_event_name);
        if (id !== undefined) insertFormEvent.run(projectId, id, m.form);
      }
    }
    const eventIdOf = (name: string): number => {
      const id = eventIds.get(name) ?? (def.events.length === 0 ? eventIds.get('') : undefined);
      if (id === undefined) throw new Error(`Unknown event "${name}" in the project definition`);
      return id;
    };

    const insertRepeat = db.prepare(
      'INSERT OR REPLACE INTO repeating (project_id, event_id, form_name, custom_label) VALUES (?, ?, ?, ?)',
    );
    for (const r of def.repeating)
      insertRepeat.run(projectId, eventIdOf(r.event_name), r.form_name ?? '', r.custom_form_label ?? '');

    const insertDag = db.prepare('INSERT INTO dags (project_id, group_name, unique_name) VALUES (?, ?, ?)');
    const dagIds = new Map<string, number>();
    for (const d of def.dags) {
      dagIds.set(
        d.unique_group_name,
        Number(insertDag.run(projectId, d.data_access_group_name, d.unique_group_name).lastInsertRowid),
      );
    }
    const insertRole = db.prepare(
      'INSERT INTO roles (project_id, unique_role_name, role_label, rights_json) VALUES (?, ?, ?, ?)',
    );
    const roleIds = new Map<string, number>();
    for (const r of def.roles) {
      const rights = { ...r.rights, forms: r.forms, forms_export: r.forms_export };
      roleIds.set(
        r.unique_role_name,
        Number(insertRole.run(projectId, r.unique_role_name, r.role_label, JSON.stringify(rights)).lastInsertRowid),
      );
    }
    const creator: UserRights = fullRights(formNames);
    insertUser(db, projectId, { username }, null, JSON.stringify(creator), { token });
    for (const u of def.users) {
      if (u.username === username) continue;
      const rights = { ...u.rights, forms: u.forms, forms_export: u.forms_export };
      const groupId = dagIds.get(u.data_access_group) ?? null;
      insertUser(db, projectId, u, groupId, JSON.stringify(rights), { roleId: roleIds.get(u.role) ?? null });
    }

    // Records and their values.
    const writer = new RecordWriter(db, projectId);
    const seen = new Set<string>();
    const spans = new ValueSpans();
    for (let i = 0; i < def.values.length; i++) {
      const v = def.values[i];
      spans.add(v.record, i);
      const arm = eventArm.get(v.event) ?? 1;
      const key = `${arm}\u0000${v.record}`;
      if (!seen.has(key)) {
        seen.add(key);
        writer.ensureRecord(v.record, arm, null);
      }
      writer.insertValue(
        { record: v.record, eventId: eventIdOf(v.event), instance: v.instance || 1, field: v.field },
        v.value,
      );
    }
    // Survey pseudo-fields live beside the data, as REDCap derives them from its response tables.
    for (const x of [...(def.surveyTimestamps ?? []), ...(def.surveyIdentifiers ?? []), ...def.files])
      spans.drop(x.record);
    for (const t of def.surveyTimestamps ?? []) {
      writer.insertValue(
        { record: t.record, eventId: eventIdOf(t.event), instance: t.instance || 1, field: `${t.form}_timestamp` },
        t.timestamp,
      );
    }
    for (const s of def.surveyIdentifiers ?? []) {
      writer.insertValue(
        { record: s.record, eventId: eventIdOf(s.event), instance: 1, field: 'redcap_survey_identifier' },
        s.identifier,
      );
    }
    writer.flush();
    for (const rd of def.recordDags) {
      const id = dagIds.get(rd.dag);
      if (id !== undefined) writer.setGroup(rd.record, id);
    }

    for (const f of def.files) {
      const docId = insertDoc(db, projectId, f, now);
      attachFieldDoc(
        db,
        projectId,
        { record: f.record, eventId: eventIdOf(f.event), instance: f.instance || 1, field: f.field },
        docId,
      );
    }

    const insertSurvey = db.prepare(
      'INSERT OR REPLACE INTO surveys (project_id, form_name, title, settings_json) VALUES (?, ?, ?, ?)',
    );
    for (const s of def.surveys) insertSurvey.run(projectId, s.form, s.title, JSON.stringify(s));
    const insertReport = db.prepare(
      'INSERT OR REPLACE INTO reports (project_id, report_id, title, def_json) VALUES (?, ?, ?, ?)',
    );
    for (const r of def.reports) insertReport.run(projectId, r.report_id, r.title, JSON.stringify(r));

    // What the project was made of is logged before the creation itself, so the
    // creation is not the oldest entry: PyCap's doctest of export_logging finds
    // 'Create project …' followed by an older entry (redcap/methods/logging.py).
    const log = db.prepare(
      'INSERT INTO log (project_id, ts, username, action, log_type, details) VALUES (?, ?, ?, ?, ?, ?)',
    );
    log.run(
      projectId,
      now,
      username,
      'Upload data dictionary',
      'manage',
      `${def.dictionary.length} fields, ${new Set(def.values.map((v) => v.record)).size} records`,
    );
    log.run(projectId, now, username, 'Create project (API)', 'manage', opts.source ? `from ${opts.source}` : '');
    bumpStructure(db, projectId);
    opts.packRecords?.(
      projectId,
      spans.records((i): PackedValue => {
        const v = def.values[i];
        return [eventIdOf(v.event), v.instance || 1, v.field, v.value];
      }),
    );
    return projectId;
  });
  return { projectId: run(), token, username };
}

/** The project created earlier from the same source, if any. */
export function findProjectBySource(db: Db, source: string): number | undefined {
  const row = db.prepare('SELECT project_id FROM projects WHERE source = ? ORDER BY project_id LIMIT 1').get(source) as
    | { project_id: number }
    | undefined;
  return row?.project_id;
}

/** The API token of a project's creator (the first user that has one). */
export function creatorToken(db: Db, projectId: number): { token: string; username: string } | undefined {
  return db
    .prepare('SELECT token, username FROM users WHERE project_id = ? AND token IS NOT NULL ORDER BY rowid LIMIT 1')
    .get(projectId) as { token: string; username: string } | undefined;
}
