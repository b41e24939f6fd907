import { dropCopiesOnWrite } from './copy-triggers.js';
import { rebuildWithoutRowidTable } from './rowid-tables.js';
import { type Db, prepared } from './database.js';

/**
 * Each record's export rows, packed (by records/packed-rows) beside the
 * record's values, so that an export reads rows ready to render. A pack
 * is only a copy: triggers drop a record's pack whenever its values are
 * written (by any code path), a pack made under an older structure
 * version is ignored, and a read packs again what it finds missing, so
 * the values stay the truth and every rule that reads them is unchanged.
 * (`record_packs` held an older format: dropped with its triggers.)
 */
const ROW_PACKS_TABLE = `
CREATE TABLE IF NOT EXISTS row_packs (
  project_id INTEGER NOT NULL,
  record TEXT NOT NULL,
  version INTEGER NOT NULL,
  packed TEXT NOT NULL,
  PRIMARY KEY (project_id, record)
);`;

/** Makes the packs table and its triggers (a WITHOUT ROWID one of an older database is built again empty: see rowid-tables). */
export function createRowPacks(db: Db): void {
  db.exec(`
DROP TRIGGER IF EXISTS data_insert_unpacks;
DROP TRIGGER IF EXISTS data_update_unpacks;
DROP TRIGGER IF EXISTS data_delete_unpacks;
DROP TABLE IF EXISTS record_packs;
DROP TRIGGER IF EXISTS values_insert_drops_pack;
DROP TRIGGER IF EXISTS values_update_drops_pack;
DROP TRIGGER IF EXISTS values_delete_drops_pack;`);
  rebuildWithoutRowidTable(db, 'row_packs', ROW_PACKS_TABLE, false);
  db.exec(ROW_PACKS_TABLE + dropCopiesOnWrite('row_packs'));
}

/** The packs of the given records made under this structure version. */
export function readPacks(db: Db, projectId: number, version: number, records: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  if (records.length === 0) return found;
  // Batches of an export are mostly of one size: the statement for that many records is prepared once.
  const rows = prepared(
    db,
    `SELECT record, packed FROM row_packs WHERE project_id = ? AND version = ? AND record IN (${records.map(() => '?').join(',')})`,
  )
    .raw(true)
    .all(projectId, version, ...records) as [string, string][];
  for (const [record, packed] of rows) found.set(record, packed);
  return found;
}

/** Stores packs made under this structure version, replacing older ones. */
export function writePacks(db: Db, projectId: number, version: number, packs: readonly [string, string][]): void {
  const put = prepared(
    db,
    'INSERT OR REPLACE INTO row_packs (project_id, record, version, packed) VALUES (?, ?, ?, ?)',
  );
  for (const [record, packed] of packs) put.run(projectId, record, version, packed);
}
