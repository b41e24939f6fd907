import type { Db } from './database.js';
import { type LogEntry, writeLog } from './log-store.js';

/** Where one value sits in the EAV table: record, event, instance and field. */
export interface Cell {
  record: string;
  eventId: number;
  instance: number;
  field: string;
}

/**
 * The one way records and their values are written: record imports, file
 * uploads, randomization and project creation all go through it. Its
 * statements are prepared once and reused for every row it writes.
 */
export class RecordWriter {
  private readonly addRecord;
  private readonly moveRecord;
  private readonly maxSeq;
  private readonly exists;
  private readonly insert;
  private readonly remove;
  private readonly removeCode;
  private readonly recordValues;
  private seq: number | undefined;

  constructor(
    private readonly db: Db,
    readonly projectId: number,
  ) {
    this.addRecord = db.prepare(
      'INSERT OR IGNORE INTO records (project_id, arm_num, record, group_id, created_seq) VALUES (?, ?, ?, ?, ?)',
    );
    this.moveRecord = db.prepare('UPDATE records SET group_id = ? WHERE project_id = ? AND record = ?');
    this.maxSeq = db.prepare('SELECT COALESCE(MAX(created_seq), 0) FROM records WHERE project_id = ?').pluck();
    this.exists = db
      .prepare(
        'SELECT 1 FROM data WHERE project_id = ? AND event_id = ? AND record = ? AND field_name = ? AND instance = ?',
      )
      .pluck();
    this.insert = db.prepare(
      'INSERT INTO data (project_id, event_id, record, field_name, instance, value) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.remove = db.prepare(
      'DELETE FROM data WHERE project_id = ? AND record = ? AND event_id = ? AND instance = ? AND field_name = ?',
    );
    this.recordValues = db
      .prepare('SELECT event_id, instance, field_name, value FROM data WHERE project_id = ? AND record = ?')
      .raw(true);
    this.removeCode = db.prepare(
      'DELETE FROM data WHERE project_id = ? AND record = ? AND event_id = ? AND instance = ? AND field_name = ? AND value = ?',
    );
  }

  /** Adds the record to an arm (a no-op when it is there), numbered after every record created before. */
  ensureRecord(record: string, arm: number, groupId: number | null): void {
    this.seq ??= this.maxSeq.get(this.projectId) as number;
    this.addRecord.run(this.projectId, arm, record, groupId, ++this.seq);
  }

  /** Puts the record (in every arm) into a data access group. */
  setGroup(record: string, groupId: number): void {
    this.moveRecord.run(groupId, this.projectId, record);
  }

  has(c: Cell): boolean {
    return this.exists.get(this.projectId, c.eventId, c.record, c.field, c.instance) !== undefined;
  }

  /** Stores one more row for the cell (a checkbox holds one row per checked code). */
  insertValue(c: Cell, value: string): void {
    this.insert.run(this.projectId, c.eventId, c.record, c.field, c.instance, value);
  }

  /** Removes what the cell holds (every checked code of a checkbox). */
  deleteValue(c: Cell): void {
    this.remove.run(this.projectId, c.record, c.eventId, c.instance, c.field);
  }

  /** Replaces the cell's value; a blank leaves it empty. */
  setValue(c: Cell, value: string): void {
    this.deleteValue(c);
    if (value !== '') this.insertValue(c, value);
  }

  /** Checks or unchecks one option of a checkbox. */
  setCheckbox(c: Cell, code: string, checked: boolean): void {
    if (checked) this.insertValue(c, code);
    else this.removeCode.run(this.projectId, c.record, c.eventId, c.instance, c.field, code);
  }

  /** Stores the value only when the cell holds none; says whether it did. */
  ensureValue(c: Cell, value: string): boolean {
    if (this.has(c)) return false;
    this.insertValue(c, value);
    return true;
  }

  /** A form that receives data and has no status yet becomes Incomplete (0), as in REDCap. */
  ensureFormStatus(c: Omit<Cell, 'field'>, form: string): void {
    this.ensureValue({ ...c, field: `${form}_complete` }, '0');
  }

  /** What a record holds now, `[event_id, instance, field_name, value]` per stored row (to diff an import against). */
  storedValues(record: string): IterableIterator<[number, number, string, string]> {
    return this.recordValues.iterate(this.projectId, record) as IterableIterator<[number, number, string, string]>;
  }

  log(entry: Omit<LogEntry, 'projectId'>): void {
    writeLog(this.db, { ...entry, projectId: this.projectId });
  }
}
