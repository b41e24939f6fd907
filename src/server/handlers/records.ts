import { recordDagNames } from '../store/record-store.js';
import type { DateFormat } from '../../values/dates.js';
import { badRequest } from '../refusal.js';
import { CONTENT_TYPES, XML_DECLARATION, renderRows } from '../http/formats.js';
import { CSV_DELIMITERS } from '../../formats/csv.js';
import { readExportOptions } from '../records/export-options.js';
import { csvRecordLines } from '../records/csv-lines.js';
import { buildFlatExport, exportedRecords, flatColumns, flatRows } from '../records/flat-export.js';
import { type IncomingRows, readImportData, readImportObjects } from '../records/import-data.js';
import { eavToFlat, importRecords } from '../records/import-records.js';
import { nextRecordName } from '../records/next-record-name.js';
import { eavRows, renderCsvLines, renderFlat, startEarly } from '../records/render-records.js';
import { filterLogicRows } from '../records/row-filter.js';
import { recalculateValues } from '../records/recalculate.js';
import { deleteRecords, renameRecord } from '../records/delete-records.js';
import { exportColumnMask, limitExport, requireEditableForms } from '../access/form-rights.js';
import {
  type ApiResponse,
  deleteAnswer,
  importAnswer,
  type ProjectCall,
  type ProjectHandler,
  requireRights,
} from './handler.js';

/** Each record's DAG name, for filterLogic's [redcap_data_access_group]: read only for logic, and only with DAGs (it lists the project's records). */
function dagNamesOfRecords(call: ProjectCall, logic: string): Map<string, string> {
  if (logic.trim() === '' || call.project.dags.length === 0) return new Map();
  return recordDagNames(call.db, call.project.id, call.project.dags);
}

/** `content=record, action=export`: flat or EAV rows in csv, json or xml. */
export const exportRecords: ProjectHandler = (call) => {
  requireRights(call, 'api_export');
  const opts = readExportOptions(call.params, call.project);
  // REDCap: the flag only applies to users who are not in a DAG; for the others it reverts to false.
  if (call.user.groupId !== null) opts.exportDataAccessGroups = false;
  if (opts.type === 'eav' && opts.fields && !opts.fields.includes(call.project.schema.recordIdField)) {
    opts.fields = [call.project.schema.recordIdField, ...opts.fields];
  }
  const filter = filterLogicRows(call.project, opts.filterLogic, dagNamesOfRecords(call, opts.filterLogic));
  if (opts.type === 'eav') {
    const exp = limitExport(buildFlatExport(call.db, call.project, call.user, opts, filter), call.project, call.user);
    logExport(call, new Set(exp.rows.map((r) => r[0])).size, exp.rows.length);
    const rows = eavRows(exp, call.project.schema.recordIdField);
    const header = rows[0] ? Object.keys(rows[0]) : [];
    return { contentType: CONTENT_TYPES[call.format], body: renderRows(rows, call.format, header, opts.delimiter) };
  }
  // A flat export streams: rows are rendered and written as their records are read.
  const all = flatColumns(call.project, opts);
  const keep = exportColumnMask(all, call.project, call.user);
  const columns = keep ? all.filter((_, i) => keep[i]) : all;
  const cellsOf = (r: string[]) => (keep ? r.filter((_, i) => keep[i]) : r);
  const headers = { delimiter: opts.delimiter, labelHeaders: opts.rawOrLabelHeaders === 'label' };
  if (call.format === 'csv') {
    // CSV lines are kept per record and line plan (records/csv-lines): an export asked again reads them.
    const exported = exportedRecords(call.db, call.project, call.user, opts);
    const source = { columns: all, shown: columns, cellsOf, filter };
    const lines = csvRecordLines(call.db, call.project, opts, source, exported);
    const body = renderCsvLines(columns, lines, headers, (records, rows) => logExport(call, records, rows));
    return { contentType: CONTENT_TYPES.csv, body: startEarly(body) };
  }
  const records = new Set<string>();
  function* rows(): Generator<string[]> {
    for (const r of flatRows(call.db, call.project, call.user, opts, all, filter)) {
      const cells = cellsOf(r);
      records.add(cells[0]);
      yield cells;
    }
  }
  const body = renderFlat({ columns, rows: rows() }, call.format, headers, (count) =>
    logExport(call, records.size, count),
  );
  return { contentType: CONTENT_TYPES[call.format], body: startEarly(body) };
};

function logExport(call: ProjectCall, records: number, rows: number): void {
  call.log({ action: 'Data export (API)', logType: 'export', details: `${records} records, ${rows} rows` });
}

