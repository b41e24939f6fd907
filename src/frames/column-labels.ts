/**
 * Labels kept with the data: each column's field label, and for category
 * columns the codes and the labels side by side, so a frame typed with
 * labels can show codes afterwards and the other way round.
 */
import type { Schema } from '../schema/schema.js';
import type { ColumnSpec } from './column-plan.js';
import { CategoryColumn, type FrameColumn } from './columns.js';
import type { FrameColumnInfo } from './typed-frame.js';

const KEY_LABELS: Readonly<Record<string, string>> = {
  event: 'Event Name',
  'repeat-instrument': 'Repeat Instrument',
  'repeat-instance': 'Repeat Instance',
  dag: 'Data Access Group',
  'survey-identifier': 'Survey Identifier',
};

/** What each code of an open category (events, instruments, DAGs) is called in REDCap. */
function openLabel(spec: ColumnSpec, code: string, schema: Schema): string {
  switch (spec.role) {
    case 'event':
      return schema.event(code)?.event_name ?? code;
    case 'repeat-instrument':
      return schema.form(code)?.label ?? code;
    case 'dag':
      return schema.dags.find((d) => d.unique_group_name === code)?.data_access_group_name ?? code;
    default:
      return code;
  }
}

/** Adds the label, and for categories the codes and labels, to a column's description. */
export function labelColumn(info: FrameColumnInfo, spec: ColumnSpec, column: FrameColumn, schema: Schema): void {
  const label = spec.role === 'record' ? schema.field(spec.name)?.label : (spec.rule?.label ?? KEY_LABELS[spec.role]);
  if (label !== undefined) info.label = label;
  if (spec.role === 'checkbox' && spec.code !== undefined)
    info.choice = spec.rule?.byCode.get(spec.code)?.label ?? spec.code;
  if (!(column instanceof CategoryColumn)) return;
  if (spec.open) {
    info.codes = [...column.levels];
    info.labels = column.levels.map((c) => openLabel(spec, c, schema));
    info.shows = 'codes';
    return;
  }
  const rule = spec.rule!;
  // Closed categories hold the rule's choices first (in order), then nothing else.
  info.codes = rule.choices.map((c) => c.code);
  info.labels = rule.choices.map((c) => c.label);
  info.shows = spec.typed.choices === 'codes' ? 'codes' : 'labels';
}
