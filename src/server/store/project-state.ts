import { Schema } from '../../schema/schema.js';
import type {
  Arm,
  DictionaryRow,
  EventDef,
  FormEventMapping,
  ProjectInfo,
  RepeatingFormEvent,
} from '../../schema/types.js';
import type { ProjectStructure } from '../project-definition.js';
import type { Db } from './database.js';

export interface DagRow {
  group_id: number;
  group_name: string;
  unique_name: string;
}

/** A project's structure read once from the store and cached until it changes. */
export interface ProjectState extends ProjectStructure {
  id: number;
  version: number;
  info: ProjectInfo;
  dags: DagRow[];
  surveyForms: string[];
  /** Every stored event, hidden classic event included: id ↔ unique name and arm. */
  eventIds: Map<string, number>;
  eventNames: Map<number, string>;
  eventArm: Map<number, number>;
  /** The hidden event of a classic project. */
  defaultEventId: number;
  schema: Schema;
}

const cache = new WeakMap<Db, Map<number, ProjectState>>();

/** Marks a project's structure as changed so the next read reloads it. */
export function bumpStructure(db: Db, projectId: number): void {
  db.prepare('UPDATE projects SET structure_version = structure_version + 1 WHERE project_id = ?').run(projectId);
}

/** The project's structure, or undefined when it does not exist. */
export function projectState(db: Db, projectId: number): ProjectState | undefined {
  const row = db.prepare('SELECT info_json, structure_version FROM projects WHERE project_id = ?').get(projectId) as
    | { info_json: string; structure_version: number }
    | undefined;
  if (!row) return undefined;
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  const cached = perDb.get(projectId);
  if (cached && cached.version === row.structure_version) return cached;
  const state = loadState(db, projectId, row.info_json, row.structure_version);
  perDb.set(projectId, state);
  return state;
}

function loadState(db: Db, projectId: number, infoJson: string, version: number): ProjectState {
  const dictionary = (
    db.prepare('SELECT row_json FROM fields WHERE project_id = ? ORDER BY field_order').all(projectId) as {
      row_json: string;
    }[]
  ).map((r) => JSON.parse(r.row_json) as DictionaryRow);
  const instruments = (
    db.prepare('SELECT form_name, label FROM forms WHERE project_id = ? ORDER BY form_order').all(projectId) as {
      form_name: string;
      label: string;
    }[]
  ).map((r) => ({ instrument_name: r.form_name, instrument_label: r.label }));
  const storedInfo = JSON.parse(infoJson) as ProjectInfo & { is_longitudinal: number };
  const longitudinal = storedInfo.is_longitudinal === 1;
  const armRows = db
    .prepare('SELECT arm_num, name FROM arms WHERE project_id = ? ORDER BY arm_num')
    .all(projectId) as Arm[];
  const eventRows = db
    .prepare(`SELECT event_id, arm_num, event_name, unique_event_name, custom_event_label, days_offset, offset_min, offset_max
    FROM events WHERE project_id = ? ORDER BY arm_num, event_order, event_id`)
    .all(projectId) as (EventDef & { event_id: number })[];
  const eventIds = new Map<string, number>();
  const eventNames = new Map<number, string>();
  const eventArm = new Map<number, number>();
  for (const e of eventRows) {
    eventIds.set(e.unique_event_name, e.event_id);
    eventNames.set(e.event_id, e.unique_event_name);
    eventArm.set(e.event_id, e.arm_num);
  }
  const mappingRows = db
    .prepare(`SELECT e.arm_num, e.unique_event_name, fe.form_name AS form FROM form_events fe
    JOIN events e ON e.project_id = fe.project_id AND e.event_id = fe.event_id
    JOIN forms f ON f.project_id = fe.project_id AND f.form_name = fe.form_name
    WHERE fe.project_id = ? ORDER BY e.arm_num, e.event_order, e.event_id, f.form_order`)
    .all(projectId) as FormEventMapping[];
  const repeating = db
    .prepare(`SELECT e.unique_event_name AS event_name, r.form_name, r.custom_label AS custom_form_label FROM repeating r
    JOIN events e ON e.project_id = r.project_id AND e.event_id = r.event_id
    LEFT JOIN forms f ON f.project_id = r.project_id AND f.form_name = r.form_name
    WHERE r.project_id = ? ORDER BY e.arm_num, e.event_order, e.event_id, f.form_order`)
    .all(projectId) as RepeatingFormEvent[];
  const dags = db
    .prepare('SELECT group_id, group_name, unique_name FROM dags WHERE project_id = ? ORDER BY group_id')
    .all(projectId) as DagRow[];
  const surveyForms = (
    db
      .prepare(`SELECT s.form_name FROM surveys s JOIN forms f ON f.project_id = s.project_id AND f.form_name = s.form_name
    WHERE s.project_id = ? ORDER BY f.form_order`)
      .all(projectId) as { form_name: string }[]
  ).map((r) => r.form_name);
  const arms = longitudinal ? armRows.filter((a) => eventRows.some((e) => e.arm_num === a.arm_num)) : [];
  const events = longitudinal ? eventRows.map((e) => ({ ...e })) : [];
  const mappings = longitudinal ? mappingRows : [];
  const info: ProjectInfo = {
    ...storedInfo,
    project_id: projectId,
    is_longitudinal: longitudinal ? 1 : 0,
    has_repeating_instruments_or_events: repeating.length > 0 ? 1 : 0,
  };
  const schema = new Schema({ dictionary, instruments, arms, events, mappings, repeating, info, surveyForms });
  return {
    id: projectId,
    version,
    info,
    dictionary,
    instruments,
    arms,
    events,
    mappings,
    repeating,
    dags,
    surveyForms,
    eventIds,
    eventNames,
    eventArm,
    defaultEventId: eventRows[0]?.event_id ?? 0,
    schema,
  };
}
