import {
  checkRowKeys,
  isRowProblem,
  misplacement,
  type Misplacement,
  misplacementMessage,
  SeenRowKeys,
  type RowKeys,
} from '../../schema/row-rules.js';
import { toStoredDate } from '../../values/dates.js';
import { checkValue, type ValueContext } from '../../values/validate.js';
import type { ApiUser } from '../auth/api-user.js';
import type { ProjectState } from '../store/project-state.js';
import type { IncomingRows } from './import-data.js';
import { type ImportOptions, logWords, type PlannedRow, type Problem, type WriteTarget } from './import-plan.js';
import type { ExportColumn } from '../../schema/schema.js';

/** The key and DAG columns of an import; every other column is a field. */
export const SPECIAL = new Set([
  'redcap_event_name',
  'redcap_repeat_instrument',
  'redcap_repeat_instance',
  'redcap_data_access_group',
  'redcap_survey_identifier',
]);

/** What every cell of one column needs, worked out once per import instead of once per cell. */
interface PlanColumn {
  name: string;
  /** The column's schema column; undefined for the key and DAG columns, which are not written. */
  col: ExportColumn | undefined;
  target: WriteTarget;
  isDate: boolean;
}

interface PlanContext {
  state: ProjectState;
  user: ApiUser;
  columns: readonly PlanColumn[];
  opts: ImportOptions;
  problems: Problem[];
  checks: ValueContext;
  /** Why each form is misplaced, per kind of row (event, repeat form, repeating). */
  placements: Map<string, Map<string, Misplacement | null>>;
}

/** Where each key column sits (-1: absent). */
function keyColumns(columns: readonly string[], idField: string) {
  return {
    id: columns.indexOf(idField),
    event: columns.indexOf('redcap_event_name'),
    repeatForm: columns.indexOf('redcap_repeat_instrument'),
    instance: columns.indexOf('redcap_repeat_instance'),
    dag: columns.indexOf('redcap_data_access_group'),
  };
}

function planColumns(state: ProjectState, columns: readonly string[]): PlanColumn[] {
  return columns.map((name) => {
    const col = SPECIAL.has(name) || name === state.schema.recordIdField ? undefined : state.schema.column(name);
    const kind = col?.rule.kind;
    const field = col?.rule.name ?? name;
    const target = { field, code: col?.code, said: logWords(field, col?.code) };
    return { name, col, target, isDate: kind === 'date' || kind === 'datetime' };
  });
}

/** Validates every row; those that pass become planned writes, the others add to `problems`. */
export function planRows(
  state: ProjectState,
  user: ApiUser,
  input: IncomingRows,
  opts: ImportOptions,
  problems: Problem[],
): PlannedRow[] {
  // Without a redcap_event_name column, rows go to the first event. PyCap's
  // doctests import {"record_id": 3, "redcap_repeat_instance": 1, "field_1": 1}
  // into a two-event project, get {'count': 1}, and export the record in
  // event_1_arm_1 (redcap/methods/records.py, import_records and delete_records).
  const firstEvent =
    state.schema.longitudinal && !input.columns.includes('redcap_event_name')
      ? (state.events[0]?.unique_event_name ?? '')
      : undefined;
  const ctx: PlanContext = {
    state,
    user,
    columns: planColumns(state, input.columns),
    opts,
    problems,
    checks: { missingCodes: state.schema.missingCodeSet, now: new Date() },
    placements: new Map(),
  };
  const idField = state.schema.recordIdField;
  const at = keyColumns(input.columns, idField);
  const cell = (row: readonly string[], j: number) => (j < 0 ? '' : (row[j] ?? ''));
  const seen = new SeenRowKeys();
  const planned: PlannedRow[] = [];
  input.rows.forEach((row, r) => {
    const keys = checkRowKeys(
      state.schema,
      idField,
      {
        record: cell(row, at.id),
        event: firstEvent ?? cell(row, at.event),
        repeatForm: cell(row, at.repeatForm),
        instance: cell(row, at.instance),
      },
      opts.type === 'flat',
    );
    const problem = isRowProblem(keys) ? keys : seen.repeated(keys, r, idField)?.problem;
    if (problem) {
      problems.push({ record: isRowProblem(keys) ? cell(row, at.id).trim() : keys.record, ...problem });
      return;
    }
    planned.push(planRow(ctx, row, keys as RowKeys, at.dag < 0 ? undefined : row[at.dag]));
  });
  return planned;
}

