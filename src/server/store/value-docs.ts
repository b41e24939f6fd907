import { type Db, prepared } from './database.js';
import { rebuildWithoutRowidTable } from './rowid-tables.js';
import { ENTRY, PART, holdsSeparator, isJsonText } from './separated-text.js';

/** A stored value: `[event_id, instance, field_name, value]` (a checkbox has one per checked code). */
export type PackedValue = [number, number, string, string];

/**
 * A record's values, kept as one row: its list of
 * `[event_id, instance, field_name, value]`, in the order they were
 * written (as text: `encodeValues`). The API still speaks REDCap's EAV (one value per event,
 * instance and field), and every reader gets those rows; but a write of a
 * record is one statement instead of one per value, which is what makes
 * imports and project loads of 100,000 × 100 values take seconds (an EAV
 * row costs about 1 µs in SQLite's B-trees alone, before any binding).
 * A rowid table: see store/rowid-tables.
 */
const RECORD_VALUES_TABLE = `
CREATE TABLE IF NOT EXISTS record_values (
  project_id INTEGER NOT NULL,
  record TEXT NOT NULL,
  packed TEXT NOT NULL,
  PRIMARY KEY (project_id, record)
);
`;

/** Makes the values table (rebuilding one of an older database, see rowid-tables). */
export function createValueDocs(db: Db): void {
  rebuildWithoutRowidTable(db, 'record_values', RECORD_VALUES_TABLE, true);
  db.exec(RECORD_VALUES_TABLE);
}

/**
 * A record's values as separated text, an entry per value (about a
 * quarter shorter than JSON); JSON when a value holds a separator (field
 * names cannot).
 */
export function encodeValues(values: readonly PackedValue[]): string {
  const entries = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (holdsSeparator(v[3])) return JSON.stringify(values);
    entries[i] = entryHead(v[0], v[1], v[2]) + v[3];
  }
  return entries.join(ENTRY);
}

/** What stands before a value in its entry: `event PART instance PART field PART`. */
export function entryHead(eventId: number, instance: number, field: string): string {
  return `${eventId}${PART}${instance}${PART}${field}${PART}`;
}

export function decodeValues(text: string): PackedValue[] {
  if (isJsonText(text)) return JSON.parse(text) as PackedValue[];
  const entries = text.split(ENTRY);
  const out = new Array<PackedValue>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const p = entries[i].split(PART);
    out[i] = [Number(p[0]), Number(p[1]), p[2], p[3]];
  }
  return out;
}

/**
 * Databases written before values were kept by record hold them in the
 * EAV table `data`, one row per value: they move, record by record in the
 * order they were written, and the table goes (its triggers with it).
 */
export function moveEavRows(db: Db): void {
  const old = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'data'").get();
  if (old === undefined) return;
  db.transaction(() => {
    db.exec(`INSERT OR REPLACE INTO record_values (project_id, record, packed)
      SELECT project_id, record, json_group_array(json_array(event_id, instance, field_name, value))
      FROM (SELECT * FROM data ORDER BY project_id, record, rowid) GROUP BY project_id, record;
      DROP TABLE data;`);
  })();
}

/** Reads and writes whole records' values, with statements prepared once per database. */
export class ValueDocs {
  private readonly one;
  private readonly put;
  private readonly drop;
  private readonly all;

  constructor(private readonly db: Db) {
    this.one = db.prepare('SELECT packed FROM record_values WHERE project_id = ? AND record = ?').pluck();
    this.put = db.prepare('INSERT OR REPLACE INTO record_values (project_id, record, packed) VALUES (?, ?, ?)');
    this.drop = db.prepare('DELETE FROM record_values WHERE project_id = ? AND record = ?');
    this.all = db.prepare('SELECT record, packed FROM record_values WHERE project_id = ?').raw(true);
  }

  /** The record's values (none for a record without any). */
  read(projectId: number, record: string): PackedValue[] {
    const json = this.one.get(projectId, record) as string | undefined;
    return json === undefined ? [] : decodeValues(json);
  }

  /** Replaces the record's values; no values removes its row. */
  write(projectId: number, record: string, values: readonly PackedValue[]): void {
    this.writeText(projectId, record, values.length === 0 ? '' : encodeValues(values));
  }

  /** Replaces the record's values with their stored text (as `encodeValues` makes it); '' removes its row. */
  writeText(projectId: number, record: string, text: string): void {
    if (text === '') this.drop.run(projectId, record);
    else this.put.run(projectId, record, text);
  }

  /** Every record of the project that has values, with them (in no particular record order). */
  *each(projectId: number): Generator<[string, PackedValue[]]> {
    for (const [record, json] of this.all.iterate(projectId) as IterableIterator<[string, string]>)
      yield [record, decodeValues(json)];
  }

  /** The values of the named records that have any, read in chunks of 500. */
  readMany(projectId: number, records: readonly string[]): [string, PackedValue[]][] {
    const out: [string, PackedValue[]][] = [];
    for (let i = 0; i < records.length; i += 500) {
      const chunk = records.slice(i, i + 500);
      const rows = prepared(
        this.db,
        `SELECT record, packed FROM record_values WHERE project_id = ? AND record IN (${chunk.map(() => '?').join(',')})`,
      )
        .raw(true)
        .all(projectId, ...chunk) as [string, string][];
      for (const [record, json] of rows) out.push([record, decodeValues(json)]);
    }
    return out;
  }

  /** Rewrites every record of the project whose values `change` alters (it returns null to leave one as it is). */
  rewriteAll(projectId: number, change: (record: string, values: PackedValue[]) => PackedValue[] | null): void {
    const changed: [string, PackedValue[]][] = [];
    for (const [record, values] of this.each(projectId)) {
      const next = change(record, values);
      if (next) changed.push([record, next]);
    }
    for (const [record, values] of changed) this.write(projectId, record, values);
  }
}

const docsOf = new WeakMap<Db, ValueDocs>();

/** The database's value documents (one statement set per database). */
export function valueDocs(db: Db): ValueDocs {
  let docs = docsOf.get(db);
  if (!docs) docsOf.set(db, (docs = new ValueDocs(db)));
  return docs;
}
