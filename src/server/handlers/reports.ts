import { reportJson } from '../store/projects-store.js';
import { recordDagNames } from '../store/record-store.js';
import { badRequest } from '../refusal.js';
import { CONTENT_TYPES } from '../http/formats.js';
import { ApiParams } from '../http/params.js';
import type { ReportDefinition } from '../project-definition.js';
import { readExportOptions } from '../records/export-options.js';
import { buildFlatExport, type FlatExport, type RowFilter } from '../records/flat-export.js';
import { renderFlat } from '../records/render-records.js';
import { filterLogicRows } from '../records/row-filter.js';
import type { ProjectState } from '../store/project-state.js';
import { compareRecords } from '../store/record-order.js';
import { limitExport } from '../access/form-rights.js';
import { requireRights, type ProjectCall, type ProjectHandler } from './handler.js';

/** The export options a report call may set; everything else comes from the report. */
const REPORT_PARAMS = ['rawOrLabel', 'rawOrLabelHeaders', 'exportCheckboxLabel', 'csvDelimiter', 'decimalCharacter'];

function storedReport(call: ProjectCall): ReportDefinition {
  const text = call.params.text('report_id');
  if (text === '') throw badRequest('The parameter "report_id" is missing');
  const json = /^\d+$/.test(text) ? reportJson(call.db, call.project.id, Number(text)) : undefined;
  // REDCap answers an unknown report id like any invalid parameter value.
  if (json === undefined) throw badRequest('The value of the parameter "report_id" is not valid');
  return JSON.parse(json) as ReportDefinition;
}

/** A report's event filter: unique event names or event ids, comma-separated; unknown ones are dropped. */
function reportEvents(state: ProjectState, setting: string | undefined): string[] | undefined {
  if (!setting || !state.schema.longitudinal) return undefined;
  const names = setting
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => (state.eventIds.has(s) ? s : /^\d+$/.test(s) ? state.eventNames.get(Number(s)) : undefined))
    .filter((s): s is string => s !== undefined);
  return names.length ? names : undefined;
}

/** Compares two cells for a report's sort: record names in REDCap's order, numbers by value, blanks first. */
function compareCells(a: string, b: string, isRecordId: boolean): number {
  if (isRecordId) return compareRecords(a, b);
  if (a === b) return 0;
  if (a === '') return -1;
  if (b === '') return 1;
  const x = Number(a);
  const y = Number(b);
  if (!Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  return a < b ? -1 : 1;
}

/** Sorts rows by the report's order fields that are among its columns (a stable sort keeps record/event order for ties). */
function sortRows(exp: FlatExport, report: ReportDefinition, recordIdField: string): void {
  const keys = report.orderBy
    .map((o) => ({
      index: exp.columns.findIndex((c) => c.name === o.field),
      descending: o.descending,
      isId: o.field === recordIdField,
    }))
    .filter((k) => k.index >= 0);
  if (keys.length === 0) return;
  exp.rows.sort((r1, r2) => {
    for (const k of keys) {
      const c = compareCells(r1[k.index], r2[k.index], k.isId);
      if (c !== 0) return k.descending ? -c : c;
    }
    return 0;
  });
}

/**
 * Puts the field columns in the report's order (REDCap shows fields as the
 * report lists them, not in dictionary order); the record id and the
 * event, repeat, DAG and survey identifier columns keep leading.
 */
function inReportOrder(exp: FlatExport, fields: readonly string[], recordIdField: string): FlatExport {
  const lead = exp.columns.map((c, i) => (c.special || c.name === recordIdField ? i : -1)).filter((i) => i >= 0);
  const order = [...lead];
  for (const f of fields) {
    exp.columns.forEach((c, i) => {
      if (!order.includes(i) && c.field && (c.field.rule.name === f || c.name === f)) order.push(i);
    });
  }
  exp.columns.forEach((_, i) => {
    if (!order.includes(i)) order.push(i);
  });
  return { columns: order.map((i) => exp.columns[i]), rows: exp.rows.map((r) => order.map((i) => r[i])) };
}

/**
 * `content=report`: a stored report's rows, with the record export's
 * formatting options. The report gives fields, filter logic, order,
 * event and DAG filters, and whether DAG and survey columns are shown;
 * the caller's DAG limits the records as for any export. Fields removed
 * from the project since the report was made are left out, as REDCap does.
 * Checkbox columns stay one per option (`combine_checkbox_values` is a
 * display setting of REDCap's report page).
 */
export const exportReport: ProjectHandler = (call) => {
  requireRights(call, 'api_export');
  const report = storedReport(call);
  const state = call.project;
  const subset = new ApiParams();
  for (const key of REPORT_PARAMS) {
    const v = call.params.get(key);
    if (v !== undefined) subset.add(key, v);
  }
  const opts = readExportOptions(subset, state);
  const settings = report.settings ?? {};
  const fields = report.fields.filter((f) => state.schema.field(f));
  opts.exportSurveyFields = settings.output_survey_fields === '1';
  if (opts.exportSurveyFields) {
    // A survey's timestamp goes just before the first of its fields the report shows.
    const placed = new Set<string>();
    for (let i = 0; i < fields.length; i++) {
      const form = state.schema.field(fields[i])!.form;
      if (state.surveyForms.includes(form) && !placed.has(form)) {
        placed.add(form);
        fields.splice(i++, 0, `${form}_timestamp`);
      }
    }
  }
  opts.fields = fields;
  // REDCap ignores the DAG column for users in a DAG.
  opts.exportDataAccessGroups = settings.output_dags === '1' && call.user.groupId === null;
  opts.events = reportEvents(state, settings.redcap_reports_filter_events);
  opts.filterLogic = report.filterLogic ?? '';
  const groupNames = new Map(state.dags.map((d) => [d.group_id, d.unique_name]));
  const recordDags = recordDagNames(call.db, state.id, state.dags);
  const dagFilter = (settings.redcap_reports_filter_dags ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? (groupNames.get(Number(s)) ?? s) : s));
  const logic = filterLogicRows(state, opts.filterLogic, recordDags);
  const filter: RowFilter | undefined =
    dagFilter.length === 0
      ? logic
      : (row, rows) => dagFilter.includes(recordDags.get(row.record) ?? '') && (!logic || logic(row, rows));
  const exp = limitExport(
    inReportOrder(buildFlatExport(call.db, state, call.user, opts, filter), fields, state.schema.recordIdField),
    state,
    call.user,
  );
  sortRows(exp, report, state.schema.recordIdField);
  call.log({
    action: 'Export report (API)',
    logType: 'export',
    details: `report_id = ${report.report_id} ("${report.title}"), ${exp.rows.length} rows`,
  });
  return {
    contentType: CONTENT_TYPES[call.format],
    body: renderFlat(exp, call.format, { delimiter: opts.delimiter, labelHeaders: opts.rawOrLabelHeaders === 'label' }),
  };
};
