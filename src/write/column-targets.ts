/**
 * Which import column each frame column becomes: the record id and the
 * other key columns, a field, one checkbox option, or (for a list column
 * of checked options) every option of a checkbox. Read-only columns
 * (calculated and file fields, survey timestamps, labels added for
 * reading) are left out, and named (see left-out.ts); columns the project
 * does not know are problems unless dropped on request.
 */
import type { Schema } from '../schema/schema.js';
import { checkboxColumnName } from '../values/choices.js';
import type { FieldRule } from '../values/field-rule.js';
import type { FrameColumnInfo } from '../frames/typed-frame.js';
import type { ImportColumnRole } from './import-rows.js';
import type { ImportProblem } from './problems.js';
import { readOnlyKind, type LeftOutColumn } from './left-out.js';

export type { LeftOutColumn } from './left-out.js';

/** What an import column is, or a list column that becomes a checkbox's option columns. */
export type TargetRole = ImportColumnRole | 'checkbox-list';

/** One frame column and the import column(s) it fills. */
export interface ImportTarget {
  /** The frame's column. */
  source: string;
  role: TargetRole;
  rule?: FieldRule;
  form?: string;
  /** Checkbox option code (checkbox and checkbox-missing columns). */
  code?: string;
  /** Import columns filled: one, or every option of a checkbox list. */
  columns: readonly string[];
}

export interface PlanOptions {
  /** Leave out columns the project does not know (default: they are problems). */
  dropUnknown?: boolean;
  /**
   * Send the values of calculated fields too (default: left out, as the
   * server computes them). REDCap accepts calculated values in an import.
   */
  sendCalculated?: boolean;
  /** Kept for older callers: read-only columns are always left out now (and named in `leftOut`). */
  dropReadOnly?: boolean;
}

export interface ColumnPlan {
  /** Key columns first, then fields in the project's export order. */
  targets: ImportTarget[];
  problems: ImportProblem[];
  /** Frame columns left out: read-only ones, and unknown ones with `dropUnknown`. */
  dropped: string[];
  /** The read-only columns left out, with their kinds. */
  leftOut: LeftOutColumn[];
}

const KEYS: Readonly<Record<string, TargetRole>> = {
  redcap_event_name: 'event',
  redcap_repeat_instrument: 'repeat-instrument',
  redcap_repeat_instance: 'repeat-instance',
  redcap_data_access_group: 'dag',
};

const KEY_ORDER: readonly TargetRole[] = ['record', 'event', 'repeat-instrument', 'repeat-instance', 'dag'];

function columnProblem(field: string, reason: string): ImportProblem {
  return { row: null, record: null, event: null, instrument: null, instance: null, field, value: '', reason };
}

/** `field___code` of a project missing-data code on a checkbox (REDCap exports and imports these). */
function checkboxMissingColumn(name: string, schema: Schema): { rule: FieldRule; code: string } | undefined {
  for (let at = name.lastIndexOf('___'); at > 0; at = name.lastIndexOf('___', at - 1)) {
    const rule = schema.field(name.slice(0, at));
    if (rule?.type !== 'checkbox') continue;
    const code = schema.missingCodes.find((c) => checkboxColumnName(rule.name, c.code) === name);
    if (code) return { rule, code: code.code };
  }
  return undefined;
}

function targetOf(name: string, schema: Schema, info?: FrameColumnInfo): ImportTarget | null {
  if (name === schema.recordIdField) return { source: name, role: 'record', columns: [name] };
  const key = KEYS[name];
  if (key) return { source: name, role: key, columns: [name] };
  const column = schema.column(name);
  if (column && !column.surveyTimestamp) {
    if (column.code !== undefined)
      return {
        source: name,
        role: 'checkbox',
        rule: column.rule,
        form: column.form,
        code: column.code,
        columns: [name],
      };
    return { source: name, role: 'field', rule: column.rule, form: column.form, columns: [name] };
  }
  const rule = schema.field(name);
  if (rule?.type === 'checkbox' && (info === undefined || info.role === 'checkbox-list')) {
    return {
      source: name,
      role: 'checkbox-list',
      rule,
      form: rule.form,
      columns: rule.checkboxColumns.map((c) => c.column),
    };
  }
  const missing = checkboxMissingColumn(name, schema);
  if (missing)
    return {
      source: name,
      role: 'checkbox-missing',
      rule: missing.rule,
      form: missing.rule.form,
      code: missing.code,
      columns: [name],
    };
  return null;
}

/** Plans the import columns of a frame's columns. */
export function planImportColumns(
  names: readonly string[],
  schema: Schema,
  options: PlanOptions = {},
  infos?: readonly FrameColumnInfo[],
  rowCount = 1,
): ColumnPlan {
  const infoByName = new Map((infos ?? []).map((i) => [i.name, i]));
  const problems: ImportProblem[] = [];
  const dropped: string[] = [];
  const leftOut: LeftOutColumn[] = [];
  const targets: ImportTarget[] = [];
  const filledBy = new Map<string, string>();
  for (const name of names) {
    const info = infoByName.get(name);
    const kind = readOnlyKind(name, schema, info);
    if (kind !== null && !(kind === 'calculated' && options.sendCalculated)) {
      dropped.push(name);
      leftOut.push({ column: name, kind });
      continue;
    }
    const target = targetOf(name, schema, info);
    if (!target) {
      if (options.dropUnknown) dropped.push(name);
      else
        problems.push(
          columnProblem(
            name,
            `not a field of this project (nor a checkbox option, form status or key column); drop the column, or pass dropUnknown: true`,
          ),
        );
      continue;
    }
    const clash = target.columns.find((c) => filledBy.has(c));
    if (clash !== undefined) {
      problems.push(
        columnProblem(name, `fills ${clash}, which column ${filledBy.get(clash)} fills too: keep one of them`),
      );
      continue;
    }
    for (const c of target.columns) filledBy.set(c, name);
    targets.push(target);
  }
  // An empty table imports nothing: it needs no keys.
  if (rowCount > 0 && !targets.some((t) => t.role === 'record')) {
    problems.push(
      columnProblem(
        schema.recordIdField,
        `the record id column ${schema.recordIdField} is missing: every row needs its record`,
      ),
    );
  }
  if (rowCount > 0 && schema.longitudinal && !targets.some((t) => t.role === 'event')) {
    problems.push(
      columnProblem(
        'redcap_event_name',
        'the project is longitudinal: the column redcap_event_name must say the event of each row',
      ),
    );
  }
  // Keys first; fields in the project's export order, so that imports and diffs read like exports.
  const order = new Map(schema.exportColumns().map((c, k) => [c.name, k]));
  const rank = (t: ImportTarget): number => {
    const key = KEY_ORDER.indexOf(t.role);
    if (key >= 0) return key - KEY_ORDER.length;
    return order.get(t.columns[0]) ?? Number.MAX_SAFE_INTEGER;
  };
  targets.sort((a, b) => rank(a) - rank(b));
  return { targets, problems, dropped, leftOut };
}
