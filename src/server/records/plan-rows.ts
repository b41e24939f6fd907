import {
  checkRowKeys,
  isRowProblem,
  misplacement,
  misplacementMessage,
  SeenRowKeys,
  type RowKeys,
} from '../../schema/row-rules.js';
import { toStoredDate } from '../../values/dates.js';
import { checkValue } from '../../values/validate.js';
import type { ApiUser } from '../auth/api-user.js';
import type { ProjectState } from '../store/project-state.js';
import type { IncomingRows } from './import-data.js';
import type { ImportOptions, PlannedRow, Problem } from './import-plan.js';

/** The key and DAG columns of an import; every other column is a field. */
export const SPECIAL = new Set([
  'redcap_event_name',
  'redcap_repeat_instrument',
  'redcap_repeat_instance',
  'redcap_data_access_group',
  'redcap_survey_identifier',
]);

interface PlanContext {
  state: ProjectState;
  user: ApiUser;
  columns: readonly string[];
  opts: ImportOptions;
  /** The event of every row when the import has no redcap_event_name column. */
  firstEvent: string | undefined;
  problems: Problem[];
  now: Date;
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
  const ctx: PlanContext = { state, user, columns: input.columns, opts, firstEvent, problems, now: new Date() };
  const idField = state.schema.recordIdField;
  const seen = new SeenRowKeys();
  const planned: PlannedRow[] = [];
  input.rows.forEach((row, r) => {
    const keys = checkRowKeys(
      state.schema,
      idField,
      {
        record: row[idField] ?? '',
        event: firstEvent ?? row.redcap_event_name ?? '',
        repeatForm: row.redcap_repeat_instrument ?? '',
        instance: row.redcap_repeat_instance ?? '',
      },
      opts.type === 'flat',
    );
    const problem = isRowProblem(keys) ? keys : seen.repeated(keys, r, idField)?.problem;
    if (problem) {
      problems.push({ record: isRowProblem(keys) ? (row[idField] ?? '').trim() : keys.record, ...problem });
      return;
    }
    planned.push(planRow(ctx, row, keys as RowKeys));
  });
  return planned;
}

function planRow(ctx: PlanContext, row: Record<string, string>, keys: RowKeys): PlannedRow {
  const eventId = ctx.state.schema.longitudinal ? ctx.state.eventIds.get(keys.event)! : ctx.state.defaultEventId;
  const plan: PlannedRow = {
    sentRecord: keys.record,
    eventId,
    event: keys.event,
    repeatForm: keys.repeatForm,
    instance: keys.instance,
    writes: [],
    forms: new Set(),
  };
  plan.dag = planDag(ctx, keys.record, row.redcap_data_access_group);
  for (const column of ctx.columns) {
    if (SPECIAL.has(column) || column === ctx.state.schema.recordIdField) continue;
    planCell(ctx, plan, keys, column, row[column] ?? '');
  }
  return plan;
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
function planCell(ctx: PlanContext, plan: PlannedRow, keys: RowKeys, column: string, raw: string): void {
  const col = ctx.state.schema.column(column)!;
  if (col.surveyTimestamp) return; // survey pseudo-fields are ignored, as REDCap does
  const rule = col.rule;
  const why = misplacement(ctx.state.schema, col.form, keys);
  const fail = (message: string) => void ctx.problems.push({ record: keys.record, field: column, value: raw, message });
  if (raw === '') {
    // A blank erases only in overwrite mode, and only where the field belongs to this row.
    if (ctx.opts.overwrite && why === null && rule.importable)
      plan.writes.push({ field: rule.name, code: col.code, value: '' });
    return;
  }
  if (why !== null) return fail(misplacementMessage(why, column, keys));
  // Calc values are accepted: PyCap's live-server test_import_df_no_index
  // imports a whole exported frame, calc columns included, and gets a
  // count back. They are written, then recomputed with the record's
  // other calcs, as REDCap calculates on import.
  if (rule.type === 'file') return fail('This is a file upload field: upload files with the file import method');
  const dated = rule.kind === 'date' || rule.kind === 'datetime' ? toStoredDate(raw.trim(), ctx.opts.dateFormat) : raw;
  const value = col.code !== undefined ? dated.trim() : dated;
  const message = checkValue(rule, value, { missingCodes: ctx.state.schema.missingCodeSet, now: ctx.now });
  if (message) return fail(message);
  plan.writes.push({ field: rule.name, code: col.code, value });
  if (rule.type !== 'complete' && !(col.code !== undefined && value === '0')) plan.forms.add(col.form);
}
