import type { ExportColumn } from '../../schema/schema.js';
import type { ApiUser } from '../auth/api-user.js';
import type { Db } from '../store/database.js';
import type { ProjectState } from '../store/project-state.js';
import { lastRecordChanges } from '../store/log-store.js';
import { projectCreatedAt } from '../store/projects-store.js';
import { listNamedRecords, listRecords, recordNames, type RecordRow } from '../store/record-store.js';
import type { ExportOptions } from './export-options.js';
import { type PackLayout, packLayout } from './pack-layout.js';
import type { PackedRow } from './packed-row.js';
import { packedRecordRows } from './packed-rows.js';
import { formAppliesToRow, type LogicalRow } from './record-rows.js';

/** A special (non-field) export column. */
type SpecialColumn =
  | 'redcap_event_name'
  | 'redcap_repeat_instrument'
  | 'redcap_repeat_instance'
  | 'redcap_data_access_group'
  | 'redcap_survey_identifier';

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
    selected = all.filter(
      (c) => fields.has(c.rule.name) || forms.has(c.form) || (c.surveyTimestamp === true && fields.has(c.name)),
    );
  }
  const columns: FlatColumn[] = [];
  const idColumn = selected.find((c) => c.name === schema.recordIdField);
  if (idColumn) columns.push({ name: idColumn.name, label: idColumn.rule.label, field: idColumn });
  const special = (name: SpecialColumn, label: string) => columns.push({ name, label, special: name });
  if (state.schema.longitudinal) special('redcap_event_name', 'Event Name');
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
export function selectRecords(
  db: Db,
  state: ProjectState,
  user: ApiUser,
  opts: Pick<ExportOptions, 'records'>,
): RecordRow[] {
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

type Cell = (row: PackedRow, applies: (form: string) => boolean) => string;

/** The text a slot holds ('' for none). */
function slotText(row: PackedRow, k: number): string {
  return row.slots[k] ?? '';
}

/** How one data column's cell is made, decided once per export. */
function fieldCell(col: ExportColumn, opts: ExportOptions, layout: PackLayout): Cell {
  const rule = col.rule;
  const labels = opts.rawOrLabel === 'label';
  const code = col.code;
  const k = layout.index.get(col.surveyTimestamp ? col.name : rule.name) ?? -1;
  if (code !== undefined) {
    const label = rule.byCode.get(code)?.label ?? code;
    const [on, off] = !labels ? ['1', '0'] : opts.exportCheckboxLabel ? [label, ''] : ['Checked', 'Unchecked'];
    return (row, applies) => {
      if (!applies(col.form)) return '';
      return row.isChecked(k, code) ? on : off;
    };
  }
  if (col.surveyTimestamp) return (row) => slotText(row, k);
  if (rule.type === 'complete') {
    const blank = opts.exportBlankForGrayFormStatus ? '' : '0';
    return (row, applies) => {
      const s = row.slots[k];
      const v = s ? s : applies(col.form) ? blank : '';
      return labels && v !== '' ? (rule.byCode.get(v)?.label ?? v) : v;
    };
  }
  if (labels && (rule.kind === 'choice' || rule.kind === 'boolean')) {
    return (row) => {
      const s = row.slots[k];
      if (!s) return '';
      return rule.byCode.get(s)?.label ?? convertDecimal(col, s, opts.decimalCharacter);
    };
  }
  if (opts.decimalCharacter && rule.kind === 'number' && rule.type !== 'calc')
    return (row) => convertDecimal(col, slotText(row, k), opts.decimalCharacter);
  return (row) => slotText(row, k);
}

/** How each column's cell is made, in column order. */
function cellMakers(
  state: ProjectState,
  columns: readonly FlatColumn[],
  opts: ExportOptions,
  dagOf: (record: string) => string,
): Cell[] {
  const schema = state.schema;
  const labels = opts.rawOrLabel === 'label';
  const layout = packLayout(state);
  return columns.map((c): Cell => {
    switch (c.special) {
      case 'redcap_event_name':
        return labels ? (row) => eventLabel(state, row.eventId) : (row) => row.event;
      case 'redcap_repeat_instrument':
        return labels
          ? (row) => (row.repeatForm ? (schema.form(row.repeatForm)?.label ?? row.repeatForm) : '')
          : (row) => row.repeatForm;
      case 'redcap_repeat_instance':
        return (row) => (row.instance === null ? '' : String(row.instance));
      case 'redcap_data_access_group':
        return (row) => dagOf(row.record);
      case 'redcap_survey_identifier': {
        const k = layout.index.get('redcap_survey_identifier') ?? -1;
        return (row) => slotText(row, k);
      }
      default:
        return c.field!.name === schema.recordIdField ? (row) => row.record : fieldCell(c.field!, opts, layout);
    }
  });
}

/** The record names an export covers, in REDCap's order, each once. */
export function exportedRecords(db: Db, state: ProjectState, user: ApiUser, opts: ExportOptions): ExportedRecords {
  let records = selectRecords(db, state, user, opts);
  if (opts.dateRangeBegin || opts.dateRangeEnd) {
    const changed = recordsChangedBetween(db, state, opts.dateRangeBegin, opts.dateRangeEnd);
    records = records.filter((r) => changed.has(r.record));
  }
  const dagNames = new Map(state.dags.map((d) => [d.group_id, d.unique_name]));
  const recordDag = new Map(records.map((r) => [r.record, r.group_id]));
  const dagOf = (record: string) => {
    const g = recordDag.get(record);
    return g === null || g === undefined ? '' : (dagNames.get(g) ?? '');
  };
  return { names: [...new Set(records.map((r) => r.record))], dagOf };
}

/** Who an export's records are and which DAG each is in. */
export interface ExportedRecords {
  names: string[];
  dagOf: (record: string) => string;
}

/**
 * The rows of each of the given records, record by record in the order
 * given, ordered by event, then instance; one cell per column. Values are
 * read a few hundred records at a time (each read in one synchronous pass,
 * so a record is never torn), and rows come out as they are read, so an
 * export of any size holds one chunk at a time.
 */
export function* flatRecordRows(
  db: Db,
  state: ProjectState,
  opts: ExportOptions,
  columns: readonly FlatColumn[],
  { names, dagOf }: ExportedRecords,
  filter?: RowFilter,
): Generator<[string, string[][]]> {
  const eventFilter = opts.events ? new Set(opts.events.map((e) => state.eventIds.get(e))) : undefined;
  const selectedForms = new Set(columns.filter((c) => c.field).map((c) => c.field!.form));
  const makers = cellMakers(state, columns, opts, dagOf);
  // Whether a form fills a row depends on the row's event, repeating form and base-or-instance only: asked once per such shape and form.
  const shapes = new Map<string, (form: string) => boolean>();
  const appliesTo = (row: PackedRow): ((form: string) => boolean) => {
    const shape = `${row.eventId}\u0000${row.repeatForm}\u0000${row.instance === null}`;
    let applies = shapes.get(shape);
    if (!applies) {
      const applied = new Map<string, boolean>();
      applies = (form) => {
        let a = applied.get(form);
        if (a === undefined) applied.set(form, (a = formAppliesToRow(state, form, row)));
        return a;
      };
      shapes.set(shape, applies);
    }
    return applies;
  };
  for (const [record, all] of packedRecordRows(db, state, names)) {
    const rows: string[][] = [];
    for (const row of all) {
      if (eventFilter && !eventFilter.has(row.eventId)) continue;
      if (row.repeatForm !== '' && !selectedForms.has(row.repeatForm)) continue;
      if (filter && !filter(row, all)) continue;
      const applies = appliesTo(row);
      const cells = new Array<string>(makers.length);
      for (let i = 0; i < makers.length; i++) cells[i] = makers[i](row, applies);
      rows.push(cells);
    }
    yield [record, rows];
  }
}

/** The rows of a flat export (the user's records, then the options' selection), ordered by record, then event, then instance. */
export function* flatRows(
  db: Db,
  state: ProjectState,
  user: ApiUser,
  opts: ExportOptions,
  columns: readonly FlatColumn[],
  filter?: RowFilter,
): Generator<string[]> {
  const records = exportedRecords(db, state, user, opts);
  for (const [, rows] of flatRecordRows(db, state, opts, columns, records, filter)) for (const row of rows) yield row;
}

/** A whole flat export in memory (reports, EAV and the project XML, which reorder or reshape it). */
export function buildFlatExport(
  db: Db,
  state: ProjectState,
  user: ApiUser,
  opts: ExportOptions,
  filter?: RowFilter,
): FlatExport {
  const columns = flatColumns(state, opts);
  return { columns, rows: [...flatRows(db, state, user, opts, columns, filter)] };
}
