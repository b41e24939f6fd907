import { RedcapUsageError } from './errors.js';

/**
 * An option that must be a whole number of at least `min` (batch sizes,
 * concurrency, retries, row groups, command-line counts). Numbers given as
 * text (command-line flags) are read first. Anything else is a usage error
 * naming the option and what was given.
 */
export function wholeNumberOption(name: string, value: unknown, min = 1): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= min) return n;
  const given = typeof value === 'string' ? `"${value}"` : String(value);
  throw new RedcapUsageError(`The option ${name} must be a whole number of at least ${min}, not ${given}.`);
}
