import { type Db, prepared } from './database.js';
import { compareRecords } from './record-order.js';
import { type PackedValue, valueDocs } from './value-docs.js';

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
        ? prepared(
            db,
            `SELECT record, arm_num, group_id FROM records WHERE project_id = ? AND record IN (${marks})`,
          ).all(projectId, ...chunk)
        : prepared(
            db,
            `SELECT record, arm_num, group_id FROM records WHERE project_id = ? AND record IN (${marks}) AND group_id = ?`,
          ).all(projectId, ...chunk, groupId)
    ) as RecordRow[];
    rows.push(...found);
  }
  return rows.sort((a, b) => compareRecords(a.record, b.record) || a.arm_num - b.arm_num);
}

export type { PackedValue } from './value-docs.js';

function unpack(out: Map<string, StoredValue[]>, record: string, packed: readonly PackedValue[]): void {
  const list = new Array<StoredValue>(packed.length);
  for (let i = 0; i < packed.length; i++) {
    const v = packed[i];
    list[i] = { event_id: v[0], instance: v[1], field_name: v[2], value: v[3] };
  }
  out.set(record, list);
}

/** How many records the project has (one per record and arm). */
export function countRecords(db: Db, projectId: number): number {
  return prepared(db, 'SELECT COUNT(*) FROM records WHERE project_id = ?').pluck().get(projectId) as number;
}

/**
 * Every stored value of the given records, grouped by record. Most of the
 * project's records are read in one pass over it; fewer by their names.
 */
export function readValues(db: Db, projectId: number, records: readonly string[]): Map<string, StoredValue[]> {
  const out = new Map<string, StoredValue[]>();
  // A pass over the whole project is worth it only when the records asked for are a large share of it
  // (a batch of a large project's export must not read it all).
  if (records.length > 4 * CHUNK && records.length * 2 >= countRecords(db, projectId)) {
    const wanted = new Set(records);
    for (const [record, values] of valueDocs(db).each(projectId)) if (wanted.has(record)) unpack(out, record, values);
    return out;
  }
  for (const [record, packed] of readGroupedValues(db, projectId, records)) unpack(out, record, packed);
  return out;
}

/** The stored values of the given records, record by record (records without values are left out). */
export function readGroupedValues(db: Db, projectId: number, records: readonly string[]): [string, PackedValue[]][] {
  return valueDocs(db).readMany(projectId, records);
}

/** The data access group of each named record that exists (null: none). */
export function recordGroupsOf(db: Db, projectId: number, names: Iterable<string>): Map<string, number | null> {
  const unique = [...new Set(names)];
  const out = new Map<string, number | null>();
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    const rows = prepared(
      db,
      `SELECT record, group_id FROM records WHERE project_id = ? AND record IN (${chunk.map(() => '?').join(',')})`,
    )
      .raw(true)
      .all(projectId, ...chunk) as [string, number | null][];
    for (const [record, group] of rows) out.set(record, group);
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

/** The first value of `field` in `values`, in event (id), then instance order, among those `keep` accepts. */
function firstValue(values: readonly PackedValue[], field: string, keep: (v: PackedValue) => boolean): string {
  let best: PackedValue | undefined;
  for (const v of values) {
    if (v[2] !== field || !keep(v)) continue;
    if (!best || v[0] < best[0] || (v[0] === best[0] && v[1] < best[1])) best = v;
  }
  return best?.[3] ?? '';
}

/**
 * Reads single values of records: the first stored one of a field (in
 * event, then instance order), optionally only in one event.
 */
export function firstValueReader(
  db: Db,
  projectId: number,
): (record: string, field: string, eventId?: number) => string {
  const docs = valueDocs(db);
  return (record, field, eventId) =>
    firstValue(docs.read(projectId, record), field, (v) => eventId === undefined || v[0] === eventId);
}

/** A record's value of a field at instance 1, in one event (null: the first event that holds it). */
export function firstInstanceValue(
  db: Db,
  projectId: number,
  record: string,
  field: string,
  eventId: number | null,
): string {
  return firstValue(
    valueDocs(db).read(projectId, record),
    field,
    (v) => v[1] === 1 && (eventId === null || v[0] === eventId),
  );
}

/** The names of the project's records (each once). */
export function recordNames(db: Db, projectId: number): string[] {
  return db.prepare('SELECT DISTINCT record FROM records WHERE project_id = ?').pluck().all(projectId) as string[];
}
