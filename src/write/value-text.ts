/**
 * One typed value of a field as the text a REDCap import takes: the
 * reverse of reading a frame. Dates become `YYYY-MM-DD`, datetimes the
 * wall clock of the time zone the frame was read in, times `HH:MM[:SS]`,
 * booleans `1`/`0`, labels their codes, numbers the field's form (fixed
 * decimals, comma decimals, never an exponent). Text that already is
 * REDCap's form is kept as it is, so a raw export imports unchanged.
 *
 * The conversion only shapes values; whether REDCap accepts them (ranges,
 * formats, choices) is decided afterwards by `checkValue`, the function
 * the server runs.
 */
import { parseDatetime, parseTimeSeconds, parseYmd } from '../values/dates.js';
import type { FieldRule } from '../values/field-rule.js';
import { checkValue, type ValueContext } from '../values/validate.js';
import { ChoiceCodes, type ChoicePreference } from './choice-codes.js';
import { shownValue } from './problems.js';
import { END_MS, FIRST_MS, datetimeOfWallClock, formatTimeSeconds, offsetReader, ymdOfDay } from '../values/dates.js';
import { formatNumber, type NumberForm } from '../values/numbers.js';

const DAY_MS = 86_400_000;

export interface ValueTextOptions {
  /** Time zone whose wall clock datetimes are written in. */
  timeZone: string;
  choices: ChoicePreference;
  /** NaN is a blank (Danfo's missing number) rather than a problem. */
  nanIsBlank: boolean;
  /** Project missing-data codes: accepted as values of any field but checkboxes and form status. */
  missingCodes: ReadonlySet<string>;
}

/** What a conversion gives: text ('' for a blank), or a reason. */
export type TextResult = string | { reason: string };

export function failed(result: TextResult): result is { reason: string } {
  return typeof result !== 'string';
}

const PLAIN_NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

function reason(text: string): { reason: string } {
  return { reason: text };
}

function kindOfValue(value: unknown): string {
  if (value instanceof Date) return 'a Date';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (typeof value === 'number') return `the number ${shownValue(value)}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A converter of one field's values, made once per column. */
export interface ValueText {
  text(value: unknown): TextResult;
  /** Number columns read from storage: a finite number straight to text. */
  number?(n: number): TextResult;
  /** Date columns read from storage: epoch milliseconds straight to text. */
  epoch?(ms: number): TextResult;
}

function nanResult(nanIsBlank: boolean): TextResult {
  return nanIsBlank ? '' : reason('NaN is not a value: use null for a blank');
}

function numberConverter(rule: FieldRule, opts: ValueTextOptions): ValueText {
  const form: NumberForm = {
    integer: rule.kind === 'integer',
    decimals: rule.validation?.decimals,
    decimalChar: rule.validation?.decimalChar ?? '.',
  };
  const number = (n: number): TextResult => {
    if (n !== n) return nanResult(opts.nanIsBlank);
    if (n === Infinity || n === -Infinity) return reason(`${n} is not a value REDCap can store`);
    if (form.integer && !Number.isInteger(n)) return reason(`${rule.name} takes whole numbers, not ${n}`);
    return formatNumber(n, form);
  };
  // The field's form without its range: the range is checked later, with the server's messages.
  const shape: FieldRule = { ...rule, min: '', max: '' };
  const ctx: ValueContext = {};
  return {
    number,
    text(value) {
      if (typeof value === 'number') return number(value);
      if (typeof value === 'bigint') return value.toString();
      if (typeof value === 'string') {
        const s = value.trim();
        if (s === '') return '';
        // REDCap's own text (the field's form) is kept as it is.
        if (checkValue(shape, s, ctx) === null) return s;
        if (PLAIN_NUMBER.test(s)) return number(Number(s));
        return reason(
          form.decimalChar === ','
            ? `not a number in the form of ${rule.name} (decimal comma, e.g. 1,5)`
            : `not a number (write decimals with a point, without thousands separators)`,
        );
      }
      return reason(`expected a number, got ${kindOfValue(value)}`);
    },
  };
}

function dateConverter(rule: FieldRule, opts: ValueTextOptions): ValueText {
  const offset = offsetReader(opts.timeZone);
  const epoch = (ms: number): TextResult => {
    if (ms !== ms) return nanResult(opts.nanIsBlank);
    if (!(ms >= FIRST_MS && ms < END_MS)) return reason('a date outside the years 1 to 9999');
    const day = Math.floor(ms / DAY_MS);
    if (ms === day * DAY_MS) return ymdOfDay(day);
    // A Date made at local midnight (e.g. new Date(2024, 0, 31)) is that day in its time zone.
    const local = ms + offset(ms);
    const localDay = Math.floor(local / DAY_MS);
    if (local === localDay * DAY_MS) return ymdOfDay(localDay);
    return reason(
      `${rule.name} takes a day, and this Date has a time of day (${new Date(ms).toISOString()}): cut it to the day first`,
    );
  };
  return dayOrTimeText(
    epoch,
    'YYYY-MM-DD',
    (s) => !Number.isNaN(parseYmd(s)),
    (s) =>
      `not a date in REDCap's form YYYY-MM-DD${/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}/.test(s) ? ' (day and month order cannot be guessed: write YYYY-MM-DD)' : ''}`,
  );
}

