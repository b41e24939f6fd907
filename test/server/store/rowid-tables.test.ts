import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/server/store/database.js';
import { valueDocs } from '../../../src/server/store/value-docs.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const tableSql = (db: Database.Database, name: string) =>
  db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(name) as string;

describe('tables of whole-record text', () => {
  it('are rebuilt as rowid tables from an older WITHOUT ROWID database: values kept, packs dropped, triggers made again', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rf-rowid-'));
    const file = join(dir, 'old.db');
    // The tables as databases made before held them.
    const old = new Database(file);
    old.exec(`
      CREATE TABLE record_values (project_id INTEGER NOT NULL, record TEXT NOT NULL, packed TEXT NOT NULL,
        PRIMARY KEY (project_id, record)) WITHOUT ROWID;
      CREATE TABLE row_packs (project_id INTEGER NOT NULL, record TEXT NOT NULL, version INTEGER NOT NULL,
        packed TEXT NOT NULL, PRIMARY KEY (project_id, record)) WITHOUT ROWID;
      INSERT INTO record_values VALUES (1, 'r1', '7\u001f1\u001frecord_id\u001fr1'), (1, 'r2', '7\u001f1\u001frecord_id\u001fr2');
      INSERT INTO row_packs VALUES (1, 'r1', 3, 'stale');`);
    old.close();

    const db = openDatabase(file);
    try {
      expect(tableSql(db, 'record_values')).not.toMatch(/WITHOUT ROWID/i);
      expect(tableSql(db, 'row_packs')).not.toMatch(/WITHOUT ROWID/i);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE '%_old'").all()).toEqual([]);
      const docs = valueDocs(db);
      expect(docs.read(1, 'r1')).toEqual([[7, 1, 'record_id', 'r1']]);
      expect(docs.read(1, 'r2')).toEqual([[7, 1, 'record_id', 'r2']]);
      expect(db.prepare('SELECT COUNT(*) FROM row_packs').pluck().get()).toBe(0);
      // The primary key still holds (a second row for a record replaces the first) …
      docs.write(1, 'r1', [[7, 1, 'record_id', 'r1b']]);
      expect(db.prepare("SELECT COUNT(*) FROM record_values WHERE record = 'r1'").pluck().get()).toBe(1);
      // … and a write drops the record's pack, as the triggers made again do.
      db.prepare("INSERT INTO row_packs VALUES (1, 'r2', 1, 'pack')").run();
      docs.write(1, 'r2', [[7, 1, 'record_id', 'r2b']]);
      expect(db.prepare("SELECT COUNT(*) FROM row_packs WHERE record = 'r2'").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
    // Opened again, nothing is rebuilt twice.
    const again = openDatabase(file);
    expect(valueDocs(again).read(1, 'r1')).toEqual([[7, 1, 'record_id', 'r1b']]);
    again.close();
  });
});
