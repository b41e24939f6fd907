import { badRequest } from '../refusal.js';
import type { ApiParams } from '../http/params.js';
import { CSV_DELIMITERS } from '../../formats/csv.js';
import type { ProjectState } from '../store/project-state.js';

/** Options of a flat or EAV record export, checked against the project. */
export interface ExportOptions {
  type: 'flat' | 'eav';
  records?: string[];
  fields?: string[];
  forms?: string[];
  events?: string[];
  rawOrLabel: 'raw' | 'label';
  rawOrLabelHeaders: 'raw' | 'label';
  exportCheckboxLabel: boolean;
  exportSurveyFields: boolean;
  exportDataAccessGroups: boolean;
  filterLogic: string;
  dateRangeBegin?: string;
  dateRangeEnd?: string;
  delimiter: string;
  decimalCharacter?: '.' | ',';
  exportBlankForGrayFormStatus: boolean;
}

function notValid(param: string, values: string[]): never {
  throw badRequest(
    `The following values in the parameter "${param}" are not valid: ${values.map((v) => `'${v}'`).join(', ')}`,
  );
}

function dateRange(params: ApiParams, key: string): string | undefined {
  const v = params.text(key);
  if (v === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/.test(v))
    throw badRequest(`The value of the parameter "${key}" is not valid. It must be in the format YYYY-MM-DD HH:MM:SS`);
  return v.length === 10 ? `${v} 00:00:00` : v.length === 16 ? `${v}:00` : v;
}

/** Reads and checks the export parameters (unknown fields, forms and events are refused). */
export function readExportOptions(params: ApiParams, state: ProjectState): ExportOptions {
  const schema = state.schema;
  const fields = params.list('fields');
  if (fields) {
    const bad = fields.filter((f) => {
      const rule = schema.field(f);
      return !rule || rule.kind === 'none';
    });
    if (bad.length) notValid('fields', bad);
  }
  const forms = params.list('forms');
  if (forms) {
    const bad = forms.filter((f) => !schema.form(f));
    if (bad.length) notValid('forms', bad);
  }
  let events = params.list('events');
  if (events && state.schema.longitudinal) {
    const bad = events.filter((e) => !state.eventIds.has(e));
    if (bad.length) notValid('events', bad);
  } else {
    // Classic projects have no events to filter on.
    events = undefined;
  }
  const delimiterParam = params.text('csvDelimiter', ',');
  const delimiter = CSV_DELIMITERS[delimiterParam];
  if (!delimiter) throw badRequest('The value of the parameter "csvDelimiter" is not valid');
  const dec = params.text('decimalCharacter');
  if (dec !== '' && dec !== '.' && dec !== ',' && dec !== 'comma' && dec !== 'dot')
    throw badRequest('The value of the parameter "decimalCharacter" is not valid');
  return {
    type: params.choice('type', ['flat', 'eav'] as const, 'flat'),
    records: params.list('records'),
    fields,
    forms,
    events,
    rawOrLabel: params.choice('rawOrLabel', ['raw', 'label'] as const, 'raw'),
    rawOrLabelHeaders: params.choice('rawOrLabelHeaders', ['raw', 'label'] as const, 'raw'),
    exportCheckboxLabel: params.flag('exportCheckboxLabel'),
    exportSurveyFields: params.flag('exportSurveyFields'),
    exportDataAccessGroups: params.flag('exportDataAccessGroups'),
    filterLogic: params.text('filterLogic'),
    dateRangeBegin: dateRange(params, 'dateRangeBegin'),
    dateRangeEnd: dateRange(params, 'dateRangeEnd'),
    delimiter,
    decimalCharacter: dec === ',' || dec === 'comma' ? ',' : dec === '.' || dec === 'dot' ? '.' : undefined,
    exportBlankForGrayFormStatus: params.flag('exportBlankForGrayFormStatus'),
  };
}
