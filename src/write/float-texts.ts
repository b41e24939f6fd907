/**
 * How a number or date column (a Float64Array, NaN for a blank) becomes
 * import texts: a path straight into the cell bytes where the text's form
 * is known by construction (whole numbers, short decimals, wall clocks),
 * the field's converter for the rest. One plan for both kinds, so the
 * row loop that uses it is written once.
 */
import { DateColumn, NumberColumn } from '../frames/columns.js';
import { END_MS, FIRST_MS, offsetReader } from '../values/dates.js';
import type { FieldRule } from '../values/field-rule.js';
import type { ByteCellsBuilder } from './cells.js';
import type { ColumnData } from './source.js';
import type { TextResult, ValueText } from './value-text.js';

export interface FloatTexts {
  data: Float64Array;
  /** Writes `v` on the direct path; false when it has to go through `convert`. */
  direct: (out: ByteCellsBuilder, v: number) => boolean;
  convert: (v: number) => TextResult;
  /** The value as a problem or warning shows it (a Date for date columns). */
  shown: (v: number) => unknown;
  /** Converted texts never need CSV quotes (no decimal comma). */
  plain: boolean;
}

const never = (): boolean => false;

/**
 * The plan for a number or date column, or null for other columns.
 * `ranged`: the field has a min or max, so every value goes through the
 * converter (its range warning needs the text).
 */
export function floatTexts(
  column: ColumnData,
  converter: ValueText,
  rule: FieldRule,
  ranged: boolean,
  timeZone: string,
): FloatTexts | null {
  if (column instanceof NumberColumn && converter.number) {
    // Whole numbers of fields without fixed decimals are written digit by digit.
    const digits = (rule.kind === 'integer' || rule.kind === 'number') && rule.validation?.decimals === undefined;
    const plain = rule.validation?.decimalChar !== ',';
    // Decimals of `number` fields (no fixed places, a point) are written as String would, without one.
    const decimals = digits && plain && rule.kind === 'number' && !ranged;
    const direct =
      digits && !ranged
        ? (out: ByteCellsBuilder, v: number): boolean => {
            if (Number.isInteger(v) && v > -1e15 && v < 1e15) {
              out.pushInteger(v);
              return true;
            }
            return decimals && out.pushShortDecimal(v);
          }
        : never;
    return { data: column.values, direct, convert: converter.number, shown: (v) => v, plain };
  }
  if (column instanceof DateColumn && converter.epoch) {
    // Datetimes are written digit by digit on the time zone's clock.
    const offset = rule.kind === 'datetime' && !ranged ? offsetReader(timeZone) : null;
    const seconds = rule.validation?.kind === 'datetime_seconds';
    const direct = offset
      ? (out: ByteCellsBuilder, v: number): boolean => {
          const local = v + offset(v);
          if (local < FIRST_MS || local >= END_MS) return false;
          out.pushWallClock(local, seconds);
          return true;
        }
      : never;
    // The Date is made only for a problem's (or a warning's) report.
    return { data: column.values, direct, convert: converter.epoch, shown: (v) => new Date(v), plain: true };
  }
  return null;
}
