import { DICTIONARY_COLUMNS } from '../../schema/types.js';
import { badRequest } from '../refusal.js';
import { CONTENT_TYPES, renderRows } from '../http/formats.js';
import { readImportObjects } from '../records/import-data.js';
import { projectState } from '../store/project-state.js';
import { replaceDictionary } from '../store/replace-dictionary.js';
import { normalizeDictionary, validateDictionary } from '../structure/validate-dictionary.js';
import { importAnswer, type ProjectHandler, requireRights } from './handler.js';

function notValid(param: string, values: string[]): never {
  throw badRequest(
    `The following values in the parameter "${param}" are not valid: ${values.map((v) => `'${v}'`).join(', ')}`,
  );
}

/** `content=metadata`: the data dictionary, optionally some fields or forms. */
export const exportMetadata: ProjectHandler = (call) => {
  requireRights(call, 'api_export');
  const { dictionary, schema } = call.project;
  const fields = call.params.list('fields');
  const forms = call.params.list('forms');
  if (fields) {
    const bad = fields.filter((f) => !dictionary.some((r) => r.field_name === f));
    if (bad.length) notValid('fields', bad);
  }
  if (forms) {
    const bad = forms.filter((f) => !schema.form(f));
    if (bad.length) notValid('forms', bad);
  }
  const rows =
    fields || forms
      ? dictionary.filter((r) => fields?.includes(r.field_name) || forms?.includes(r.form_name))
      : dictionary;
  return {
    contentType: CONTENT_TYPES[call.format],
    body: renderRows(rows as unknown as Record<string, string>[], call.format, DICTIONARY_COLUMNS),
  };
};

/** `content=metadata, action=import`: replaces the dictionary (development projects only). */
export const importMetadata: ProjectHandler = (call) => {
  requireRights(call, 'design');
  if (call.project.info.in_production === 1)
    throw badRequest('The data dictionary can only be imported while the project is in development status');
  const input = readImportObjects(call.params.get('data'), call.format);
  const rows = normalizeDictionary(input.rows);
  validateDictionary(rows);
  replaceDictionary(call.db, call.project, rows);
  call.log({ action: 'Upload data dictionary (API)', logType: 'manage', details: `${rows.length} fields` });
  projectState(call.db, call.project.id);
  return importAnswer(call, rows.length);
};

/**
 * `content=exportFieldNames`: export column names per field (checkboxes
 * one per option), without file upload fields. PyCap's doctest of
 * export_field_names lists record_id, field_1, both checkbox columns and
 * form_1_complete but not the project's upload_field; its live-server
 * test_export_field_names counts 16 rows for the simple project, calc
 * fields included.
 */
export const exportFieldNames: ProjectHandler = (call) => {
  requireRights(call, 'api_export');
  const schema = call.project.schema;
  const only = call.params.text('field');
  if (only !== '' && (!schema.field(only) || schema.field(only)!.kind === 'none')) notValid('field', [only]);
  const rows: Record<string, string>[] = [];
  for (const col of schema.exportColumns()) {
    if (only !== '' && col.rule.name !== only) continue;
    if (col.rule.type === 'file') continue;
    rows.push({ original_field_name: col.rule.name, choice_value: col.code ?? '', export_field_name: col.name });
  }
  return {
    contentType: CONTENT_TYPES[call.format],
    body: renderRows(rows, call.format, ['original_field_name', 'choice_value', 'export_field_name']),
  };
};

/** `content=instrument`: instruments in project order. */
export const exportInstruments: ProjectHandler = (call) => {
  requireRights(call, 'api_export');
  return {
    contentType: CONTENT_TYPES[call.format],
    body: renderRows(call.project.instruments as unknown as Record<string, string>[], call.format, [
      'instrument_name',
      'instrument_label',
    ]),
  };
};
