import { formatYmd, parseDatetime, parseTimeSeconds, parseYmd } from './dates.js';
import type { FieldRule } from './field-rule.js';

/** What a check needs besides the value: missing-data codes and the clock (for `today`/`now`). */
export interface ValueContext {
  missingCodes?: ReadonlySet<string>;
  now?: Date;
}

/** REDCap's wording for a value that does not match its validation. */
export const FORMAT_MESSAGE =
  'The value you provided could not be validated because it does not follow the expected format. Please try again.';

export function notACategoryMessage(field: string): string {
  return `The value is not a valid category for ${field}`;
}

export const CHECKBOX_MESSAGE = 'Checkbox values must be 0 (unchecked) or 1 (checked)';

/**
 * A comparable number for a stored value of a ranged field, or NaN.
 * Dates and datetimes compare as UTC epoch ms, times as seconds.
 */
function rangeKey(rule: FieldRule, value: string): number {
  const v = rule.validation;
  if (rule.type === 'slider') return /^[-+]?\d+$/.test(value) ? Number(value) : NaN;
  if (!v) return NaN;
  switch (v.kind) {
    case 'date':
      return parseYmd(value);
    case 'datetime':
    case 'datetime_seconds':
      return parseDatetime(value);
    case 'time':
    case 'time_hh_mm_ss':
    case 'time_mm_ss':
      return parseTimeSeconds(value, v.kind);
    case 'integer':
    case 'number':
      return Number(v.decimalChar === ',' ? value.replace(',', '.') : value);
    default:
      return NaN;
  }
}

/**
 * The comparable number of a dictionary bound. `today` and `now` are read
 * on the clock in `ctx.now`; bounds of date fields may be written as a date
 * or a datetime, in YMD order (the dictionary's own form).
 */
function boundKey(rule: FieldRule, bound: string, ctx: ValueContext): number {
  const b = bound.trim();
  const now = ctx.now ?? new Date();
  const kind = rule.validation?.kind;
  if (b === 'today' || b === 'now') {
    if (kind === 'date') return parseYmd(formatYmd(now));
    return now.getTime();
  }
  if (kind === 'date' && b.length > 10) return parseYmd(b.slice(0, 10));
  if ((kind === 'datetime' || kind === 'datetime_seconds') && b.length === 10) return parseYmd(b);
  return rangeKey(rule, b);
}

function rangeMessage(rule: FieldRule): string {
  return `The value is outside the allowed range (${rule.min || 'no limit'} - ${rule.max || 'no limit'})`;
}

/**
 * Checks one stored (canonical) value of a field, as REDCap's import does:
 * format, choices, checkboxes; ranges are not refusals (see rangeWarning).
 * Returns null when the value is acceptable, or the reason it is not.
 * Blank values are always acceptable here (they mean "no value").
 * For checkbox fields pass the value of one `field___code` column.
 */
export function checkValue(rule: FieldRule, value: string, ctx: ValueContext = {}): string | null {
  if (value === '') return null;
  if (ctx.missingCodes?.has(value) && rule.type !== 'checkbox' && rule.type !== 'complete') return null;
  switch (rule.kind) {
    case 'none':
      return null;
    case 'text':
    case 'file':
      if (rule.validation && !rule.validation.pattern.test(value)) return FORMAT_MESSAGE;
      return null;
    case 'checkbox':
      return value === '0' || value === '1' ? null : CHECKBOX_MESSAGE;
    case 'boolean':
    case 'choice':
      // sql fields take their options from a query the server cannot run: any code goes.
      if (rule.type === 'sql' && rule.choices.length === 0) return null;
      return rule.byCode.has(value) ? null : notACategoryMessage(rule.name);
    default:
      break;
  }
  // Numbers, dates, datetimes, times, sliders and calcs.
  if (rule.type === 'calc') {
    return Number.isFinite(Number(value)) ? null : FORMAT_MESSAGE;
  }
  if (rule.validation && !rule.validation.pattern.test(value)) return FORMAT_MESSAGE;
  return Number.isNaN(rangeKey(rule, value)) ? FORMAT_MESSAGE : null;
}

/**
 * A warning for a valid value outside its field's min/max, or null. REDCap
 * imports such values: range checks are warnings there (the Data Import
 * Tool flags them, the API says nothing; redcapAPI documents that
 * out-of-range records "are allowed to import"). So the server stores
 * them and a client shows the warning before sending, never refuses.
 * Call it on values `checkValue` accepted.
 */
export function rangeWarning(rule: FieldRule, value: string, ctx: ValueContext = {}): string | null {
  if (value === '' || (rule.min === '' && rule.max === '') || ctx.missingCodes?.has(value)) return null;
  const key = rangeKey(rule, value);
  if (Number.isNaN(key)) return null;
  if (rule.min !== '') {
    const lo = boundKey(rule, rule.min, ctx);
    if (!Number.isNaN(lo) && key < lo) return rangeMessage(rule);
  }
  if (rule.max !== '') {
    const hi = boundKey(rule, rule.max, ctx);
    if (!Number.isNaN(hi) && key > hi) return rangeMessage(rule);
  }
  return null;
}
