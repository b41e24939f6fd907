import type { ExportColumn } from '../../schema/schema.js';
import type { ApiUser } from '../auth/api-user.js';
import type { Db } from '../store/database.js';
import type { ProjectState } from '../store/project-state.js';
import { lastRecordChanges } from '../store/log-store.js';
import { projectCreatedAt } from '../store/projects-store.js';
import { listNamedRecords, listRecords, readValues, recordNames, type RecordRow } from '../store/record-store.js';
import type { ExportOptions } from './export-options.js';
import { buildRows, eventOrder, formAppliesToRow, type LogicalRow } from './record-rows.js';

/** A special (non-field) export column. */
type SpecialColumn = 'redcap_event_name' | 'redcap_repeat_instrument' | 'redcap_repeat_instance' | 'redcap_data_access_group' | 'redcap_survey_identifier';

export interface FlatColumn {
  name: string;
  /** Header text for `rawOrLabelHeaders=label`. */
  label: string;
  special?: SpecialColumn;
  field?: ExportColumn;
}

/** Decides whether one export row is kept (filterLogic). */
export type RowFilter = (row: LogicalRow, rowsOfRecord: readonly LogicalRow[]) => boolean;

export interface FlatExport {
  columns: FlatColumn[];
  /** Cells of each row, in column order. */
  rows: string[][];
}

/** The columns an export holds, in REDCap's order. */
export function flatColumns(state: ProjectState, opts: ExportOptions): FlatColumn[] {
  const schema = state.schema;
  const all = schema.exportColumns({ surveyFields: opts.exportSurveyFields });
  let selected = all;
  if (opts.fields || opts.forms) {
    const fields = new Set(opts.fields ?? []);
    const forms = new Set(opts.forms ?? []);
    selected = all.filter((c) => fields.has(c.rule.name) || forms.has(c.form)
      || (c.surveyTimestamp === true && fields.has(c.name)));
  }
  const columns: FlatColumn[] = [];
  const idColumn = selected.find((c) => c.name === schema.recordIdField);
  if (idColumn) columns.push({ name: idColumn.name, label: idColumn.rule.label, field: idColumn });
  const special = (name: SpecialColumn, label: string) => columns.push({ name, label, special: name });
  if (state.events.length > 0) special('redcap_event_name', 'Event Name');
  if (schema.hasRepeating) {
    special('redcap_repeat_instrument', 'Repeat Instrument');
    special('redcap_repeat_instance', 'Repeat Instance');
  }
  if (opts.exportDataAccessGroups && state.dags.length > 0) special('redcap_data_access_group', 'Data Access Group');
  if (opts.exportSurveyFields && state.surveyForms.length > 0) special('redcap_survey_identifier', 'Survey Identifier');
  for (const c of selected) {
    if (c === idColumn) continue;
    let label = c.rule.label;
    if (c.code !== undefined) label = `${c.rule.label} (choice=${c.rule.byCode.get(c.code)?.label ?? c.code})`;
    else if (c.rule.type === 'complete') label = 'Complete?';
    columns.push({ name: c.name, label, field: c });
  }
  return columns;
}

/** The records an export may cover: the user's DAG, then `records[]`. */
export function selectRecords(db: Db, state: ProjectState, user: ApiUser, opts: Pick<ExportOptions, 'records'>): RecordRow[] {
  // Named records are looked up by name: a batch of a large export must not list the whole project.
  if (opts.records) return listNamedRecords(db, state.id, opts.records, user.groupId);
  return listRecords(db, state.id, user.groupId);
}

/**
 * Records whose data changed within the date range: the latest change
 * logged for each record, or the project's creation for records loaded
 * with it.
 */
export function recordsChangedBetween(db: Db, state: ProjectState, begin?: string, end?: string): Set<string> {
  const created = projectCreatedAt(db, state.id);
  const last = lastRecordChanges(db, state.id);
  const out = new Set<string>();
  for (const record of recordNames(db, state.id)) {
    const ts = last.get(record) ?? created;
    if ((begin === undefined || ts >= begin) && (end === undefined || ts <= end)) out.add(record);
  }
  return out;
}

/**
 * An event's label in `rawOrLabel=label` exports: its name, with its arm
 * only when the project has several arms. PyCap's doctest of export_records
 * (one arm) reads `"Event 1"`; REDCap's project XML names events the same
 * way (`Enrollment (Arm 1: Drug A)` in the two-arm longitudinal fixture).
 */
function eventLabel(state: ProjectState, eventId: number): string {
  const e = state.events.find((x) => x.event_id === eventId);
  if (!e) return '';
  if (new Set(state.events.map((x) => x.arm_num)).size < 2) return e.event_name;
  const arm = state.arms.find((a) => a.arm_num === e.arm_num);
  return `${e.event_name} (Arm ${e.arm_num}: ${arm?.name ?? `Arm ${e.arm_num}`})`;
}

