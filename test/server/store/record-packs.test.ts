import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/server/store/database.js';
import { readPackedValues } from '../../../src/server/store/record-store.js';

const read = (db: ReturnType<typeof openDatabase>, records: string[]) => new Map(readPackedValues(db, 1, records));
const packCount = (db: ReturnType<typeof openDatabase>) =>
  db.prepare('SELECT COUNT(*) FROM record_packs').pluck().get() as number;

describe('record packs', () => {
  it('are made on first read and dropped by every kind of write to the record', () => {
    const db = openDatabase(':memory:');
    const ins = db.prepare(
      'INSERT INTO data (project_id, event_id, record, field_name, instance, value) VALUES (1, 7, ?, ?, 1, ?)',
    );
    ins.run('1', 'age', '40');
    ins.run('1', 'name', 'Ana');
    ins.run('2', 'age', '51');
    expect(read(db, ['1', '2', '3'])).toEqual(
      new Map([
        [
          '1',
          [
            [7, 1, 'age', '40'],
            [7, 1, 'name', 'Ana'],
          ],
        ],
        ['2', [[7, 1, 'age', '51']]],
        ['3', []],
      ]),
    );
    expect(packCount(db)).toBe(2);

    db.prepare("UPDATE data SET value = '41' WHERE record = '1' AND field_name = 'age'").run();
    expect(packCount(db)).toBe(1);
    expect(read(db, ['1']).get('1')).toEqual([
      [7, 1, 'age', '41'],
      [7, 1, 'name', 'Ana'],
    ]);

    ins.run('2', 'name', 'Ben');
    expect(read(db, ['2']).get('2')).toEqual([
      [7, 1, 'age', '51'],
      [7, 1, 'name', 'Ben'],
    ]);

    db.prepare("DELETE FROM data WHERE record = '1' AND field_name = 'name'").run();
    expect(read(db, ['1']).get('1')).toEqual([[7, 1, 'age', '41']]);

    // A rename moves the values: neither the old nor the new name may keep a stale pack.
    read(db, ['1', '2']);
    db.prepare("UPDATE data SET record = '9' WHERE record = '2'").run();
    expect(read(db, ['2', '9'])).toEqual(
      new Map([
        ['2', []],
        [
          '9',
          [
            [7, 1, 'age', '51'],
            [7, 1, 'name', 'Ben'],
          ],
        ],
      ]),
    );
    expect(read(db, ['1']).get('1')).toEqual([[7, 1, 'age', '41']]);
  });
});
