/**
 * What is missing, and what only looks missing: per field and per form,
 * the values present, the blanks where the field was shown, the blanks
 * where branching logic hid the field (not missing), the missing-data
 * codes, the invalid values, and the blanks whose branching logic the
 * frame cannot evaluate (counted apart and listed with the reason).
 */
import { evaluateLogic } from '../logic/index.js';
import type { FieldRule } from '../values/field-rule.js';
import { type BooleanColumn, valueAt, type FrameColumn } from './columns.js';
import { FrameLogic } from './frame-logic.js';
import { columnOf, formRows } from './form-rows.js';
import { missingSummaryHtml } from './missing-summary-html.js';
import type { TypedFrame } from './typed-frame.js';

export interface MissingCounts {
  /** Rows of the form the field was counted in. */
  rows: number;
  present: number;
  /** Blank where the field was shown (or has no branching logic). */
  blank: number;
  /** Blank where branching logic hid the field: not missing. */
  hidden: number;
  missing_code: number;
  invalid: number;
  /** Blank where the branching logic could not be evaluated. */
  logic_unknown: number;
  /** (blank + missing codes) / rows where the field was known to be shown; null when there are none. */
  share_missing: number | null;
}

export interface FieldMissing extends MissingCounts {
  form: string;
  field: string;
  label: string;
  branching_logic: string;
}

export interface FormMissing extends MissingCounts {
  form: string;
  label: string;
  fields: number;
}

/** A field whose branching logic the frame cannot evaluate, and why. */
export interface LogicNotEvaluable {
  form: string;
  field: string;
  branching_logic: string;
  reason: string;
}

function share(c: Omit<MissingCounts, 'share_missing'>): number | null {
  const shown = c.present + c.blank + c.missing_code + c.invalid;
  return shown === 0 ? null : (c.blank + c.missing_code) / shown;
}

function emptyCounts(): Omit<MissingCounts, 'share_missing'> {
  return { rows: 0, present: 0, blank: 0, hidden: 0, missing_code: 0, invalid: 0, logic_unknown: 0 };
}

export class MissingSummary {
  constructor(
    readonly fields: readonly FieldMissing[],
    readonly forms: readonly FormMissing[],
    readonly notEvaluable: readonly LogicNotEvaluable[],
  ) {}

  /** The counts of one form (undefined when the frame has none of its fields). */
  form(name: string): FormMissing | undefined {
    return this.forms.find((f) => f.form === name);
  }

  field(name: string): FieldMissing | undefined {
    return this.fields.find((f) => f.field === name);
  }

  toHTML(): string {
    return missingSummaryHtml(this);
  }

  toString(): string {
    const lines = ['Missing data by form (blank, hidden by branching logic, missing codes):'];
    for (const f of this.forms)
      lines.push(
        `  ${f.form}: ${f.present} present, ${f.blank} blank, ${f.hidden} hidden, ${f.missing_code} missing codes, ${f.logic_unknown} unknown`,
      );
    for (const n of this.notEvaluable) lines.push(`  not evaluable: ${n.field} (${n.branching_logic}): ${n.reason}`);
    return lines.join('\n');
  }

  toJSON(): { fields: FieldMissing[]; forms: FormMissing[]; notEvaluable: LogicNotEvaluable[] } {
    return { fields: [...this.fields], forms: [...this.forms], notEvaluable: [...this.notEvaluable] };
  }
}

/** Whether a row holds a value of the field: a checkbox counts once, when any option is checked. */
function presence(frame: TypedFrame, rule: FieldRule): ((row: number) => boolean) | undefined {
  if (rule.type === 'checkbox') {
    const options = frame.columns
      .filter((c) => c.role === 'checkbox' && c.field === rule.name)
      .map((c) => columnOf(frame, c.name) as BooleanColumn);
    const list = frame.columns.find((c) => c.role === 'checkbox-list' && c.field === rule.name);
    if (list) {
      const column = columnOf(frame, list.name);
      return (row) => ((valueAt(column, row) as readonly string[] | null)?.length ?? 0) > 0;
    }
    return options.length ? (row) => options.some((o) => o.at(row) === true) : undefined;
  }
  const info = frame.columns.find((c) => c.role !== 'checkbox-missing' && c.field === rule.name);
  if (!info) return undefined;
  const column: FrameColumn = columnOf(frame, info.name);
  return (row) => {
    const v = valueAt(column, row);
    return v !== null && v !== undefined && !(typeof v === 'number' && Number.isNaN(v));
  };
}

/**
 * Counts, per field and per form, what the frame holds for each field on
 * the rows of its form (its repeat instances, or the events it is
 * designated for). `rows` narrows the count to some rows of the frame.
 */
export function missingSummary(
  frame: TypedFrame,
  options: { rows?: (form: string) => readonly number[] } = {},
): MissingSummary {
  const { schema } = frame;
  const logic = new FrameLogic(frame);
  const byRowField = (list: readonly { row: number; field: string }[]) =>
    new Set(list.map((r) => `${r.row}\u0000${r.field}`));
  const missing = byRowField(frame.missing.rows);
  const invalid = byRowField(frame.invalid.rows);
  const dictionary = new Map(schema.dictionary.map((d) => [d.field_name, d]));
  const fields: FieldMissing[] = [];
  const forms: FormMissing[] = [];
  const notEvaluable: LogicNotEvaluable[] = [];
  for (const form of schema.forms) {
    const rows = options.rows?.(form.name) ?? formRows(frame, form.name, logic.keys);
    const total = emptyCounts();
    let counted = 0;
    for (const rule of form.fields) {
      if (rule.kind === 'none' || rule.name === schema.recordIdField) continue;
      const has = presence(frame, rule);
      if (!has) continue;
      const text = dictionary.get(rule.name)?.branching_logic?.trim() ?? '';
      const compiled = text ? logic.compile(text, form.name) : undefined;
      if (compiled && 'reason' in compiled)
        notEvaluable.push({ form: form.name, field: rule.name, branching_logic: text, reason: compiled.reason });
      const optionNames =
        rule.type === 'checkbox' ? new Set(rule.checkboxColumns.map((c) => c.column)) : new Set([rule.name]);
      const c = emptyCounts();
      for (const row of rows) {
        c.rows++;
        if (missing.has(`${row}\u0000${rule.name}`)) c.missing_code++;
        else if ([...optionNames].some((n) => invalid.has(`${row}\u0000${n}`))) c.invalid++;
        else if (has(row)) c.present++;
        else if (!compiled) c.blank++;
        else if ('reason' in compiled) c.logic_unknown++;
        else if (evaluateLogic(compiled.logic, logic.context(row))) c.blank++;
        else c.hidden++;
      }
      fields.push({
        form: form.name,
        field: rule.name,
        label: rule.label,
        branching_logic: text,
        ...c,
        share_missing: share(c),
      });
      for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += c[k];
      counted++;
    }
    if (counted === 0) continue;
    forms.push({
      form: form.name,
      label: form.label,
      fields: counted,
      ...total,
      rows: rows.length,
      share_missing: share(total),
    });
  }
  return new MissingSummary(fields, forms, notEvaluable);
}
