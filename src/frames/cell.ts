import type { FieldRule } from '../values/field-rule.js';
import { parseNumber } from '../values/numbers.js';
import { parseTyped, type TypedValue } from '../values/typed.js';
import type { ColumnSpec } from './column-plan.js';

/** What one exported cell turned into. */
export type CellOutcome =
  | { kind: 'value'; value: TypedValue }
  | { kind: 'missing'; code: string }
  | { kind: 'invalid'; reason: string };

const NULL_VALUE: CellOutcome = { kind: 'value', value: null };

/** Survey timestamp of a survey that was not completed. */
export const NOT_COMPLETED = '[not completed]';

export const REPEAT_INSTANCE_MESSAGE = 'redcap_repeat_instance must be a positive integer';

/**
 * True when `raw` stands for a project missing-data code in this field.
 * Checkbox options and form status hold 0/1/2 only; a choice code that is
 * also a missing code is read as the choice.
 */
export function isMissingCode(rule: FieldRule, raw: string, missingCodes: ReadonlySet<string>): boolean {
  if (missingCodes.size === 0 || !missingCodes.has(raw)) return false;
  if (rule.type === 'checkbox' || rule.type === 'complete') return false;
  return !((rule.kind === 'choice' || rule.kind === 'boolean') && rule.byCode.has(raw));
}

/**
 * Types one cell of an export column: the reference rule every reader
 * follows (the fast reader takes shortcuts only for values this accepts).
 * Blank is null; a missing code and a value that breaks the field's rules
 * are reported apart and read as null.
 */
export function typeCell(spec: ColumnSpec, raw: string, missingCodes: ReadonlySet<string>): CellOutcome {
  if (raw === '') return NULL_VALUE;
  switch (spec.role) {
    case 'repeat-instance': {
      const n = parseNumber(raw);
      return Number.isInteger(n) && n >= 1
        ? { kind: 'value', value: n }
        : { kind: 'invalid', reason: REPEAT_INSTANCE_MESSAGE };
    }
    case 'survey-timestamp':
      if (raw === NOT_COMPLETED) return NULL_VALUE;
      break;
    case 'field':
      if (isMissingCode(spec.rule!, raw, missingCodes)) return { kind: 'missing', code: raw };
      break;
    case 'checkbox':
    case 'checkbox-missing':
      break;
    default:
      // Keys and unknown columns are text as exported.
      return { kind: 'value', value: raw };
  }
  const typed = parseTyped(spec.rule!, raw, spec.typed);
  return typed.ok ? { kind: 'value', value: typed.value } : { kind: 'invalid', reason: typed.reason };
}