/** `content=record, action=import`. */
export const importRecordsHandler: ProjectHandler = (call) => {
  requireRights(call, 'api_import');
  const p = call.params;
  const type = p.choice('type', ['flat', 'eav'] as const, 'flat');
  const overwrite = p.choice('overwriteBehavior', ['normal', 'overwrite'] as const, 'normal') === 'overwrite';
  const dateFormat = p.choice('dateFormat', ['YMD', 'MDY', 'DMY'] as const, 'YMD') as DateFormat;
  const returnContent = p.choice('returnContent', ['count', 'ids', 'auto_ids', 'nothing'] as const, 'count');
  const forceAutoNumber = p.flag('forceAutoNumber');
  if (returnContent === 'auto_ids' && !forceAutoNumber)
    throw badRequest('returnContent=auto_ids can only be used with forceAutoNumber=true');
  const delimiter = CSV_DELIMITERS[p.text('csvDelimiter', ',')];
  if (!delimiter) throw badRequest('The value of the parameter "csvDelimiter" is not valid');
  const schema = call.project.schema;
  let input: IncomingRows;
  if (type === 'eav') {
    const eav = readImportObjects(p.get('data'), call.format, delimiter);
    const checkboxes = new Set(schema.fields.filter((f) => f.type === 'checkbox').map((f) => f.name));
    input = eavToFlat(
      { ...eav, rows: eav.rows.map((r) => ({ ...r, record: r.record ?? r[schema.recordIdField] ?? '' })) },
      schema.recordIdField,
      checkboxes,
    );
  } else input = readImportData(p.get('data'), call.format, delimiter);
  requireEditableForms(call.project, call.user, input, overwrite);
  const result = importRecords(call.db, call.project, call.user, input, {
    type,
    overwrite,
    forceAutoNumber,
    dateFormat,
    recalculate: recalculateValues,
  });
  // Answers follow returnFormat, like every import's (see importAnswer).
  const ct = CONTENT_TYPES[call.returnFormat];
  switch (returnContent) {
    case 'nothing':
      return { contentType: ct, body: '' };
    case 'ids':
      return { contentType: ct, body: renderIdList(result.records, call.returnFormat) };
    case 'auto_ids':
      return {
        contentType: ct,
        body: renderIdList(
          result.autoIds.map(([n, s]) => `${n},${s}`),
          call.returnFormat,
        ),
      };
    default:
      return importAnswer(call, result.records.length, true);
  }
};

function renderIdList(ids: string[], format: ProjectCall['format']): string {
  switch (format) {
    case 'json':
      return JSON.stringify(ids);
    case 'csv':
      return ['id', ...ids].join('\n') + '\n';
    case 'xml':
      return `${XML_DECLARATION}\n<ids>${ids.map((i) => `<id>${i.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'))}</id>`).join('')}</ids>\n`;
  }
}

/** `content=record, action=delete`. */
export const deleteRecordsHandler: ProjectHandler = (call) => {
  requireRights(call, 'api_import', 'record_delete');
  const p = call.params;
  const records = p.list('records');
  if (!records) throw badRequest('The parameter "records" is missing');
  const repeat = p.text('repeat_instance');
  if (repeat !== '' && !/^[1-9]\d*$/.test(repeat))
    throw badRequest('The value of the parameter "repeat_instance" is not valid');
  const arm = p.text('arm');
  if (arm !== '' && !/^\d+$/.test(arm)) throw badRequest('The value of the parameter "arm" is not valid');
  const count = deleteRecords(call.db, call.project, call.user, {
    records,
    arm: arm === '' ? undefined : Number(arm),
    instrument: p.text('instrument') || undefined,
    event: p.text('event') || undefined,
    instance: repeat === '' ? undefined : Number(repeat),
  });
  return deleteAnswer(count);
};

/** `content=record, action=rename`. */
export const renameRecordHandler: ProjectHandler = (call) => {
  requireRights(call, 'api_import', 'record_rename');
  const p = call.params;
  const record = p.text('record');
  const newName = p.text('new_record_name');
  if (record === '') throw badRequest('The parameter "record" is missing');
  if (newName === '') throw badRequest('The parameter "new_record_name" is missing');
  const arm = p.text('arm');
  renameRecord(call.db, call.project, call.user, record, newName, arm === '' ? undefined : Number(arm));
  return { contentType: CONTENT_TYPES[call.format], body: '1' };
};

/** `content=generateNextRecordName`: plain text. */
export const generateNextRecordName: ProjectHandler = (call): ApiResponse => {
  requireRights(call, 'api_export');
  return { contentType: 'text/plain; charset=utf-8', body: nextRecordName(call.db, call.project, call.user) };
};
