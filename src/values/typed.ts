import { formatDatetime, formatTimeSeconds, formatYmd, parseDatetime, parseTimeSeconds, parseYmd } from './dates.js';
import type { FieldRule } from './field-rule.js';
import { formatNumber, parseNumber } from './numbers.js';
import { FORMAT_MESSAGE, notACategoryMessage } from './validate.js';

/** A typed REDCap value: what a frame cell holds. */
export type TypedValue = string | number | boolean | Date | readonly string[] | null;

export interface TypedOptions {
  /** Time zone in which datetimes are wall-clock times (default UTC). */
  timeZone?: string;
  /** Choices as labels (default) or as codes. */
  choices?: 'labels' | 'codes';
}

/** The outcome of typing one value: the value, or null with the reason. */
export type Typed = { ok: true; value: TypedValue } | { ok: false; reason: string };

const NULL: Typed = { ok: true, value: null };

function bad(reason: string): Typed {
  return { ok: false, reason };
}

/**
 * Types one exported value of a field (for checkboxes, the value of one
 * `field___code` column). Blank is null. A value that fails the field's
 * rules comes back as `{ ok: false }` with the reason; callers decide
 * whether that is a missing code, an invalid value, or an error.
 */
export function parseTyped(rule: FieldRule, raw: string, opts: TypedOptions = {}): Typed {
  if (raw === '') return NULL;
  switch (rule.kind) {
    case 'text':
    case 'file':
    case 'none':
      // Text validations (email, phone, zip…) are format checks like the others.
      if (rule.validation && !rule.validation.pattern.test(raw)) return bad(FORMAT_MESSAGE);
      return { ok: true, value: raw };
    case 'integer':
    case 'number': {
      const n = parseNumber(raw);
      if (Number.isNaN(n)) return bad(FORMAT_MESSAGE);
      if (rule.kind === 'integer' && !Number.isInteger(n)) return bad(FORMAT_MESSAGE);
      return { ok: true, value: n };
    }
    case 'date': {
      // Tolerate a datetime in a date field by taking its day, as REDCap shows it.
      const ms = parseYmd(raw.length > 10 ? raw.slice(0, 10) : raw);
      return Number.isNaN(ms) ? bad(FORMAT_MESSAGE) : { ok: true, value: new Date(ms) };
    }
    case 'datetime': {
      const ms = parseDatetime(raw, opts.timeZone ?? 'UTC');
      return Number.isNaN(ms) ? bad(FORMAT_MESSAGE) : { ok: true, value: new Date(ms) };
    }
    case 'time': {
      const kind = rule.validation!.kind as 'time' | 'time_hh_mm_ss' | 'time_mm_ss';
      // Servers pad `time` as HH:MM; a seconds variant is read too.
      let s = parseTimeSeconds(raw, kind);
      if (Number.isNaN(s) && kind === 'time') s = parseTimeSeconds(raw, 'time_hh_mm_ss');
      return Number.isNaN(s) ? bad(FORMAT_MESSAGE) : { ok: true, value: s };
    }
    case 'boolean':
      if (raw === '1') return { ok: true, value: true };
      if (raw === '0') return { ok: true, value: false };
      return bad(notACategoryMessage(rule.name));
    case 'checkbox':
      if (raw === '1') return { ok: true, value: true };
      if (raw === '0') return { ok: true, value: false };
      return bad(notACategoryMessage(rule.name));
    case 'choice': {
      const choice = rule.byCode.get(raw);
      if (!choice) {
        if (rule.type === 'sql' && rule.choices.length === 0) return { ok: true, value: raw };
        return bad(notACategoryMessage(rule.name));
      }
      return { ok: true, value: opts.choices === 'codes' ? choice.code : choice.label };
    }
  }
}

/** The outcome of formatting one typed value back to REDCap text. */
export type FormattedValue = { ok: true; text: string } | { ok: false; reason: string };

function text(t: string): FormattedValue {
  return { ok: true, text: t };
}

function fail(reason: string): FormattedValue {
  return { ok: false, reason };
}

