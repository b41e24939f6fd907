import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/server/store/database.js';
import { RecordWriter } from '../../../src/server/store/record-writer.js';
import { type PackedValue, decodeValues, encodeValues, valueDocs } from '../../../src/server/store/value-docs.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('record values, one row per record', () => {
  it('moves an older database’s EAV rows, in the order they were written, and drops the table', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rf-docs-'));
    const file = join(dir, 'old.db');
    const old = new Database(file);
    old.exec(`CREATE TABLE data (project_id INTEGER NOT NULL, event_id INTEGER NOT NULL, record TEXT NOT NULL,
      field_name TEXT NOT NULL, instance INTEGER NOT NULL DEFAULT 1, value TEXT NOT NULL);`);
    const put = old.prepare('INSERT INTO data VALUES (?, ?, ?, ?, ?, ?)');
    put.run(1, 7, 'r1', 'record_id', 1, 'r1');
    put.run(1, 7, 'r2', 'record_id', 1, 'r2');
    put.run(1, 7, 'r1', 'pets', 1, '3');
    put.run(1, 7, 'r1', 'pets', 1, '1');
    put.run(2, 9, 'r1', 'name', 2, 'x');
    old.close();

    const db = openDatabase(file);
    try {
      const docs = valueDocs(db);
      expect(docs.read(1, 'r1')).toEqual([
        [7, 1, 'record_id', 'r1'],
        [7, 1, 'pets', '3'],
        [7, 1, 'pets', '1'],
      ]);
      expect(docs.read(1, 'r2')).toEqual([[7, 1, 'record_id', 'r2']]);
      expect(docs.read(2, 'r1')).toEqual([[9, 2, 'name', 'x']]);
      expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'data'").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('are written by the record writer when it moves on or is flushed, and not before', () => {
    const db = openDatabase(':memory:');
    const docs = valueDocs(db);
    const writer = new RecordWriter(db, 1);
    const cell = (record: string, field: string, instance = 1) => ({ record, eventId: 5, instance, field });
    writer.insertValue(cell('a', 'age'), '41');
    writer.setCheckbox(cell('a', 'pets'), '2', true);
    writer.setCheckbox(cell('a', 'pets'), '4', true);
    expect(docs.read(1, 'a')).toEqual([]);
    writer.insertValue(cell('b', 'age'), '9');
    expect(docs.read(1, 'a')).toEqual([
      [5, 1, 'age', '41'],
      [5, 1, 'pets', '2'],
      [5, 1, 'pets', '4'],
    ]);
    // Back to a: its stored values are read again and changed in place.
    writer.setCheckbox(cell('a', 'pets'), '2', false);
    writer.setValue(cell('a', 'age'), '42');
    expect(writer.has(cell('a', 'age'))).toBe(true);
    expect(writer.ensureValue(cell('a', 'age'), '0')).toBe(false);
    const held: unknown[] = [];
    writer.eachValue('a', (...v) => held.push(v));
    // A value replaced keeps its place.
    expect(held).toEqual([
      [5, 1, 'age', '42'],
      [5, 1, 'pets', '4'],
    ]);
    writer.flush();
    expect(docs.read(1, 'b')).toEqual([[5, 1, 'age', '9']]);
    expect(docs.read(1, 'a')).toEqual(held);
    // A record emptied of values leaves no row behind.
    writer.deleteValue(cell('a', 'pets'));
    writer.setValue(cell('a', 'age'), '');
    writer.flush();
    expect(db.prepare("SELECT COUNT(*) FROM record_values WHERE record = 'a'").pluck().get()).toBe(0);
    db.close();
  });

  it('are kept as separated text, or as JSON when a value holds a separator', () => {
    const plain: PackedValue[] = [
      [3, 1, 'record_id', '7'],
      [3, 2, 'notes', 'line one\nline "two", [three]'],
      [4, 1, 'empty_ok', ''],
    ];
    const text = encodeValues(plain);
    expect(text[0]).toBe('3');
    expect(decodeValues(text)).toEqual(plain);
    const odd: PackedValue[] = [...plain, [3, 1, 'memo', 'a\u001fb\u001ec']];
    const json = encodeValues(odd);
    expect(JSON.parse(json)).toEqual(odd);
    expect(decodeValues(json)).toEqual(odd);
  });
});
