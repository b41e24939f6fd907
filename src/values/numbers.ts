/**
 * Numbers as REDCap text: parsing whatever decimal character the server
 * used, and writing exactly what a field's validation accepts (never an
 * exponent, never `NaN`).
 */

/**
 * Parses a REDCap number, accepting `.` or `,` as the decimal character so
 * that comma-decimal fields read the same whatever the export's
 * `decimalCharacter` was. Returns NaN for anything else (including blanks).
 */
export function parseNumber(s: string): number {
  return parseNumberAt(s, 0, s.length);
}

const NUMBER_SHAPE = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * {@link parseNumber} on `s.slice(start, end)` without making the slice,
 * for readers that scan a whole export (`shape`, when given, is told what
 * the text looked like). Plain decimals (sign, digits, one
 * `.` or `,`, at most 15 significant digits) are computed directly: an
 * integer of up to 2^53 divided by an exact power of ten is correctly
 * rounded, so the result is the one `Number` gives. Anything else takes
 * the general route.
 */
export function parseNumberAt(s: string, start: number, end: number, shape?: NumberShape): number {
  if (shape) shape.plain = false;
  if (end <= start) return NaN;
  let i = start;
  let c = s.charCodeAt(i);
  const negative = c === 45;
  if (c === 45 || c === 43) i++;
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  let separator = 0;
  for (; i < end; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else if ((c === 46 || c === 44) && decimals < 0) {
      decimals = 0;
      separator = c;
    } else break;
  }
  if (i === end && mantissa <= 9007199254740991 && decimals <= 22) {
    // `5.` is accepted, a lone sign or point is not (as the shape below).
    if (digits === 0) return NaN;
    if (shape) {
      shape.plain = true;
      shape.decimals = decimals;
      shape.separator = separator;
    }
    const value = decimals > 0 ? mantissa / POWERS_OF_TEN[decimals] : mantissa;
    return negative ? -value : value;
  }
  const slice = s.slice(start, end);
  const comma = slice.indexOf(',');
  const text = comma >= 0 ? slice.replace(',', '.') : slice;
  // Number('') and Number(' ') are 0 and Number('0x1f') is 31: check the shape first.
  if (!NUMBER_SHAPE.test(text)) return NaN;
  return Number(text);
}

/** Decimal text of a finite number with no exponent (`1e21` → `1000000000000000000000`). */
export function plainNumber(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  if (Number.isInteger(n)) return BigInt(n).toString();
  // Tiny or huge non-integers: enough fixed digits to round-trip, trailing zeros cut.
  const fixed = n.toFixed(20);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** How a number field writes its numbers. */
export interface NumberForm {
  /** Integer fields: no fraction. */
  integer?: boolean;
  /** Fixed decimals of `number_Ndp` fields. */
  decimals?: number;
  decimalChar?: '.' | ',';
}

/**
 * Formats a finite number for a field: `decimals` fixed places for
 * `number_Ndp`, integers without a fraction, `decimalChar` as the
 * separator, never an exponent. Fast enough to run once per cell.
 */
export function formatNumber(n: number, form: NumberForm = {}): string {
  const value = form.integer ? Math.trunc(n) : n;
  let text = form.decimals !== undefined && !form.integer ? value.toFixed(form.decimals) : String(value);
  if (text.includes('e')) text = plainNumber(value);
  return form.decimalChar === ',' ? text.replace('.', ',') : text;
}

/** What {@link parseNumberAt} saw of a text, for readers that keep stored forms. */
export interface NumberShape {
  /** Plain decimal (sign, digits, at most one `.` or `,`) read by the direct route. */
  plain: boolean;
  /** Digits after the decimal character; -1 without one. */
  decimals: number;
  /** The decimal character's code (46 `.`, 44 `,`); 0 without one. */
  separator: number;
}

/**
 * A quick look at a number's text as stored (`s.slice(start, end)`, just
 * parsed with `shape`): false only when it surely is what
 * {@link formatNumber} writes for its value in `form`; true when it may be
 * another form of the same number (`.34`, `+5`, `007`, `1.50`, `-0`,
 * `1e3`, a point in a comma-decimal field…) and must be compared with
 * formatNumber's text. REDCap stores numbers as they were entered, so
 * readers keep these texts, and a write-back puts them back.
 */
export function mayBeOtherForm(s: string, start: number, end: number, shape: NumberShape, form: NumberForm): boolean {
  if (!shape.plain || end - start > 15) return true;
  let i = start;
  let c = s.charCodeAt(i);
  if (c === 45) c = s.charCodeAt(++i);
  if (c === 48) {
    // 0 stands alone or before the decimal character, never signed (-0 is 0; -0.5 needs the full look).
    if (i > start) return true;
    const next = s.charCodeAt(i + 1);
    if (next >= 48 && next <= 57) return true;
  } else if (c < 49 || c > 57) return true;
  const decimals = shape.decimals;
  if (decimals < 0) return form.decimals !== undefined && !form.integer;
  if (form.integer || shape.separator !== (form.decimalChar === ',' ? 44 : 46)) return true;
  if (form.decimals !== undefined) return decimals !== form.decimals;
  return decimals === 0 || s.charCodeAt(end - 1) === 48;
}
