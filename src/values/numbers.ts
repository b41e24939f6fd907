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
  if (s === '') return NaN;
  const comma = s.indexOf(',');
  const text = comma >= 0 ? s.replace(',', '.') : s;
  // Number('') and Number(' ') are 0 and Number('0x1f') is 31: check the shape first.
  if (!/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(text)) return NaN;
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

/**
 * Formats a number for a field: `decimals` fixed places for `number_Ndp`,
 * integers without a fraction, and `decimalChar` as the separator.
 */
export function formatNumber(n: number, opts: { decimals?: number; integer?: boolean; decimalChar?: '.' | ',' } = {}): string {
  let text: string;
  if (opts.integer) text = plainNumber(Math.trunc(n));
  else if (opts.decimals !== undefined) text = n.toFixed(opts.decimals);
  else text = plainNumber(n);
  if (/e/i.test(text)) text = plainNumber(Number(text));
  return opts.decimalChar === ',' ? text.replace('.', ',') : text;
}
