import { finite, isBlank, numberOfText, toNumber, toText, truthy, type LogicValue } from './coerce.js';
import type { LogicContext } from './context.js';
import { dateDiff, dateOrderOf, datePart, nowText, todayText } from './dates.js';

/**
 * REDCap's logic functions. Each gets its evaluated arguments and the
 * context; none throws: wrong or blank input gives a blank (NaN or '').
 * `if` is not here because it evaluates only the branch it takes.
 */
export interface LogicFunction {
  minArgs: number;
  maxArgs: number;
  apply(args: LogicValue[], ctx: LogicContext): LogicValue;
}

function fn(minArgs: number, maxArgs: number, apply: LogicFunction['apply']): LogicFunction {
  return { minArgs, maxArgs, apply };
}

/** The numbers among the arguments: blanks and non-numeric text are left out, as REDCap does. */
function numbersOf(args: LogicValue[]): number[] {
  const out: number[] = [];
  for (const a of args) {
    const n = toNumber(a);
    if (!Number.isNaN(n)) out.push(n);
  }
  return out;
}

function aggregate(reduce: (values: number[]) => number): LogicFunction {
  return fn(1, Infinity, (args) => {
    const values = numbersOf(args);
    // All blank: the result is blank too, not 0.
    return values.length === 0 ? NaN : finite(reduce(values));
  });
}

