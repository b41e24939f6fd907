import type { Project } from '../api/project.js';
import type { Schema } from '../schema/schema.js';
import type { FrameOptions } from './options.js';
import { loadSchema } from './project-frames.js';
import { readRecords, type TypedFrame } from './typed-frame.js';

/** How a report is typed (the report itself decides fields, filter and order). */
export type ExportReportTableOptions = Omit<FrameOptions, 'format' | 'delimiter'> & {
  /** A schema loaded earlier with {@link loadSchema}, to save the structure calls. */
  schema?: Schema;
};

/**
 * Exports a report (REDCap's `content=report`) and types it like
 * {@link exportTable}: raw codes and raw headers are asked for, whatever
 * the report's own label settings, and typed from the dictionary, with the
 * same `invalid` and `missing` reports. Columns are in the report's order.
 */
export async function exportReportTable(
  project: Project,
  reportId: number | string,
  options: ExportReportTableOptions = {},
): Promise<TypedFrame> {
  const { schema, ...frameOptions } = options;
  const [resolved, csv] = await Promise.all([
    schema ? Promise.resolve(schema) : loadSchema(project),
    project.exportReport(reportId, {
      format: 'csv',
      rawOrLabel: 'raw',
      rawOrLabelHeaders: 'raw',
      exportCheckboxLabel: false,
    }),
  ]);
  return readRecords(csv, resolved, { ...frameOptions, format: 'csv' });
}
