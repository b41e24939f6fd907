import { quotedCsvCell } from '../../formats/csv.js';
import type { DateFormat } from '../../values/dates.js';
import { type Refusal, badRequest } from '../refusal.js';
import type { ProjectState } from '../store/project-state.js';
import type { CalcChange, ValueFeed } from './recalculate.js';

export interface ImportOptions {
  type: 'flat' | 'eav';
  overwrite: boolean;
  forceAutoNumber: boolean;
  dateFormat: DateFormat;
  /** Recomputes calc fields of each record written, from its values (set by the server). */
  recalculate?: (state: ProjectState, record: string, feed: ValueFeed) => CalcChange[];
}

export interface ImportResult {
  /** Records imported, in the order first seen (new names when auto-numbered). */
  records: string[];
  /** `[newId, sentId]` per record, for `returnContent=auto_ids`. */
  autoIds: [string, string][];
}

/** One value failing validation, as REDCap lists them. */
export interface Problem {
  record: string;
  field: string;
  value: string;
  message: string;
}

/** Where a planned value goes: a field, or one option of a checkbox (one object per import column). */
export interface WriteTarget {
  field: string;
  /** Checkbox option code, when the column is one checkbox option. */
  code?: string;
  /**
   * The words of its log entry, made once per column: `field = '` (then
   * the value and `'`), or for a checkbox option `field(code) = checked`
   * and `… = unchecked`; each as the first entry and as a later one.
   */
  said: string[];
}

/** The log words of a column (see WriteTarget.said). */
export function logWords(field: string, code: string | undefined): string[] {
  const words =
    code === undefined ? [`${field} = '`] : [`${field}(${code}) = checked`, `${field}(${code}) = unchecked`];
  return words.flatMap((w) => [w, `, ${w}`]);
}

/** One validated row: where it goes and what it writes. */
export interface PlannedRow {
  sentRecord: string;
  eventId: number;
  event: string;
  repeatForm: string;
  instance: number | 'new' | null;
  /** Where each value goes, in step with `values`. */
  targets: WriteTarget[];
  values: string[];
  /** Forms that receive a non-blank value (their status defaults to Incomplete). */
  forms: Set<string>;
  dag?: string;
}

/** REDCap's validation error body: one `"record","field","value","message"` line per problem. */
export function problemsError(problems: Problem[]): Refusal {
  return badRequest(
    problems.map((p) => [p.record, p.field, p.value, p.message].map(quotedCsvCell).join(',')).join('\n'),
  );
}
