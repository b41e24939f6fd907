/**
 * REDCap logic (branching logic) run over the rows of a typed frame: field
 * references read the stored text back from the typed values (codes, `1`/`0`
 * for checkbox options, missing-data codes and invalid values as they were
 * exported), in the row's event and instance or in the ones the logic names.
 * Logic the frame cannot answer is refused with the reason, never guessed.
 */
import {
  compileLogic,
  LogicSyntaxError,
  type CompiledLogic,
  type FieldLookup,
  type LogicContext,
  type LogicNode,
} from '../logic/index.js';
import { findChoiceCode, formatTyped } from '../values/typed.js';
import { valueAt } from './columns.js';
import { columnOf, frameKeys, type FrameKeys } from './form-rows.js';
import type { TypedFrame } from './typed-frame.js';

type Reader = (row: number) => string;

function fieldNodes(node: LogicNode, out: Extract<LogicNode, { kind: 'field' }>[] = []): typeof out {
  switch (node.kind) {
    case 'field':
      out.push(node);
      break;
    case 'unary':
      fieldNodes(node.operand, out);
      break;
    case 'binary':
      fieldNodes(node.left, out);
      fieldNodes(node.right, out);
      break;
    case 'call':
      node.args.forEach((a) => fieldNodes(a, out));
      break;
    default:
  }
  return out;
}

/** Branching logic of a frame's fields, compiled against what the frame holds. */
export class FrameLogic {
  readonly keys: FrameKeys;
  private readonly readers = new Map<string, Reader>();
  private readonly rowIndex = new Map<string, number>();

  constructor(readonly frame: TypedFrame) {
    this.keys = frameKeys(frame);
    for (let r = 0, n = frame.table.numRows(); r < n; r++)
      this.rowIndex.set(
        this.rowKey(this.keys.record(r), this.keys.event(r), this.keys.instrument(r), this.keys.instance(r)),
        r,
      );
  }

  private rowKey(record: string, event: string | null, instrument: string | null, instance: number | null): string {
    return `${record}\u0000${event ?? ''}\u0000${instrument ?? ''}\u0000${instance ?? ''}`;
  }

  /** Reads a field's stored text (or one checkbox option's `1`/`0`) at a row; undefined when the frame lacks it. */
  reader(field: string, code?: string): Reader | undefined {
    const key = `${field}\u0000${code ?? ''}`;
    if (this.readers.has(key)) return this.readers.get(key);
    const made = this.makeReader(field, code);
    if (made) this.readers.set(key, made);
    return made;
  }

  private makeReader(field: string, code?: string): Reader | undefined {
    const { frame } = this;
    const rule = frame.schema.field(field);
    if (!rule) return undefined;
    const reported = new Map<number, string>();
    for (const m of frame.missing.rows) if (m.field === field) reported.set(m.row, m.code);
    if (rule.type === 'checkbox') {
      if (code === undefined) return undefined;
      const option = frame.columns.find((c) => c.role === 'checkbox' && c.field === field && c.code === code);
      if (option) {
        const column = columnOf(frame, option.name);
        return (row) => (valueAt(column, row) === true ? '1' : '0');
      }
      const list = frame.columns.find((c) => c.role === 'checkbox-list' && c.field === field);
      if (!list) return undefined;
      const column = columnOf(frame, list.name);
      return (row) => {
        const checked = valueAt(column, row) as readonly string[] | null;
        return checked?.some((v) => findChoiceCode(rule, v) === code) ? '1' : '0';
      };
    }
    const info = frame.columns.find(
      (c) => c.role !== 'checkbox' && c.role !== 'checkbox-missing' && (c.field === field || c.name === field),
    );
    if (!info) return undefined;
    const column = columnOf(frame, info.name);
    for (const v of frame.invalid.rows) if (v.field === info.name) reported.set(v.row, v.value);
    const opts = { timeZone: frame.options.timeZone };
    if (info.role === 'record') return (row) => this.keys.record(row);
    return (row) => {
      const stored = reported.get(row);
      if (stored !== undefined) return stored;
      const typed = formatTyped(rule, valueAt(column, row), opts);
      return typed.ok ? typed.text : '';
    };
  }

  /**
   * Compiles a field's branching logic, or says why the frame cannot
   * evaluate it: a syntax error, a field or event it does not hold, a
   * reference into a repeating instrument or event without an instance.
   */
  compile(logic: string, ownForm: string): { logic: CompiledLogic } | { reason: string } {
    let compiled: CompiledLogic;
    try {
      compiled = compileLogic(logic);
    } catch (e) {
      if (e instanceof LogicSyntaxError || e instanceof Error) return { reason: `cannot be parsed: ${e.message}` };
      throw e;
    }
    const { schema } = this.frame;
    for (const node of fieldNodes(compiled.ast)) {
      const rule = schema.field(node.field);
      if (!rule) return { reason: `refers to [${node.field}], which is not a field of the project` };
      if (node.event !== undefined && !schema.event(node.event))
        return { reason: `refers to the event [${node.event}], which the project does not have` };
      if (!this.reader(node.field, node.code))
        return {
          reason: `refers to [${node.field}${node.code !== undefined ? `(${node.code})` : ''}], which the frame does not hold (export it too)`,
        };
      const otherForm = rule.form !== ownForm;
      const repeatsSomewhere = schema.repeating.some((r) => r.form_name === rule.form || r.form_name === '');
      if (repeatsSomewhere && (otherForm || node.event !== undefined) && node.instance === undefined) {
        return { reason: `refers to [${node.field}] of a repeating instrument or event without naming the instance` };
      }
    }
    return { logic: compiled };
  }

  /** The context logic reads at one row of the frame. */
  context(row: number): LogicContext {
    const { keys, frame } = this;
    const record = keys.record(row);
    const event = keys.event(row);
    const instrument = keys.instrument(row);
    const instance = keys.instance(row);
    return {
      record,
      event: event ?? undefined,
      instance: instance ?? 1,
      dag: keys.dag(row) ?? undefined,
      timeZone: frame.options.timeZone,
      isMissingCode: (v) => frame.schema.missingCodeSet.has(v),
      value: (field: string, lookup: FieldLookup) => {
        const read = this.reader(field, lookup.code);
        const rule = frame.schema.field(field);
        if (!read || !rule) return '';
        const targetEvent = lookup.event ?? event;
        const sameEvent = targetEvent === event;
        let target: number | undefined;
        if (frame.schema.isRepeatingForm(rule.form, targetEvent)) {
          const at = lookup.instance ?? (sameEvent && instrument === rule.form ? instance : 1);
          target = this.rowIndex.get(this.rowKey(record, targetEvent, rule.form, at));
        } else if (frame.schema.isRepeatingEvent(targetEvent)) {
          target = this.rowIndex.get(
            this.rowKey(record, targetEvent, null, lookup.instance ?? (sameEvent ? instance : 1)),
          );
        } else {
          target = this.rowIndex.get(this.rowKey(record, targetEvent, null, null));
        }
        // No row: the record has nothing there, which REDCap reads as blank.
        return target === undefined ? '' : read(target);
      },
    };
  }
}
