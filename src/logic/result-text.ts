import { plainNumber } from '../values/numbers.js';

/**
 * A calculation's result as the text a calc field stores: '' for blank,
 * numbers without an exponent, booleans as 1/0.
 */
export function logicResultText(result: string | number | boolean | null): string {
  if (result === null) return '';
  if (typeof result === 'boolean') return result ? '1' : '0';
  if (typeof result === 'number') return Number.isFinite(result) ? plainNumber(result) : '';
  return result;
}
