import type { ExportColumn, Schema } from '../schema/schema.js';
import { checkboxColumnName } from '../values/choices.js';
import { surveyTimestampRule, type FieldRule } from '../values/field-rule.js';
import type { TypedOptions } from '../values/typed.js';
import type { FrameColumnType } from './columns.js';
import type { ResolvedFrameOptions } from './options.js';
import { frameTypeOf } from './frame-type.js';

/** What a column of a record export is. */
export type ColumnRole =
  | 'record'
  | 'event'
  | 'repeat-instrument'
  | 'repeat-instance'
  | 'dag'
  | 'survey-identifier'
  | 'survey-timestamp'
  | 'field'
  | 'checkbox'
  /** `field___<missing code>`: REDCap's extra checkbox column for a missing-data code. */
  | 'checkbox-missing'
  /** A column the schema does not know: kept as text. */
  | 'unknown';

/** One export column and how it is typed. */
export interface ColumnSpec {
  /** Name in the frame (the export header, made unique if repeated). */
  name: string;
  role: ColumnRole;
  type: FrameColumnType;
  /** The field's rule (fields, checkbox options, survey timestamps). */
  rule?: FieldRule;
  form?: string;
  /** Checkbox option code (or the missing code of a `checkbox-missing` column). */
  code?: string;
  /** Category columns: the stored codes and what is shown for each (labels or codes). */
  codes?: readonly string[];
  levels?: readonly string[];
  /** Category columns that accept values outside `codes` (events, instruments, DAGs). */
  open?: boolean;
  /** Options for the value rules of this column. */
  typed: TypedOptions;
}

export const KEY_COLUMNS: Readonly<Record<string, ColumnRole>> = Object.freeze({
  redcap_event_name: 'event',
  redcap_repeat_instrument: 'repeat-instrument',
  redcap_repeat_instance: 'repeat-instance',
  redcap_data_access_group: 'dag',
  redcap_survey_identifier: 'survey-identifier',
});

function fieldSpec(name: string, rule: FieldRule, form: string, opts: ResolvedFrameOptions): ColumnSpec {
  const typed: TypedOptions = { timeZone: opts.timeZone, choices: opts.choices };
  const type = frameTypeOf(rule);
  if (type !== 'category') return { name, role: 'field', type: type === 'none' ? 'text' : type, rule, form, typed };
  const shown = rule.type === 'complete' ? opts.completeAs : opts.choices;
  return {
    name,
    role: 'field',
    type,
    rule,
    form,
    codes: rule.choices.map((c) => c.code),
    levels: rule.choices.map((c) => (shown === 'codes' ? c.code : c.label)),
    typed: { ...typed, choices: shown },
  };
}

/** The checkbox field and missing code a `field___code` column stands for, if any. */
function checkboxMissingColumn(name: string, schema: Schema): { rule: FieldRule; code: string } | undefined {
  if (schema.missingCodes.length === 0) return undefined;
  const cut = name.lastIndexOf('___');
  for (let at = cut; at > 0; at = name.lastIndexOf('___', at - 1)) {
    const rule = schema.field(name.slice(0, at));
    if (rule?.type !== 'checkbox') continue;
    const code = schema.missingCodes.find((c) => checkboxColumnName(rule.name, c.code) === name);
    if (code) return { rule, code: code.code };
  }
  return undefined;
}

/**
 * `<form>_timestamp` of a form the schema was not told is a survey (the
 * export only has it when the form is one).
 */
function surveyTimestampColumn(name: string, schema: Schema): ExportColumn | undefined {
  if (!name.endsWith('_timestamp')) return undefined;
  const form = schema.form(name.slice(0, -'_timestamp'.length));
  if (!form || schema.field(name)) return undefined;
  const rule = surveyTimestampRule(form.name);
  return { name, rule, form: form.name, surveyTimestamp: true };
}

/** Plans the columns of an export from its header. */
export function planColumns(header: readonly string[], schema: Schema, opts: ResolvedFrameOptions): ColumnSpec[] {
  const seen = new Map<string, number>();
  const typed: TypedOptions = { timeZone: opts.timeZone, choices: opts.choices };
  return header.map((raw, index) => {
    // A repeated header keeps its data under a suffixed name rather than overwriting.
    const count = seen.get(raw) ?? 0;
    seen.set(raw, count + 1);
    const name = count === 0 ? raw : `${raw}__${count + 1}`;
    if (raw === schema.recordIdField && index === header.indexOf(raw)) {
      return { name, role: 'record', type: 'text', typed };
    }
    const keyRole = KEY_COLUMNS[raw];
    if (keyRole) {
      switch (keyRole) {
        case 'event': {
          const codes = schema.events.map((e) => e.unique_event_name);
          return { name, role: keyRole, type: 'category', codes, levels: codes, open: true, typed };
        }
        case 'repeat-instrument': {
          const codes = schema.forms.map((f) => f.name);
          return { name, role: keyRole, type: 'category', codes, levels: codes, open: true, typed };
        }
        case 'dag':
          return { name, role: keyRole, type: 'category', codes: [], levels: [], open: true, typed };
        case 'repeat-instance':
          return { name, role: keyRole, type: 'number', typed };
        default:
          return { name, role: keyRole, type: 'text', typed };
      }
    }
    const column = schema.column(raw) ?? surveyTimestampColumn(raw, schema);
    if (column?.surveyTimestamp) {
      return { name, role: 'survey-timestamp', type: 'date', rule: column.rule, form: column.form, typed };
    }
    if (column?.code !== undefined) {
      return {
        name,
        role: 'checkbox',
        type: 'boolean',
        rule: column.rule,
        form: column.form,
        code: column.code,
        typed,
      };
    }
    if (column) return fieldSpec(name, column.rule, column.form, opts);
    const missing = checkboxMissingColumn(raw, schema);
    if (missing) {
      return {
        name,
        role: 'checkbox-missing',
        type: 'boolean',
        rule: missing.rule,
        form: missing.rule.form,
        code: missing.code,
        typed,
      };
    }
    return { name, role: 'unknown', type: 'text', typed };
  });
}
