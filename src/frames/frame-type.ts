import type { FieldRule } from '../values/field-rule.js';
import type { FrameColumnType } from './columns.js';

/**
 * What a frame column of a field holds: numbers (integers, decimals,
 * sliders, calcs, times in seconds), dates (dates, datetimes), booleans
 * (yes/no, true/false, checkbox options), categories (radio, dropdown,
 * sql with known options, form status), text (the rest). Descriptive
 * fields have no column.
 */
export function frameTypeOf(rule: FieldRule): FrameColumnType | 'none' {
  switch (rule.kind) {
    case 'integer':
    case 'number':
    case 'time':
      return 'number';
    case 'date':
    case 'datetime':
      return 'date';
    case 'boolean':
    case 'checkbox':
      return 'boolean';
    case 'choice':
      return rule.type === 'sql' && rule.choices.length === 0 ? 'text' : 'category';
    case 'none':
      return 'none';
    default:
      return 'text';
  }
}
