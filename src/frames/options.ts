import type { Casts } from './casts.js';

/** How a record export is turned into a typed frame. */
export interface FrameOptions {
  /** `csv` or `json`; by default guessed from the first character (`[` is JSON). */
  format?: 'csv' | 'json';
  /** CSV delimiter (REDCap's `csvDelimiter`: `,` `\t` `;` `|` `^`). Default `,`. */
  delimiter?: string;
  /** Time zone in which datetimes and survey timestamps are wall-clock times. Default `UTC`. */
  timeZone?: string;
  /** radio, dropdown and sql values as labels (default) or codes. */
  choices?: 'labels' | 'codes';
  /** One boolean column per checkbox option (default), or one column with the list of checked labels (codes with `choices: 'codes'`). */
  checkboxes?: 'columns' | 'list';
  /** `<form>_complete` as `Incomplete`/`Unverified`/`Complete` (default) or as codes `0`/`1`/`2`. */
  completeAs?: 'labels' | 'codes';
  /** Add `redcap_event_label` (the event's label) after `redcap_event_name`. */
  eventLabels?: boolean;
  /** `fast` (default): the one-pass reader; `generic`: CSV rows then one value rule call per cell. */
  reader?: 'fast' | 'generic';
  /** User functions that type values in place of the default rules, by field type, validation or field. */
  casts?: Casts;
}

export type ResolvedFrameOptions = Required<Omit<FrameOptions, 'format'>> & Pick<FrameOptions, 'format'>;

export function resolveOptions(opts: FrameOptions = {}): ResolvedFrameOptions {
  return {
    format: opts.format,
    delimiter: opts.delimiter ?? ',',
    timeZone: opts.timeZone ?? 'UTC',
    choices: opts.choices ?? 'labels',
    checkboxes: opts.checkboxes ?? 'columns',
    completeAs: opts.completeAs ?? 'labels',
    eventLabels: opts.eventLabels ?? false,
    reader: opts.reader ?? 'fast',
    casts: opts.casts ?? {},
  };
}