/** Converts a number field's decimal character when `decimalCharacter` asks for it (calc fields stay as they are). */
function convertDecimal(col: ExportColumn, value: string, wanted: '.' | ',' | undefined): string {
  if (!wanted || value === '' || col.rule.kind !== 'number' || col.rule.type === 'calc') return value;
  return wanted === ',' ? value.replace('.', ',') : value.replace(',', '.');
}

/** One cell of a data column. */
function fieldCell(state: ProjectState, col: ExportColumn, row: LogicalRow, opts: ExportOptions): string {
  const rule = col.rule;
  const labels = opts.rawOrLabel === 'label';
  if (col.code !== undefined) {
    if (!formAppliesToRow(state, col.form, row)) return '';
    const checked = row.checked.get(rule.name)?.has(col.code) ?? false;
    if (!labels) return checked ? '1' : '0';
    if (opts.exportCheckboxLabel) return checked ? rule.byCode.get(col.code)?.label ?? col.code : '';
    return checked ? 'Checked' : 'Unchecked';
  }
  if (col.surveyTimestamp) return row.values.get(col.name) ?? '';
  const stored = row.values.get(rule.name);
  if (rule.type === 'complete') {
    let v = stored;
    if (v === undefined) {
      if (!formAppliesToRow(state, col.form, row)) return '';
      v = opts.exportBlankForGrayFormStatus ? '' : '0';
    }
    return labels && v !== '' ? rule.byCode.get(v)?.label ?? v : v;
  }
  if (stored === undefined) return '';
  if (labels && (rule.kind === 'choice' || rule.kind === 'boolean')) {
    const choice = rule.byCode.get(stored);
    if (choice) return choice.label;
  }
  return convertDecimal(col, stored, opts.decimalCharacter);
}

/**
 * Builds a flat export: rows ordered by record, then event, then
 * instance; one cell per column. Everything is read in one synchronous
 * pass, so concurrent writes can never tear an export.
 */
export function buildFlatExport(db: Db, state: ProjectState, user: ApiUser, opts: ExportOptions, filter?: RowFilter): FlatExport {
  const schema = state.schema;
  const columns = flatColumns(state, opts);
  let records = selectRecords(db, state, user, opts);
  if (opts.dateRangeBegin || opts.dateRangeEnd) {
    const changed = recordsChangedBetween(db, state, opts.dateRangeBegin, opts.dateRangeEnd);
    records = records.filter((r) => changed.has(r.record));
  }
  const names = [...new Set(records.map((r) => r.record))];
  const values = readValues(db, state.id, names);
  const order = eventOrder(state);
  const dagNames = new Map(state.dags.map((d) => [d.group_id, d.unique_name]));
  const recordDag = new Map(records.map((r) => [r.record, r.group_id]));
  const eventFilter = opts.events ? new Set(opts.events.map((e) => state.eventIds.get(e))) : undefined;
  const selectedForms = new Set(columns.filter((c) => c.field).map((c) => c.field!.form));
  const labels = opts.rawOrLabel === 'label';
  const rows: string[][] = [];
  for (const record of names) {
    const all = buildRows(state, record, values.get(record) ?? [], order);
    for (const row of all) {
      if (eventFilter && !eventFilter.has(row.eventId)) continue;
      if (row.repeatForm !== '' && !selectedForms.has(row.repeatForm)) continue;
      if (filter && !filter(row, all)) continue;
      const cells = new Array<string>(columns.length);
      for (let i = 0; i < columns.length; i++) {
        const c = columns[i];
        switch (c.special) {
          case 'redcap_event_name':
            cells[i] = labels ? eventLabel(state, row.eventId) : row.event;
            break;
          case 'redcap_repeat_instrument':
            cells[i] = labels && row.repeatForm ? schema.form(row.repeatForm)?.label ?? row.repeatForm : row.repeatForm;
            break;
          case 'redcap_repeat_instance':
            cells[i] = row.instance === null ? '' : String(row.instance);
            break;
          case 'redcap_data_access_group': {
            const g = recordDag.get(record);
            cells[i] = g === null || g === undefined ? '' : dagNames.get(g) ?? '';
            break;
          }
          case 'redcap_survey_identifier':
            cells[i] = row.values.get('redcap_survey_identifier') ?? '';
            break;
          default:
            cells[i] = c.field!.name === schema.recordIdField ? record : fieldCell(state, c.field!, row, opts);
        }
      }
      rows.push(cells);
    }
  }
  return { columns, rows };
}