/** Finds a choice by code or by label (labels compare exactly, then case-insensitively). */
export function findChoiceCode(rule: FieldRule, value: string): string | undefined {
  if (rule.byCode.has(value)) return value;
  const exact = rule.choices.find((c) => c.label === value);
  if (exact) return exact.code;
  const lower = value.toLowerCase();
  return rule.choices.find((c) => c.label.toLowerCase() === lower)?.code;
}

/**
 * Formats a typed value as the text REDCap stores for the field: the
 * inverse of {@link parseTyped}. null/undefined become blank. Labels are
 * turned back into codes; numbers follow the validation's decimals and
 * decimal character; Dates use the field's date/datetime form in
 * `opts.timeZone`. Checkbox fields take a boolean (one option column).
 */
export function formatTyped(rule: FieldRule, value: unknown, opts: TypedOptions = {}): FormattedValue {
  if (value === null || value === undefined) return text('');
  if (typeof value === 'number' && Number.isNaN(value)) return text('');
  switch (rule.kind) {
    case 'text':
    case 'file':
    case 'none':
      if (value instanceof Date) return fail(`expected text, got a Date`);
      return text(String(value));
    case 'integer':
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' ? parseNumber(value.trim()) : NaN;
      if (!Number.isFinite(n)) return fail(`expected a number, got ${JSON.stringify(value)}`);
      if (rule.kind === 'integer' && !Number.isInteger(n)) return fail(`expected an integer, got ${n}`);
      const v = rule.validation;
      return text(
        formatNumber(n, { integer: rule.kind === 'integer', decimals: v?.decimals, decimalChar: v?.decimalChar }),
      );
    }
    case 'date':
    case 'datetime': {
      const seconds = rule.validation?.kind === 'datetime_seconds';
      let ms: number;
      if (value instanceof Date) ms = value.getTime();
      else if (typeof value === 'number') ms = value;
      else if (typeof value === 'string') {
        // Already REDCap text: keep it when it parses as the field's form.
        const s = value.trim();
        const parsed = rule.kind === 'date' ? parseYmd(s) : parseDatetime(s, opts.timeZone ?? 'UTC', seconds);
        if (Number.isNaN(parsed)) return fail(FORMAT_MESSAGE);
        return text(s);
      } else return fail(`expected a Date, got ${typeof value}`);
      if (!Number.isFinite(ms)) return fail('invalid Date');
      return text(rule.kind === 'date' ? formatYmd(ms) : formatDatetime(ms, seconds, opts.timeZone ?? 'UTC'));
    }
    case 'time': {
      const kind = rule.validation!.kind as 'time' | 'time_hh_mm_ss' | 'time_mm_ss';
      if (typeof value === 'number') {
        if (!Number.isFinite(value) || value < 0) return fail(`expected seconds, got ${value}`);
        return text(formatTimeSeconds(value, kind));
      }
      if (typeof value === 'string') {
        return Number.isNaN(parseTimeSeconds(value.trim(), kind)) ? fail(FORMAT_MESSAGE) : text(value.trim());
      }
      return fail(`expected seconds, got ${typeof value}`);
    }
    case 'boolean':
    case 'checkbox':
      if (typeof value === 'boolean') return text(value ? '1' : '0');
      if (value === 1 || value === 0) return text(String(value));
      if (typeof value === 'string') {
        if (rule.kind === 'checkbox') {
          if (value === '1' || value === '0') return text(value);
          if (/^checked$/i.test(value)) return text('1');
          if (/^unchecked$/i.test(value)) return text('0');
          return fail(notACategoryMessage(rule.name));
        }
        const code = findChoiceCode(rule, value);
        return code === undefined ? fail(notACategoryMessage(rule.name)) : text(code);
      }
      return fail(`expected a boolean, got ${typeof value}`);
    case 'choice': {
      const s = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : null;
      if (s === null) return fail(`expected a label or code, got ${typeof value}`);
      if (rule.type === 'sql' && rule.choices.length === 0) return text(s);
      const code = findChoiceCode(rule, s);
      return code === undefined ? fail(notACategoryMessage(rule.name)) : text(code);
    }
  }
}
