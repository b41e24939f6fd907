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

/** The named records (one row per record and arm), in REDCap's order, optionally only one DAG's. */
export function listNamedRecords(db: Db, projectId: number, names: readonly string[], groupId: number | null = null): RecordRow[] {
  const unique = [...new Set(names)];
  const rows: RecordRow[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    const marks = chunk.map(() => '?').join(',');
    const found = (groupId === null
      ? db.prepare(`SELECT record, arm_num, group_id FROM records WHERE project_id = ? AND record IN (${marks})`).all(projectId, ...chunk)
      : db.prepare(`SELECT record, arm_num, group_id FROM records WHERE project_id = ? AND record IN (${marks}) AND group_id = ?`).all(projectId, ...chunk, groupId)) as RecordRow[];
    rows.push(...found);
  }
  return rows.sort((a, b) => compareRecords(a.record, b.record) || a.arm_num - b.arm_num);
}

function add(out: Map<string, StoredValue[]>, record: string, v: StoredValue): void {
  let list = out.get(record);
  if (!list) out.set(record, (list = []));
  list.push(v);
}

/**
 * Every stored value of the given records, grouped by record. Most of the
 * project's records are read in one scan of it; fewer through the record index.
 */
export function readValues(db: Db, projectId: number, records: readonly string[]): Map<string, StoredValue[]> {
  const out = new Map<string, StoredValue[]>();
  // A scan reads the whole project: worth it only when the records asked for are a large share of it
  // (a batch of a large project's export must not scan it all).
  if (records.length > 4 * CHUNK && records.length * 2 >= (db.prepare('SELECT COUNT(*) FROM records WHERE project_id = ?').pluck().get(projectId) as number)) {
    const wanted = new Set(records);
    const stmt = db.prepare('SELECT record, event_id, instance, field_name, value FROM data WHERE project_id = ?').raw(true);
    for (const r of stmt.iterate(projectId) as IterableIterator<[string, number, number, string, string]>) {
      if (wanted.has(r[0])) add(out, r[0], { event_id: r[1], instance: r[2], field_name: r[3], value: r[4] });
    }
    return out;
  }
  for (let i = 0; i < records.length; i += CHUNK) {
    const chunk = records.slice(i, i + CHUNK);
    const stmt = db.prepare(`SELECT record, event_id, instance, field_name, value FROM data
      WHERE project_id = ? AND record IN (${chunk.map(() => '?').join(',')})`).raw(true);
    for (const r of stmt.iterate(projectId, ...chunk) as IterableIterator<[string, number, number, string, string]>) {
      add(out, r[0], { event_id: r[1], instance: r[2], field_name: r[3], value: r[4] });
    }
  }
  return out;
}