/** A date or datetime field's text: a Date through `epoch`, text kept when it reads as `expected`. */
function dayOrTimeText(
  epoch: (ms: number) => TextResult,
  expected: string,
  reads: (s: string) => boolean,
  why: (s: string) => string,
): ValueText {
  return {
    epoch,
    text(value) {
      if (value instanceof Date) return epoch(value.getTime());
      if (typeof value === 'string') {
        const s = value.trim();
        if (s === '') return '';
        return reads(s) ? s : reason(why(s));
      }
      return reason(`expected a Date or ${expected} text, got ${kindOfValue(value)}`);
    },
  };
}

function datetimeConverter(rule: FieldRule, opts: ValueTextOptions): ValueText {
  const offset = offsetReader(opts.timeZone);
  const withSeconds = rule.validation?.kind === 'datetime_seconds';
  const epoch = (ms: number): TextResult => {
    if (ms !== ms) return nanResult(opts.nanIsBlank);
    const local = ms + offset(ms);
    if (!(local >= FIRST_MS && local < END_MS)) return reason('a datetime outside the years 1 to 9999');
    return datetimeOfWallClock(local, withSeconds);
  };
  const expected = withSeconds ? 'YYYY-MM-DD HH:MM:SS' : 'YYYY-MM-DD HH:MM';
  return dayOrTimeText(
    epoch,
    expected,
    (s) => !Number.isNaN(parseDatetime(s, 'UTC', withSeconds)),
    () => `not a datetime in REDCap's form ${expected}`,
  );
}

function timeConverter(rule: FieldRule, opts: ValueTextOptions): ValueText {
  const kind = rule.validation!.kind as 'time' | 'time_hh_mm_ss' | 'time_mm_ss';
  const limit = kind === 'time_mm_ss' ? 3600 : 86400;
  const number = (n: number): TextResult => {
    if (n !== n) return nanResult(opts.nanIsBlank);
    if (!(n >= 0 && n < limit)) return reason(`${n} seconds is not a time of ${rule.name} (0 to ${limit - 1} seconds)`);
    return formatTimeSeconds(n, kind);
  };
  const expected = kind === 'time' ? 'HH:MM' : kind === 'time_hh_mm_ss' ? 'HH:MM:SS' : 'MM:SS';
  return {
    number,
    text(value) {
      if (typeof value === 'number') return number(value);
      if (typeof value === 'string') {
        const s = value.trim();
        if (s === '') return '';
        if (!Number.isNaN(parseTimeSeconds(s, kind))) return s;
        return reason(`not a time in REDCap's form ${expected}`);
      }
      return reason(`expected seconds or ${expected} text, got ${kindOfValue(value)}`);
    },
  };
}

