/**
 * Record export and import shapes.
 */
import type { RecordId } from './common.js';

/**
 * One exported row (flat: one column per field; eav: record, field_name,
 * value). Values are text, except `redcap_repeat_instance` (a number when set).
 */
export type RecordRow = Record<string, string | number>;

/** A row to import: values as text or numbers (sent as text). */
export type ImportRow = Record<string, string | number | boolean | null | undefined>;

/** What `importRecords` returns, by `returnContent`. */
export type ReturnContent = 'count' | 'ids' | 'auto_ids' | 'nothing';

/** A record created with `forceAutoNumber`: the name it got and the one that was sent. */
export interface AutoId {
  id: string;
  sentId: string;
}

export type ImportRecordsResult<R extends ReturnContent> = R extends 'ids'
  ? string[]
  : R extends 'auto_ids'
    ? AutoId[]
    : R extends 'nothing'
      ? void
      : { count: number };

/** REDCap's answer to a randomization (field names as REDCap sends them). */
export interface RandomizationResult {
  randomization_id: number | string;
  record: string;
  target_field: string;
  target_field_alt?: string;
  [key: string]: unknown;
}

export type RecordList = readonly RecordId[];
