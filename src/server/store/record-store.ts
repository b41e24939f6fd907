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
  const rows = (
    groupId === null
      ? db.prepare('SELECT record, arm_num, group_id FROM records WHERE project_id = ?').all(projectId)
      : db
          .prepare('SELECT record, arm_num, group_id FROM records WHERE project_id = ? AND group_id = ?')
          .all(projectId, groupId)
  ) as RecordRow[];
  return rows.sort((a, b) => compareRecords(a.record, b.record) || a.arm_num - b.arm_num);
}

const CHUNK = 500;

/** The named records (one row per record and arm), in REDCap's order, optionally only one DAG's. */
export function listNamedRecords(
  db: Db,
  projectId: number,
  names: readonly string[],
  groupId: number | null = null,
): RecordRow[] {
  const unique = [...new Set(names)];
  const rows: RecordRow[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    const marks = chunk.map(() => '?').join(',');
    const found = (
      groupId === null
        ? db
            .prepare(`SELECT record, arm_num, group_id FROM records WHERE project_id = ? AND record IN (${marks})`)
            .all(projectId, ...chunk)
        : db
            .prepare(
              `SELECT record, arm_num, group_id FROM records WHERE project_id = ? AND record IN (${marks}) AND group_id = ?`,
            )
            .all(projectId, ...chunk, groupId)
    ) as RecordRow[];
    rows.push(...found);
  }
  return rows.sort((a, b) => compareRecords(a.record, b.record) || a.arm_num - b.arm_num);
}

/**
 * A record's values packed by SQLite into one JSON array of
 * `[event_id, instance, field_name, value]`: one row per record crosses
 * into JavaScript instead of one per value, which reads an EAV table a
 * few times faster, and JSON keeps any text intact.
 */
const PACKED = 'json_group_array(json_array(event_id, instance, field_name, value))';

/** A stored value as SQLite packs it: `[event_id, instance, field_name, value]`. */
export type PackedValue = [number, number, string, string];

function unpack(out: Map<string, StoredValue[]>, record: string, packed: readonly PackedValue[]): void {
  const list = new Array<StoredValue>(packed.length);
  for (let i = 0; i < packed.length; i++) {
    const v = packed[i];
    list[i] = { event_id: v[0], instance: v[1], field_name: v[2], value: v[3] };
  }
  const existing = out.get(record);
  out.set(record, existing ? existing.concat(list) : list);
}

/**
 * Every stored value of the given records, grouped by record. Most of the
 * project's records are read in one pass over it; fewer through the record index.
 */
export function readValues(db: Db, projectId: number, records: readonly string[]): Map<string, StoredValue[]> {
  const out = new Map<string, StoredValue[]>();
  // A pass over the whole project is worth it only when the records asked for are a large share of it
  // (a batch of a large project's export must not read it all).
  if (
    records.length > 4 * CHUNK &&
    records.length * 2 >=
      (db.prepare('SELECT COUNT(*) FROM records WHERE project_id = ?').pluck().get(projectId) as number)
  ) {
    const wanted = new Set(records);
    const stmt = db.prepare(`SELECT record, ${PACKED} FROM data WHERE project_id = ? GROUP BY record`).raw(true);
    for (const [record, json] of stmt.iterate(projectId) as IterableIterator<[string, string]>) {
      if (wanted.has(record)) unpack(out, record, JSON.parse(json) as PackedValue[]);
    }
    return out;
  }
  for (const [record, packed] of readGroupedValues(db, projectId, records)) unpack(out, record, packed);
  return out;
}

/**
 * The stored values of the given records, packed by SQLite, record by
 * record (records without values are left out); each list straight from
 * JSON.parse, so no object is built per value.
 */
export function readGroupedValues(db: Db, projectId: number, records: readonly string[]): [string, PackedValue[]][] {
  const out: [string, PackedValue[]][] = [];
  for (let i = 0; i < records.length; i += CHUNK) {
    const chunk = records.slice(i, i + CHUNK);
    const rows = db
      .prepare(`SELECT record, ${PACKED} FROM data
      WHERE project_id = ? AND record IN (${chunk.map(() => '?').join(',')}) GROUP BY record`)
      .raw(true)
      .all(projectId, ...chunk) as [string, string][];
    for (const [record, json] of rows) out.push([record, JSON.parse(json) as PackedValue[]]);
  }
  return out;
}

/** Every record of the project and the data access group it belongs to (null: none). */
export function recordGroups(db: Db, projectId: number): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const r of db.prepare('SELECT record, group_id FROM records WHERE project_id = ?').all(projectId) as {
    record: string;
    group_id: number | null;
  }[]) {
    out.set(r.record, r.group_id);
  }
  return out;
}

/** The unique DAG name of every record in a group. */
export function recordDagNames(
  db: Db,
  projectId: number,
  dags: readonly { group_id: number; unique_name: string }[],
): Map<string, string> {
  const names = new Map(dags.map((d) => [d.group_id, d.unique_name]));
  const out = new Map<string, string>();
  for (const r of db
    .prepare('SELECT record, group_id FROM records WHERE project_id = ? AND group_id IS NOT NULL')
    .all(projectId) as { record: string; group_id: number }[]) {
    out.set(r.record, names.get(r.group_id) ?? '');
  }
  return out;
}

/** The arms a record is in, with its group. */
export function recordArms(db: Db, projectId: number, record: string): { arm_num: number; group_id: number | null }[] {
  return db
    .prepare('SELECT arm_num, group_id FROM records WHERE project_id = ? AND record = ?')
    .all(projectId, record) as { arm_num: number; group_id: number | null }[];
}

/** A record's data access group: null for none, undefined when the record does not exist. */
export function recordGroupOf(db: Db, projectId: number, record: string): number | null | undefined {
  const row = db
    .prepare('SELECT group_id FROM records WHERE project_id = ? AND record = ? LIMIT 1')
    .get(projectId, record) as { group_id: number | null } | undefined;
  return row === undefined ? undefined : row.group_id;
}

/**
 * Reads single values of records: the first stored one of a field (in
 * event, then instance order), optionally only in one event.
 */
export function firstValueReader(
  db: Db,
  projectId: number,
): (record: string, field: string, eventId?: number) => string {
  const stmt = db
    .prepare(
      'SELECT value FROM data WHERE project_id = ? AND record = ? AND field_name = ? AND (? = 0 OR event_id = ?) ORDER BY event_id, instance LIMIT 1',
    )
    .pluck();
  return (record, field, eventId) =>
    (stmt.get(projectId, record, field, eventId === undefined ? 0 : 1, eventId ?? 0) as string | undefined) ?? '';
}

/** A record's value of a field at instance 1, in one event (null: the first event that holds it). */
export function firstInstanceValue(
  db: Db,
  projectId: number,
  record: string,
  field: string,
  eventId: number | null,
): string {
  const v = db
    .prepare(`SELECT value FROM data WHERE project_id = ? AND record = ? AND field_name = ? AND instance = 1
    AND (? IS NULL OR event_id = ?) ORDER BY event_id LIMIT 1`)
    .pluck()
    .get(projectId, record, field, eventId, eventId) as string | undefined;
  return v ?? '';
}

/** The names of the project's records (each once). */
export function recordNames(db: Db, projectId: number): string[] {
  return db.prepare('SELECT DISTINCT record FROM records WHERE project_id = ?').pluck().all(projectId) as string[];
}