function booleanText(rule: FieldRule, value: unknown, labels: ChoiceCodes | null): TextResult {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value === 1 || value === 0) return value === 1 ? '1' : '0';
  if (typeof value === 'string') {
    const s = value.trim();
    if (s === '1' || s === '0') return s;
    const lower = s.toLowerCase();
    if (lower === 'true') return '1';
    if (lower === 'false') return '0';
    if (labels) {
      const m = labels.match(s);
      if ('code' in m) return m.code;
    } else {
      if (lower === 'checked') return '1';
      if (lower === 'unchecked') return '0';
    }
    if (s === '') return '';
  }
  return reason(
    labels
      ? `expected true/false (or ${rule.choices.map((c) => c.label).join('/')}), got ${kindOfValue(value)}${typeof value === 'string' ? ` "${value}"` : ''}`
      : `a checkbox option is true (checked) or false (unchecked), got ${kindOfValue(value)}${typeof value === 'string' ? ` "${value}"` : ''}`,
  );
}

function choiceConverter(rule: FieldRule, opts: ValueTextOptions): ValueText {
  // Form status labels (Incomplete…) never read like its codes (0, 1, 2): either is taken.
  const codes = new ChoiceCodes(rule, rule.type === 'complete' ? 'auto' : opts.choices);
  const open = rule.type === 'sql' && rule.choices.length === 0;
  return {
    text(value) {
      let s: string;
      if (typeof value === 'string') s = value;
      else if (typeof value === 'number' && Number.isFinite(value)) s = String(value);
      else if (typeof value === 'number')
        return value !== value ? nanResult(opts.nanIsBlank) : reason(`${value} is not an option`);
      else return reason(`expected a label or code of ${rule.name}, got ${kindOfValue(value)}`);
      if (s === '') return '';
      // sql fields take their options from a query: any code goes, as on the server.
      if (open) return s;
      const m = codes.match(s);
      if ('code' in m) return m.code;
      return opts.missingCodes.has(s) && rule.type !== 'complete' ? s : reason(m.reason);
    },
  };
}

function textConverter(rule: FieldRule): ValueText {
  return {
    text(value) {
      if (typeof value === 'string') return value;
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) return reason(`${value} is not a value REDCap can store`);
        return formatNumber(value, { integer: false, decimalChar: '.' });
      }
      if (typeof value === 'bigint') return value.toString();
      return reason(`${rule.name} is a text field: expected text, got ${kindOfValue(value)}`);
    },
  };
}

/** The converter of a field (or, for checkboxes, of one option column). */
export function valueText(rule: FieldRule, opts: ValueTextOptions): ValueText {
  let base: ValueText;
  switch (rule.kind) {
    case 'integer':
    case 'number':
      base = numberConverter(rule, opts);
      break;
    case 'date':
      base = dateConverter(rule, opts);
      break;
    case 'datetime':
      base = datetimeConverter(rule, opts);
      break;
    case 'time':
      base = timeConverter(rule, opts);
      break;
    case 'boolean': {
      const labels = new ChoiceCodes(rule, opts.choices);
      base = { text: (v) => booleanText(rule, v, labels) };
      break;
    }
    case 'checkbox':
      base = { text: (v) => booleanText(rule, v, null) };
      break;
    case 'choice':
      base = choiceConverter(rule, opts);
      break;
    default:
      base = textConverter(rule);
  }
  if (rule.type === 'checkbox' || rule.type === 'complete' || opts.missingCodes.size === 0) return base;
  // A missing-data code stands in for a value of any type.
  const codes = opts.missingCodes;
  return {
    ...base,
    text: (v) => (typeof v === 'string' && codes.has(v.trim()) ? v.trim() : base.text(v)),
  };
}
