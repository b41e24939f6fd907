import { quotedCsvCell } from '../../formats/csv.js';
import type { DateFormat } from '../../values/dates.js';
import { type Refusal, badRequest } from '../refusal.js';
import type { ProjectState } from '../store/project-state.js';
import type { StoredValue } from '../store/record-store.js';
import type { CalcChange } from './recalculate.js';

export interface ImportOptions {
  type: 'flat' | 'eav';
  overwrite: boolean;
  forceAutoNumber: boolean;
  dateFormat: DateFormat;
  /** Recomputes calc fields of each record written, from its values (set by the server). */
  recalculate?: (state: ProjectState, record: string, values: readonly StoredValue[]) => CalcChange[];
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

/** A cell write planned after validation. */
export interface Write {
  field: string;
  /** Checkbox option code, when the cell is one checkbox column. */
  code?: string;
  value: string;
}

/** One validated row: where it goes and what it writes. */
export interface PlannedRow {
  sentRecord: string;
  eventId: number;
  event: string;
  repeatForm: string;
  instance: number | 'new' | null;
  writes: Write[];
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
