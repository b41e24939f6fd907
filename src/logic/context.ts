import type { LogicClock } from './dates.js';

/** Where a field reference points, beyond the field name. */
export interface FieldLookup {
  /** A unique event name; absent means the event being evaluated. */
  event?: string;
  /** One checkbox option: the lookup answers `"1"` (checked) or `"0"`. */
  code?: string;
  /** A repeat instance; absent means the instance being evaluated. */
  instance?: number;
}

/**
 * What logic reads while it runs: the values of one record (or one row of
 * it), plus the facts that smart variables and `today`/`now` need. The
 * server builds one per record or row; `value` is called for each field
 * reference, so it should be a cheap lookup.
 */
export interface LogicContext extends LogicClock {
  /** The stored value, '' when blank or absent. */
  value(field: string, lookup: FieldLookup): string;
  /** Whether a value is one of the project's missing-data codes (for isblankormissingcode). */
  isMissingCode?(value: string): boolean;
  /** `[record-name]`. */
  record?: string;
  /** `[event-name]`: the unique name of the event being evaluated. */
  event?: string;
  /** `[current-instance]`: the repeat instance being evaluated (1 when nothing repeats). */
  instance?: number;
  /** `[record-dag-name]`: the unique name of the record's data access group. */
  dag?: string;
  /** The moment `today` and `now` read (default: the time of the call). */
  now?: Date;
  /** Time zone of `today` and `now` (default: the process's). */
  timeZone?: string;
}
