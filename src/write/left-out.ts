/**
 * Columns of a frame that a record import leaves out: calculated fields
 * (the server computes them), file uploads (files go with importFile),
 * descriptive fields (they hold nothing), survey timestamps (REDCap sets
 * them) and columns a frame adds for reading (event label, arm, survey
 * identifier). They are left out by default, said in one line; REDCap
 * does accept values of calculated fields, so `sendCalculated` sends them.
 */
import type { Schema } from '../schema/schema.js';
import type { FrameColumnInfo } from '../frames/typed-frame.js';

export type LeftOutKind = 'calculated' | 'file' | 'descriptive' | 'survey-timestamp' | 'for-reading';

export interface LeftOutColumn {
  column: string;
  kind: LeftOutKind;
}

/** Columns a frame adds for reading, which say nothing REDCap stores. */
const FOR_READING = new Set(['redcap_event_label', 'redcap_arm', 'redcap_survey_identifier']);

/** What kind of read-only column a frame column is, or null when it can be imported. */
export function readOnlyKind(name: string, schema: Schema, info?: FrameColumnInfo): LeftOutKind | null {
  if (FOR_READING.has(name) || info?.role === 'event-label') return 'for-reading';
  if (info?.role === 'survey-timestamp') return 'survey-timestamp';
  const column = schema.column(name);
  if (column?.surveyTimestamp) return 'survey-timestamp';
  if (
    !column &&
    name.endsWith('_timestamp') &&
    schema.form(name.slice(0, -'_timestamp'.length)) &&
    !schema.field(name)
  ) {
    return 'survey-timestamp';
  }
  const rule = column?.rule ?? schema.field(name);
  if (rule?.type === 'calc') return 'calculated';
  if (rule?.type === 'file') return 'file';
  if (rule?.type === 'descriptive') return 'descriptive';
  return null;
}

const KIND_WORDS: Readonly<Record<LeftOutKind, [one: string, many: string]>> = {
  calculated: ['calculated column the server computes', 'calculated columns the server computes'],
  file: ['file upload column (files go with importFile)', 'file upload columns (files go with importFile)'],
  descriptive: ['descriptive field, which holds no value', 'descriptive fields, which hold no value'],
  'survey-timestamp': ['survey timestamp REDCap sets', 'survey timestamps REDCap sets'],
  'for-reading': ['column added for reading', 'columns added for reading'],
};

/**
 * The left-out columns in one line, by kind, e.g. "Left out 2 calculated
 * columns the server computes: age, bmi." (null when none).
 */
export function leftOutNotice(leftOut: readonly LeftOutColumn[]): string | null {
  if (leftOut.length === 0) return null;
  const byKind = new Map<LeftOutKind, string[]>();
  for (const c of leftOut) {
    const names = byKind.get(c.kind);
    if (names) names.push(c.column);
    else byKind.set(c.kind, [c.column]);
  }
  const parts = [...byKind].map(
    ([kind, names]) => `${names.length} ${KIND_WORDS[kind][names.length === 1 ? 0 : 1]}: ${names.join(', ')}`,
  );
  const hint = byKind.has('calculated') ? ' (sendCalculated: true sends calculated values)' : '';
  return `Left out ${parts.join('; ')}.${hint}`;
}