function planRow(ctx: PlanContext, row: readonly string[], keys: RowKeys, dag: string | undefined): PlannedRow {
  const eventId = ctx.state.schema.longitudinal ? ctx.state.eventIds.get(keys.event)! : ctx.state.defaultEventId;
  const plan: PlannedRow = {
    sentRecord: keys.record,
    eventId,
    event: keys.event,
    repeatForm: keys.repeatForm,
    instance: keys.instance,
    targets: [],
    values: [],
    forms: new Set(),
  };
  plan.dag = planDag(ctx, keys.record, dag);
  const whyOf = placementsFor(ctx, keys);
  const columns = ctx.columns;
  for (let j = 0; j < columns.length; j++) {
    const column = columns[j];
    if (column.col) planCell(ctx, plan, keys, column, whyOf, row[j] ?? '');
  }
  return plan;
}

/** The misplacement of each form on rows like this one, filled as asked (shared by the import's rows of the same kind). */
function placementsFor(ctx: PlanContext, keys: RowKeys): Map<string, Misplacement | null> {
  const kind = `${keys.event}\u0000${keys.repeatForm}\u0000${keys.repeating}`;
  let whyOf = ctx.placements.get(kind);
  if (!whyOf) {
    whyOf = new Map();
    ctx.placements.set(kind, whyOf);
  }
  return whyOf;
}

/** The row's data access group, when it names one the user may assign. */
function planDag(ctx: PlanContext, record: string, text: string | undefined): string | undefined {
  const dag = (text ?? '').trim();
  if (dag === '') return undefined;
  const group = ctx.state.dags.find((d) => d.unique_name === dag);
  const fail = (message: string) =>
    void ctx.problems.push({ record, field: 'redcap_data_access_group', value: dag, message });
  if (!group) fail('The value is not a valid unique data access group name');
  else if (ctx.user.groupId !== null && group.group_id !== ctx.user.groupId)
    fail('You are in a data access group and cannot assign records to another group');
  else return dag;
  return undefined;
}

/** Validates one cell and plans its write. */
function planCell(
  ctx: PlanContext,
  plan: PlannedRow,
  keys: RowKeys,
  column: PlanColumn,
  whyOf: Map<string, Misplacement | null>,
  raw: string,
): void {
  const col = column.col!;
  if (col.surveyTimestamp) return; // survey pseudo-fields are ignored, as REDCap does
  const rule = col.rule;
  let why = whyOf.get(col.form);
  if (why === undefined) whyOf.set(col.form, (why = misplacement(ctx.state.schema, col.form, keys)));
  const fail = (message: string) =>
    void ctx.problems.push({ record: keys.record, field: column.name, value: raw, message });
  if (raw === '') {
    // A blank erases only in overwrite mode, and only where the field belongs to this row.
    if (ctx.opts.overwrite && why === null && rule.importable) {
      plan.targets.push(column.target);
      plan.values.push('');
    }
    return;
  }
  if (why !== null) return fail(misplacementMessage(why, column.name, keys));
  // Calc values are accepted: PyCap's live-server test_import_df_no_index
  // imports a whole exported frame, calc columns included, and gets a
  // count back. They are written, then recomputed with the record's
  // other calcs, as REDCap calculates on import.
  if (rule.type === 'file') return fail('This is a file upload field: upload files with the file import method');
  const dated = column.isDate ? toStoredDate(raw.trim(), ctx.opts.dateFormat) : raw;
  const value = col.code !== undefined ? dated.trim() : dated;
  const message = checkValue(rule, value, ctx.checks);
  if (message) return fail(message);
  plan.targets.push(column.target);
  plan.values.push(value);
  if (rule.type !== 'complete' && !(col.code !== undefined && value === '0')) plan.forms.add(col.form);
}
