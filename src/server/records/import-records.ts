import { toStoredDate, type DateFormat } from '../../values/dates.js';
import { checkValue } from '../../values/validate.js';
import { quotedCsvCell } from '../../formats/csv.js';
import type { ApiUser } from '../auth/api-user.js';
import { type Refusal, badRequest, forbidden } from '../refusal.js';
import type { Db } from '../store/database.js';
import { writeLog } from '../store/log-store.js';
import type { ProjectState } from '../store/project-state.js';
import type { IncomingRows } from './import-data.js';
import { nextRecordName } from './next-record-name.js';
import type { CalcChange } from './recalculate.js';
import type { StoredValue } from '../store/record-store.js';

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
interface Problem {
  record: string;
  field: string;
  value: string;
  message: string;
}

const SPECIAL = new Set([
  'redcap_event_name', 'redcap_repeat_instrument', 'redcap_repeat_instance',
  'redcap_data_access_group', 'redcap_survey_identifier',
]);

/** A cell write planned after validation. */
interface Write {
  field: string;
  /** Checkbox option code, when the cell is one checkbox column. */
  code?: string;
  value: string;
}

interface PlannedRow {
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
function problemsError(problems: Problem[]): Refusal {
  return badRequest(problems.map((p) => [p.record, p.field, p.value, p.message].map(quotedCsvCell).join(',')).join('\n'));
}

/** EAV rows (record, field_name, value, …) folded into flat rows keyed by record/event/instance. */
export function eavToFlat(input: IncomingRows, recordIdField: string, checkboxFields: Set<string>): IncomingRows {
  const rows = new Map<string, Record<string, string>>();
  const columns = new Set<string>([recordIdField]);
  for (const r of input.rows) {
    const key = [r.record, r.redcap_event_name ?? '', r.redcap_repeat_instrument ?? '', r.redcap_repeat_instance ?? ''].join('\u0000');
    let row = rows.get(key);
    if (!row) {
      row = { [recordIdField]: r.record ?? '' };
      for (const s of ['redcap_event_name', 'redcap_repeat_instrument', 'redcap_repeat_instance']) {
        if (r[s] !== undefined) {
          row[s] = r[s];
          columns.add(s);
        }
      }
      rows.set(key, row);
    }
    const field = r.field_name ?? '';
    if (checkboxFields.has(field)) {
      // A checkbox in EAV form: one row per checked code.
      const col = `${field}___${(r.value ?? '').toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
      row[col] = '1';
      columns.add(col);
    } else {
      row[field] = r.value ?? '';
      columns.add(field);
    }
  }
  return { columns: [...columns], rows: [...rows.values()], singleObject: input.singleObject };
}

/**
 * Validates every row of an import the way REDCap does and, only when
 * nothing fails, writes it all in one transaction. All failures are
 * reported together; nothing is written when any value fails.
 */
export function importRecords(db: Db, state: ProjectState, user: ApiUser, input: IncomingRows, opts: ImportOptions): ImportResult {
  const schema = state.schema;
  const idField = schema.recordIdField;
  if (input.singleObject || input.rows.length === 0) return { records: [], autoIds: [] };
  if (!input.columns.includes(idField)) {
    throw badRequest(`The record ID field ('${idField}') must be included in the imported data`);
  }
  const longitudinal = state.events.length > 0;
  const unknown = input.columns.filter((c) => !SPECIAL.has(c) && !schema.column(c));
  if (unknown.length) {
    throw badRequest(`The following fields were not found in the project as real data fields: ${unknown.join(', ')}`);
  }
  // Without a redcap_event_name column, rows go to the first event. PyCap's
  // doctests import {"record_id": 3, "redcap_repeat_instance": 1, "field_1": 1}
  // into a two-event project, get {'count': 1}, and export the record in
  // event_1_arm_1 (redcap/methods/records.py, import_records and delete_records).
  const firstEvent = longitudinal && !input.columns.includes('redcap_event_name') ? state.events[0]?.unique_event_name ?? '' : undefined;
  const dagByName = new Map(state.dags.map((d) => [d.unique_name, d.group_id]));
  const problems: Problem[] = [];
  const planned: PlannedRow[] = [];
  const ctx = { missingCodes: schema.missingCodeSet, now: new Date() };
  const seenKeys = new Set<string>();

  input.rows.forEach((row) => {
    const record = (row[idField] ?? '').trim();
    if (record === '') {
      problems.push({ record: '', field: idField, value: '', message: 'The record ID cannot be blank' });
      return;
    }
    let event = '';
    let eventId = state.defaultEventId;
    if (longitudinal) {
      event = firstEvent ?? (row.redcap_event_name ?? '').trim();
      const id = state.eventIds.get(event);
      if (id === undefined) {
        problems.push({ record, field: 'redcap_event_name', value: event, message: `The event name '${event}' is not a valid unique event name` });
        return;
      }
      eventId = id;
    }
    const repeatForm = (row.redcap_repeat_instrument ?? '').trim();
    const instanceText = (row.redcap_repeat_instance ?? '').trim();
    let instance: number | 'new' | null = null;
    if (repeatForm !== '') {
      if (!schema.isRepeatingForm(repeatForm, event)) {
        problems.push({ record, field: 'redcap_repeat_instrument', value: repeatForm,
          message: 'redcap_repeat_instrument must be the unique form name of a Repeating Instrument in this event. It is not, or the instrument does not exist.' });
        return;
      }
    } else if (instanceText !== '' && !schema.isRepeatingEvent(event)) {
      problems.push({ record, field: 'redcap_repeat_instance', value: instanceText,
        message: 'redcap_repeat_instance cannot have a value since this instrument or event is not a repeating instrument or repeating event.' });
      return;
    }
    const repeating = repeatForm !== '' || schema.isRepeatingEvent(event);
    if (repeating) {
      if (instanceText === 'new' && opts.type === 'flat') instance = 'new';
      else if (/^[1-9]\d*$/.test(instanceText)) instance = Number(instanceText);
      else {
        problems.push({ record, field: 'redcap_repeat_instance', value: instanceText,
          message: 'redcap_repeat_instance must be a whole number greater than 0 (or "new") for a repeating instrument or event' });
        return;
      }
    }
    const key = `${record}\u0000${event}\u0000${repeatForm}\u0000${instance ?? ''}`;
    if (instance !== 'new') {
      if (seenKeys.has(key)) {
        problems.push({ record, field: idField, value: record, message: 'This record, event and instance appear more than once in the imported data' });
        return;
      }
      seenKeys.add(key);
    }
    const plan: PlannedRow = { sentRecord: record, eventId, event, repeatForm, instance, writes: [], forms: new Set() };
    const dagText = row.redcap_data_access_group;
    if (dagText !== undefined && dagText.trim() !== '') {
      const dag = dagText.trim();
      if (!dagByName.has(dag)) {
        problems.push({ record, field: 'redcap_data_access_group', value: dag, message: 'The value is not a valid unique data access group name' });
      } else if (user.groupId !== null && dagByName.get(dag) !== user.groupId) {
        problems.push({ record, field: 'redcap_data_access_group', value: dag, message: 'You are in a data access group and cannot assign records to another group' });
      } else plan.dag = dag;
    }
    for (const column of input.columns) {
      if (SPECIAL.has(column) || column === idField) continue;
      const col = schema.column(column)!;
      if (col.surveyTimestamp) continue; // survey pseudo-fields are ignored, as REDCap does
      const raw = row[column] ?? '';
      const rule = col.rule;
      const applies = schema.isFormInEvent(col.form, event)
        && (repeatForm !== '' ? col.form === repeatForm : repeating || !schema.isRepeatingForm(col.form, event));
      if (raw === '') {
        // A blank erases only in overwrite mode, and only where the field belongs to this row.
        if (opts.overwrite && applies && rule.importable) plan.writes.push({ field: rule.name, code: col.code, value: '' });
        continue;
      }
      if (!schema.isFormInEvent(col.form, event)) {
        problems.push({ record, field: column, value: raw, message: `This field ('${column}') exists on an instrument that is not designated for the event named '${event}'` });
        continue;
      }
      if (!applies) {
        problems.push({ record, field: column, value: raw, message: repeatForm !== ''
          ? `This field ('${column}') is not on the repeating instrument '${repeatForm}' of this row`
          : `This field ('${column}') is on a repeating instrument: give redcap_repeat_instrument and redcap_repeat_instance` });
        continue;
      }
      // Calc values are accepted: PyCap's live-server test_import_df_no_index
      // imports a whole exported frame, calc columns included, and gets a
      // count back. They are written, then recomputed with the record's
      // other calcs below, as REDCap calculates on import.
      if (rule.type === 'file') {
        problems.push({ record, field: column, value: raw, message: 'This is a file upload field: upload files with the file import method' });
        continue;
      }
      const value = rule.kind === 'date' || rule.kind === 'datetime' ? toStoredDate(raw.trim(), opts.dateFormat) : raw;
      const message = checkValue(rule, col.code !== undefined ? value.trim() : value, ctx);
      if (message) {
        problems.push({ record, field: column, value: raw, message });
        continue;
      }
      plan.writes.push({ field: rule.name, code: col.code, value: col.code !== undefined ? value.trim() : value });
      if (rule.type !== 'complete' && !(col.code !== undefined && value.trim() === '0')) plan.forms.add(col.form);
    }
    planned.push(plan);
  });

  // Records that exist, and the DAG each belongs to.
  const existing = new Map<string, number | null>();
  for (const r of db.prepare('SELECT record, group_id FROM records WHERE project_id = ?').all(state.id) as { record: string; group_id: number | null }[]) {
    existing.set(r.record, r.group_id);
  }
  if (!opts.forceAutoNumber) {
    const reported = new Set<string>();
    for (const p of planned) {
      if (reported.has(p.sentRecord)) continue;
      const has = existing.has(p.sentRecord);
      if (has && user.groupId !== null && existing.get(p.sentRecord) !== user.groupId) {
        problems.push({ record: p.sentRecord, field: idField, value: p.sentRecord, message: 'This record belongs to a data access group you cannot access' });
        reported.add(p.sentRecord);
      } else if (!has && !user.rights.record_create) {
        problems.push({ record: p.sentRecord, field: idField, value: p.sentRecord, message: 'You do not have Create Record privileges' });
        reported.add(p.sentRecord);
      }
    }
  } else if (!user.rights.record_create) {
    throw forbidden('You do not have Create Record privileges');
  }
  if (problems.length) throw problemsError(problems);

  const result: ImportResult = { records: [], autoIds: [] };
  const write = db.transaction(() => {
    const renamed = new Map<string, string>();
    const nameOf = (sent: string): string => {
      if (!opts.forceAutoNumber) return sent;
      let name = renamed.get(sent);
      if (!name) {
        name = nextRecordName(db, state, user, new Set(renamed.values()));
        renamed.set(sent, name);
        result.autoIds.push([name, sent]);
      }
      return name;
    };
    const del = db.prepare('DELETE FROM data WHERE project_id = ? AND record = ? AND event_id = ? AND instance = ? AND field_name = ?');
    const delCode = db.prepare('DELETE FROM data WHERE project_id = ? AND record = ? AND event_id = ? AND instance = ? AND field_name = ? AND value = ?');
    const ins = db.prepare('INSERT INTO data (project_id, event_id, record, field_name, instance, value) VALUES (?, ?, ?, ?, ?, ?)');
    const stored = db.prepare('SELECT event_id, instance, field_name, value FROM data WHERE project_id = ? AND record = ?').raw(true);
    const addRecord = db.prepare('INSERT OR IGNORE INTO records (project_id, arm_num, record, group_id, created_seq) VALUES (?, ?, ?, ?, ?)');
    const setDag = db.prepare('UPDATE records SET group_id = ? WHERE project_id = ? AND record = ?');
    let seq = (db.prepare('SELECT COALESCE(MAX(created_seq), 0) FROM records WHERE project_id = ?').pluck().get(state.id) as number);
    const formOf = new Map(schema.fields.map((f) => [f.name, f.form]));
    const changes = new Map<string, string[]>();
    const written = new Set<string>();

    // What one record holds now, read once: `event|instance|field` → value, or the checked codes of a checkbox.
    let current = '';
    let values = new Map<string, string>();
    let checked = new Map<string, Set<string>>();
    // Calc fields are recomputed from the values in memory once a record's rows are all written.
    const recalculate = opts.recalculate;
    const flushCalcs = () => {
      if (!recalculate || current === '' || !written.has(current)) return;
      const list: StoredValue[] = [];
      for (const [key, value] of values) {
        const [e, i, field] = key.split('|');
        list.push({ event_id: Number(e), instance: Number(i), field_name: field, value });
      }
      for (const [key, codes] of checked) {
        const [e, i, field] = key.split('|');
        for (const code of codes) list.push({ event_id: Number(e), instance: Number(i), field_name: field, value: code });
      }
      for (const c of recalculate(state, current, list)) {
        if (c.stored) del.run(state.id, current, c.eventId, c.instance, c.field);
        if (c.value !== '') ins.run(state.id, c.eventId, current, c.field, c.instance, c.value);
        const key = `${c.eventId}|${c.instance}|${c.field}`;
        if (c.value !== '') values.set(key, c.value);
        else values.delete(key);
      }
    };
    const load = (record: string) => {
      if (record === current) return;
      flushCalcs();
      current = record;
      values = new Map();
      checked = new Map();
      if (!existing.has(record) && !written.has(record)) return;
      for (const [eventId, instance, field, value] of stored.iterate(state.id, record) as IterableIterator<[number, number, string, string]>) {
        const key = `${eventId}|${instance}|${field}`;
        if (schema.field(field)?.type === 'checkbox') {
          let set = checked.get(key);
          if (!set) checked.set(key, (set = new Set()));
          set.add(value);
        } else values.set(key, value);
      }
    };
    const nextInstance = (eventId: number, form: string): number => {
      let max = 0;
      const prefix = `${eventId}|`;
      for (const map of [values, checked] as Map<string, unknown>[]) {
        for (const key of map.keys()) {
          if (!key.startsWith(prefix)) continue;
          const [, inst, field] = key.split('|');
          if (form === '' || formOf.get(field) === form || field === `${form}_complete`) max = Math.max(max, Number(inst));
        }
      }
      return max + 1;
    };

    for (const p of planned) {
      const record = nameOf(p.sentRecord);
      load(record);
      const arm = state.eventArm.get(p.eventId) ?? 1;
      const groupId = existing.has(record) ? existing.get(record)! : p.dag ? dagByName.get(p.dag) ?? null : user.groupId;
      addRecord.run(state.id, arm, record, groupId, ++seq);
      if (p.dag) setDag.run(dagByName.get(p.dag)!, state.id, record);
      const instance = p.instance === 'new' ? nextInstance(p.eventId, p.repeatForm) : p.instance ?? 1;
      let log = changes.get(record);
      if (!log) changes.set(record, (log = []));
      const setValue = (field: string, inst: number, value: string): boolean => {
        const key = `${p.eventId}|${inst}|${field}`;
        const old = values.get(key);
        if (old === value || (old === undefined && value === '')) return false;
        if (old !== undefined) del.run(state.id, record, p.eventId, inst, field);
        if (value !== '') {
          ins.run(state.id, p.eventId, record, field, inst, value);
          values.set(key, value);
        } else values.delete(key);
        return true;
      };
      // The record id is stored in every event (and repeating-event instance) that holds data.
      const idInstance = schema.isRepeatingEvent(p.event) ? instance : 1;
      if (!values.has(`${p.eventId}|${idInstance}|${idField}`)) setValue(idField, idInstance, record);
      for (const w of p.writes) {
        if (w.code !== undefined) {
          const key = `${p.eventId}|${instance}|${w.field}`;
          let set = checked.get(key);
          const isChecked = set?.has(w.code) ?? false;
          if (w.value === '1' && !isChecked) {
            ins.run(state.id, p.eventId, record, w.field, instance, w.code);
            if (!set) checked.set(key, (set = new Set()));
            set.add(w.code);
            log.push(`${w.field}(${w.code}) = checked`);
          } else if ((w.value === '0' || w.value === '') && isChecked) {
            delCode.run(state.id, record, p.eventId, instance, w.field, w.code);
            set!.delete(w.code);
            log.push(`${w.field}(${w.code}) = unchecked`);
          }
          continue;
        }
        if (setValue(w.field, instance, w.value)) log.push(`${w.field} = '${w.value}'`);
      }
      // A form that receives data and has no status yet becomes Incomplete, as in REDCap.
      for (const form of p.forms) {
        const name = `${form}_complete`;
        if (!values.has(`${p.eventId}|${instance}|${name}`)) setValue(name, instance, '0');
      }
      if (!written.has(record)) {
        written.add(record);
        result.records.push(record);
      }
    }
    flushCalcs();
    for (const [record, lines] of changes) {
      const isNew = !existing.has(record);
      writeLog(db, {
        projectId: state.id, username: user.username, groupId: user.groupId, record,
        action: isNew ? 'Create record (API)' : 'Update record (API)',
        logType: isNew ? 'record_add' : 'record_edit',
        details: lines.join(', '),
      });
    }
  });
  write();
  return result;
}
