import type { Db } from './database.js';
import { compareRecords } from './record-order.js';

export interface RecordRow {
  record: string;
  arm_num: number;
  group_id: number | null;
}

export interface StoredValue {
  event_id: number;
  instance: number;
  field_name: string;
  value: string;
}

/** The project's records (one row per record and arm), in REDCap's order, optionally only one DAG's. */
export function listRecords(db: Db, projectId: number, groupId: number | null = null): RecordRow[] {
  const rows = (groupId === null
    ? db.prepare('SELECT record, arm_num, group_id FROM records WHERE project_id = ?').all(projectId)
    : db.prepare('SELECT record, arm_num, group_id FROM records WHERE project_id = ? AND group_id = ?').all(projectId, groupId)) as RecordRow[];
  return rows.sort((a, b) => compareRecords(a.record, b.record) || a.arm_num - b.arm_num);
}

const CHUNK = 500;

/** Every stored value of the given records, grouped by record. */
export function readValues(db: Db, projectId: number, records: readonly string[]): Map<string, StoredValue[]> {
  const out = new Map<string, StoredValue[]>();
  for (let i = 0; i < records.length; i += CHUNK) {
    const chunk = records.slice(i, i + CHUNK);
    const stmt = db.prepare(`SELECT record, event_id, instance, field_name, value FROM data
      WHERE project_id = ? AND record IN (${chunk.map(() => '?').join(',')})`);
    for (const row of stmt.iterate(projectId, ...chunk) as IterableIterator<StoredValue & { record: string }>) {
      let list = out.get(row.record);
      if (!list) out.set(row.record, (list = []));
      list.push({ event_id: row.event_id, instance: row.instance, field_name: row.field_name, value: row.value });
    }
  }
  return out;
}

/** Every stored value of the project, grouped by record (for whole-project exports). */
export function readAllValues(db: Db, projectId: number): Map<string, StoredValue[]> {
  const out = new Map<string, StoredValue[]>();
  const stmt = db.prepare('SELECT record, event_id, instance, field_name, value FROM data WHERE project_id = ?').raw(true);
  for (const row of stmt.iterate(projectId) as IterableIterator<[string, number, number, string, string]>) {
    let list = out.get(row[0]);
    if (!list) out.set(row[0], (list = []));
    list.push({ event_id: row[1], instance: row[2], field_name: row[3], value: row[4] });
  }
  return out;
}
