import type { Db } from './database.js';

/**
 * Tables whose rows hold a record's whole text (values, export packs) are
 * ordinary rowid tables: SQLite keeps a WITHOUT ROWID row in an index
 * B-tree, where a few KB of text spills into overflow pages, and writing
 * 30,000 such rows measured about 5× slower than into a rowid table with
 * the same primary key (bench of 4 KB rows, in memory, page size 4096).
 * Databases made before were WITHOUT ROWID: the table is built again
 * under `create` (its rows copied when `keepRows`), and its triggers go
 * with the old table, to be made again by the schema that follows.
 */
export function rebuildWithoutRowidTable(db: Db, table: string, create: string, keepRows: boolean): void {
  const sql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) as
    | string
    | undefined;
  if (sql === undefined || !/WITHOUT\s+ROWID/i.test(sql)) return;
  db.transaction(() => {
    db.exec(`ALTER TABLE ${table} RENAME TO ${table}_old`);
    db.exec(create);
    if (keepRows) db.exec(`INSERT INTO ${table} SELECT * FROM ${table}_old`);
    db.exec(`DROP TABLE ${table}_old`);
  })();
}
