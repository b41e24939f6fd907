import { parseNumber, plainNumber } from '../values/numbers.js';

/**
 * A value while logic runs. Field values are strings; arithmetic yields
 * numbers; comparisons and tests yield booleans. A blank is `''` or NaN
 * (a blank number: arithmetic on a blank, division by zero, an invalid
 * date), and every blank behaves the same.
 */
export type LogicValue = string | number | boolean;

export function isBlank(v: LogicValue): boolean {
  return v === '' || (typeof v === 'number' && Number.isNaN(v));
}

/**
 * The number a string spells, or NaN. Surrounding spaces are allowed and
 * either decimal character is read, since comma-decimal fields store `1,5`.
 */
export function numberOfText(s: string): number {
  if (s === '') return NaN;
  const c0 = s.charCodeAt(0);
  const cn = s.charCodeAt(s.length - 1);
  // Fast path: no surrounding spaces to trim. Text too large for a double (`1e+400`) is no number.
  return finite(parseNumber(c0 <= 32 || cn <= 32 || c0 === 160 || cn === 160 ? s.trim() : s));
}

/** A value as a number for arithmetic: booleans count 1/0, non-numeric text is NaN. */
export function toNumber(v: LogicValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return numberOfText(v);
}

/** Infinity (from `1/0` or an overflow) becomes a blank, as REDCap shows nothing for it. */
export function finite(n: number): number {
  return Number.isFinite(n) ? n : NaN;
}

/** A value as text: blanks are '', numbers have no exponent, booleans are 1/0. */
export function toText(v: LogicValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? '1' : '0';
  return Number.isFinite(v) ? plainNumber(v) : '';
}

/**
 * Truthiness of a logic result, as REDCap's (PHP) evaluation sees it:
 * false, 0, blanks and the text `0` are false; numeric text counts by its
 * value (`0.0` is false); other text is true.
 */
export function truthy(v: LogicValue): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (v === '') return false;
  const n = numberOfText(v);
  return Number.isNaN(n) ? true : n !== 0;
}

/**
 * `=`. A boolean on either side compares truthiness (`[x] = false` holds
 * for a blank x). Otherwise a blank equals only a blank (`[x] = ""`), two
 * numbers (or numeric texts: `"01" = 1`) compare by value, and anything
 * else compares as exact, case-sensitive text.
 */
export function logicEquals(a: LogicValue, b: LogicValue): boolean {
  if (typeof a === 'boolean' || typeof b === 'boolean') return truthy(a) === truthy(b);
  const blankA = isBlank(a);
  const blankB = isBlank(b);
  if (blankA || blankB) return blankA && blankB;
  const na = toNumber(a);
  if (!Number.isNaN(na)) {
    const nb = toNumber(b);
    if (!Number.isNaN(nb)) return na === nb;
  }
  return toText(a) === toText(b);
}

/**
 * Ordering (`<` and friends) as a sign: negative, 0 or positive, or NaN
 * when the values cannot be ordered, which makes every ordering false.
 * A blank cannot be ordered (`[age] < 5` is false for a blank age); two
 * numbers compare by value; anything else as text, so `YYYY-MM-DD` dates
 * and datetimes order correctly.
 */
export function logicOrder(a: LogicValue, b: LogicValue): number {
  if (typeof a === 'boolean') a = a ? 1 : 0;
  if (typeof b === 'boolean') b = b ? 1 : 0;
  if (isBlank(a) || isBlank(b)) return NaN;
  const na = toNumber(a);
  if (!Number.isNaN(na)) {
    const nb = toNumber(b);
    if (!Number.isNaN(nb)) return na < nb ? -1 : na > nb ? 1 : 0;
  }
  const ta = toText(a);
  const tb = toText(b);
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}
