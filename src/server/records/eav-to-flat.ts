import { type IncomingObjects, type IncomingRows, rowsOfObjects } from './import-data.js';

/** EAV rows (record, field_name, value, …) folded into flat rows keyed by record/event/instance. */
export function eavToFlat(input: IncomingObjects, recordIdField: string, checkboxFields: Set<string>): IncomingRows {
  const rows = new Map<string, Record<string, string>>();
  const columns = new Set<string>([recordIdField]);
  for (const r of input.rows) {
    const key = [
      r.record,
      r.redcap_event_name ?? '',
      r.redcap_repeat_instrument ?? '',
      r.redcap_repeat_instance ?? '',
    ].join('\u0000');
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
  return rowsOfObjects({ columns: [...columns], rows: [...rows.values()], singleObject: input.singleObject });
}
