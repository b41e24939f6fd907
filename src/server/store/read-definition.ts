import type { ProjectInfo } from '../../schema/types.js';
import type {
  ProjectDefinition,
  RecordValue,
  ReportDefinition,
  StoredFile,
  SurveyDefinition,
  SurveyTimestamp,
} from '../project-definition.js';
import type { Db } from './database.js';
import { valueDocs } from './value-docs.js';
import type { ProjectState } from './project-state.js';
import { compareRecords } from './record-order.js';

export interface ReadDefinitionOptions {
  /** Structure only (no records, files or survey data). */
  metadataOnly?: boolean;
  /** Only these records (already restricted to what the caller may see). */
  records?: readonly string[];
  /** Only these fields' values (the record id is always kept). */
  fields?: ReadonlySet<string>;
  /** Only these events' values. */
  events?: ReadonlySet<string>;
  /** Include the files of file-upload fields. */
  files?: boolean;
}

/** The project as a definition: what `project_xml` exports and a new project can be made from. */
export function readDefinition(db: Db, state: ProjectState, opts: ReadDefinitionOptions = {}): ProjectDefinition {
  const extras = JSON.parse(
    (db.prepare('SELECT extras_json FROM projects WHERE project_id = ?').get(state.id) as { extras_json: string })
      .extras_json,
  );
  const { project_id: _id, ...info } = state.info as ProjectInfo;
  const longitudinal = state.schema.longitudinal;
  const eventName = (id: number) => (longitudinal ? (state.eventNames.get(id) ?? '') : '');
  const roles = (
    db
      .prepare('SELECT unique_role_name, role_label, rights_json FROM roles WHERE project_id = ? ORDER BY role_id')
      .all(state.id) as { unique_role_name: string; role_label: string; rights_json: string }[]
  ).map((r) => {
    const raw = JSON.parse(r.rights_json) as Record<string, unknown>;
    const { forms, forms_export, ...rights } = raw;
    return {
      unique_role_name: r.unique_role_name,
      role_label: r.role_label,
      rights: rights as Record<string, string | number>,
      forms: (forms ?? {}) as Record<string, number>,
      forms_export: (forms_export ?? {}) as Record<string, number>,
    };
  });
  const surveys = (
    db
      .prepare(
        'SELECT settings_json FROM surveys s JOIN forms f ON f.project_id = s.project_id AND f.form_name = s.form_name WHERE s.project_id = ? ORDER BY f.form_order',
      )
      .all(state.id) as { settings_json: string }[]
  ).map((r) => JSON.parse(r.settings_json) as SurveyDefinition);
  const reports = (
    db.prepare('SELECT def_json FROM reports WHERE project_id = ? ORDER BY report_id').all(state.id) as {
      def_json: string;
    }[]
  ).map((r) => JSON.parse(r.def_json) as ReportDefinition);
  const def: ProjectDefinition = {
    info: info as ProjectDefinition['info'],
    dictionary: state.dictionary.map((r) => ({ ...r })),
    instruments: state.instruments.map((i) => ({ ...i })),
    arms: state.arms.map((a) => ({ ...a })),
    events: state.events.map((e) => ({ ...e })),
    mappings: state.mappings.map((m) => ({ ...m })),
    repeating: state.repeating.map((r) => ({ ...r })),
    dags: state.dags.map((d) => ({ data_access_group_name: d.group_name, unique_group_name: d.unique_name })),
    roles,
    users: [],
    surveys,
    reports,
    values: [],
    recordDags: [],
    files: [],
    settings: extras.settings,
    extensions: extras.extensions,
  };
  if (opts.metadataOnly) return def;

  const wanted = opts.records ? new Set(opts.records) : undefined;
  const records = (
    db.prepare('SELECT DISTINCT record FROM records WHERE project_id = ?').pluck().all(state.id) as string[]
  )
    .filter((r) => !wanted || wanted.has(r))
    .sort(compareRecords);
  const recordSet = new Set(records);
  const eventOrder = new Map([...state.eventIds.values()].map((id, i) => [id, i]));
  // Within a record, `order` is the position the value was written at (ties keep it).
  const rows: {
    record: string;
    event_id: number;
    field_name: string;
    instance: number;
    value: string;
    order: number;
  }[] = [];
  for (const [record, values] of valueDocs(db).each(state.id)) {
    if (!recordSet.has(record)) continue;
    values.forEach(([event_id, instance, field_name, value], order) =>
      rows.push({ record, event_id, field_name, instance, value, order }),
    );
  }
  const recordIndex = new Map(records.map((r, i) => [r, i]));
  rows.sort(
    (a, b) =>
      recordIndex.get(a.record)! - recordIndex.get(b.record)! ||
      (eventOrder.get(a.event_id) ?? 0) - (eventOrder.get(b.event_id) ?? 0) ||
      a.instance - b.instance ||
      a.order - b.order,
  );
  const timestamps: SurveyTimestamp[] = [];
  const identifiers: { record: string; event: string; identifier: string }[] = [];
  const surveyForms = new Set(state.surveyForms);
  for (const r of rows) {
    const event = eventName(r.event_id);
    if (opts.events && longitudinal && !opts.events.has(event)) continue;
    if (r.field_name === 'redcap_survey_identifier') {
      identifiers.push({ record: r.record, event, identifier: r.value });
      continue;
    }
    if (
      r.field_name.endsWith('_timestamp') &&
      !state.schema.field(r.field_name) &&
      surveyForms.has(r.field_name.slice(0, -10))
    ) {
      timestamps.push({
        record: r.record,
        event,
        form: r.field_name.slice(0, -10),
        instance: r.instance,
        timestamp: r.value,
      });
      continue;
    }
    if (opts.fields && r.field_name !== state.schema.recordIdField && !opts.fields.has(r.field_name)) continue;
    // Values of fields deleted from the dictionary stay stored (as REDCap keeps them) but are not part of the project.
    if (!state.schema.field(r.field_name)) continue;
    const v: RecordValue = { record: r.record, event, field: r.field_name, instance: r.instance, value: r.value };
    def.values.push(v);
  }
  if (timestamps.length) def.surveyTimestamps = timestamps;
  if (identifiers.length) def.surveyIdentifiers = identifiers;
  const dagNames = new Map(state.dags.map((d) => [d.group_id, d.unique_name]));
  for (const r of db
    .prepare('SELECT DISTINCT record, group_id FROM records WHERE project_id = ? AND group_id IS NOT NULL')
    .all(state.id) as { record: string; group_id: number }[]) {
    if (recordSet.has(r.record)) def.recordDags.push({ record: r.record, dag: dagNames.get(r.group_id) ?? '' });
  }
  def.recordDags.sort((a, b) => recordIndex.get(a.record)! - recordIndex.get(b.record)!);
  if (opts.files !== false) {
    const files = db
      .prepare(`SELECT rf.record, rf.event_id, rf.field_name, rf.instance, d.name, d.mime_type, d.data FROM record_files rf
      JOIN docs d ON d.doc_id = rf.doc_id WHERE rf.project_id = ?`)
      .all(state.id) as {
      record: string;
      event_id: number;
      field_name: string;
      instance: number;
      name: string;
      mime_type: string;
      data: Buffer;
    }[];
    for (const f of files) {
      if (!recordSet.has(f.record) || !state.schema.field(f.field_name)) continue;
      const stored: StoredFile = {
        record: f.record,
        event: eventName(f.event_id),
        field: f.field_name,
        instance: f.instance,
        name: f.name,
        mimeType: f.mime_type,
        data: new Uint8Array(f.data),
      };
      def.files.push(stored);
    }
  }
  return def;
}