function mean(values: number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total / values.length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Sample standard deviation (n − 1), as spreadsheets' STDEV; one value has none. */
function stdev(values: number[]): number {
  if (values.length < 2) return NaN;
  const m = mean(values);
  let squares = 0;
  for (const v of values) squares += (v - m) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/**
 * Rounds |x| at `places` decimals with `step` (round, ceil or floor) and
 * puts the sign back, so roundup goes away from zero and rounddown toward
 * it. The scaled value is first cut to 15 significant digits so that
 * 1.005 rounds to 1.01 as a person (and PHP) expects, not to 1.00.
 */
function roundWith(step: (n: number) => number): LogicFunction {
  return fn(1, 2, (args) => {
    const x = toNumber(args[0]);
    const places = args.length > 1 ? Math.trunc(toNumber(args[1])) : 0;
    if (Number.isNaN(x) || Number.isNaN(places)) return NaN;
    const scale = 10 ** Math.abs(places);
    const scaled = places >= 0 ? Math.abs(x) * scale : Math.abs(x) / scale;
    const stepped = step(Number(scaled.toPrecision(15)));
    const back = places >= 0 ? stepped / scale : stepped * scale;
    const signed = x < 0 ? -back : back;
    return signed === 0 ? 0 : finite(signed); // never -0
  });
}

function math(f: (x: number) => number): LogicFunction {
  return fn(1, 1, (args) => finite(f(toNumber(args[0]))));
}

function lowerText(v: LogicValue): string {
  return toText(v).toLowerCase();
}

/** Text as code points, so that left/right/mid/length never split an emoji. */
function chars(v: LogicValue): string[] {
  return Array.from(toText(v));
}

/** A count or position argument: a whole number, or null when it is not one. */
function countArg(v: LogicValue): number | null {
  const n = Math.trunc(toNumber(v));
  return Number.isNaN(n) ? null : n;
}

function isIntegerText(v: LogicValue): boolean {
  if (typeof v === 'number') return Number.isInteger(v);
  if (typeof v !== 'string') return false;
  return /^[-+]?\d+$/.test(v.trim());
}

function signedArg(v: LogicValue): boolean {
  if (typeof v === 'string' && v.trim().toLowerCase() === 'false') return false;
  return truthy(v);
}

export const LOGIC_FUNCTIONS: ReadonlyMap<string, LogicFunction> = new Map<string, LogicFunction>([
  [
    'datediff',
    fn(3, 5, (args, ctx) => {
      // The fourth argument is a date format or, when it is not one, returnSigned.
      let order = args.length > 3 ? dateOrderOf(args[3]) : null;
      let signed = false;
      if (args.length === 5) signed = signedArg(args[4]);
      else if (args.length === 4 && order === null) signed = signedArg(args[3]);
      order ??= 'ymd';
      return dateDiff(args[0], args[1], args[2], order, signed, ctx);
    }),
  ],
  ['sum', aggregate((v) => v.reduce((a, b) => a + b, 0))],
  ['mean', aggregate(mean)],
  ['min', aggregate((v) => Math.min(...v))],
  ['max', aggregate((v) => Math.max(...v))],
  ['median', aggregate(median)],
  ['stdev', aggregate(stdev)],
  ['round', roundWith(Math.round)],
  ['roundup', roundWith(Math.ceil)],
  ['rounddown', roundWith(Math.floor)],
  ['sqrt', math(Math.sqrt)],
  ['abs', math(Math.abs)],
  ['exponential', math(Math.exp)],
  [
    'log',
    fn(1, 2, (args) => {
      const x = toNumber(args[0]);
      if (!(x > 0)) return NaN;
      if (args.length === 1) return finite(Math.log(x));
      const base = toNumber(args[1]);
      if (!(base > 0) || base === 1) return NaN;
      return finite(Math.log(x) / Math.log(base));
    }),
  ],
  [
    'isnumber',
    fn(1, 1, ([v]) =>
      typeof v === 'number' ? Number.isFinite(v) : typeof v === 'string' && !Number.isNaN(numberOfText(v)),
    ),
  ],
  ['isinteger', fn(1, 1, ([v]) => isIntegerText(v))],
  [
    'isblankormissingcode',
    fn(1, 1, ([v], ctx) => isBlank(v) || (typeof v === 'string' && ctx.isMissingCode?.(v) === true)),
  ],
  ['contains', fn(2, 2, ([h, n]) => lowerText(h).includes(lowerText(n)))],
  ['not_contain', fn(2, 2, ([h, n]) => !lowerText(h).includes(lowerText(n)))],
  ['starts_with', fn(2, 2, ([h, n]) => lowerText(h).startsWith(lowerText(n)))],
  ['ends_with', fn(2, 2, ([h, n]) => lowerText(h).endsWith(lowerText(n)))],
  [
    'left',
    fn(2, 2, ([t, n]) => {
      const count = countArg(n);
      return count === null || count < 0 ? '' : chars(t).slice(0, count).join('');
    }),
  ],
  [
    'right',
    fn(2, 2, ([t, n]) => {
      const count = countArg(n);
      if (count === null || count <= 0) return '';
      return chars(t).slice(-count).join('');
    }),
  ],
  [
    'mid',
    fn(2, 3, ([t, s, n]) => {
      // 1-based start, as spreadsheets' MID; no count means to the end.
      const start = countArg(s);
      const count = n === undefined ? Infinity : countArg(n);
      if (start === null || start < 1 || count === null || count < 0) return '';
      return chars(t)
        .slice(start - 1, start - 1 + count)
        .join('');
    }),
  ],
  ['length', fn(1, 1, ([t]) => chars(t).length)],
  [
    'find',
    fn(2, 2, ([needle, haystack]) => {
      // 1-based position of needle in haystack, ignoring case; 0 when absent.
      const lowered = lowerText(haystack);
      const at = lowered.indexOf(lowerText(needle));
      return at < 0 ? 0 : Array.from(lowered.slice(0, at)).length + 1;
    }),
  ],
  ['lower', fn(1, 1, ([t]) => lowerText(t))],
  ['upper', fn(1, 1, ([t]) => toText(t).toUpperCase())],
  ['trim', fn(1, 1, ([t]) => toText(t).trim())],
  ['concat', fn(1, Infinity, (args) => args.map(toText).join(''))],
  ['year', fn(1, 1, ([d], ctx) => datePart(d, 'year', ctx))],
  ['month', fn(1, 1, ([d], ctx) => datePart(d, 'month', ctx))],
  ['day', fn(1, 1, ([d], ctx) => datePart(d, 'day', ctx))],
  ['today', fn(0, 0, (_args, ctx) => todayText(ctx))],
  ['now', fn(0, 0, (_args, ctx) => nowText(ctx))],
]);

/** `if(condition, then, else)`: known to the parser, evaluated lazily by the compiler. */
export const IF_FUNCTION = { name: 'if', minArgs: 3, maxArgs: 3 } as const;
