import type { Db } from './database.js';
import { type LogEntry, writeLog } from './log-store.js';
import { CellRow, cellRowsText, EntryHeads, eachCellValue } from './cell-rows.js';
import { type PackedValue, type ValueDocs, valueDocs } from './value-docs.js';

/** Where one value sits in REDCap's EAV terms: record, event, instance and field. */
export interface Cell {
  record: string;
  eventId: number;
  instance: number;
  field: string;
}

const rowKey = (eventId: number, instance: number): string => `${eventId}\u001f${instance}`;

/**
 * The one way records and their values are written: record imports, file
 * uploads, randomization and project creation all go through it. The
 * record being written is held in memory, row by row (store/cell-rows),
 * and stored as one row (store/value-docs) when the writer moves to
 * another record or is flushed: callers call `flush()` before anything
 * else reads the values.
 */
export class RecordWriter {
  private readonly addRecord;
  private readonly moveRecord;
  private readonly maxSeq;
  private readonly docs: ValueDocs;
  private seq: number | undefined;
  private record: string | undefined;
  private rows = new Map<string, CellRow>();
  private readonly heads = new EntryHeads();
  private dirty = false;

  constructor(
    private readonly db: Db,
    readonly projectId: number,
  ) {
    this.addRecord = db.prepare(
      'INSERT OR IGNORE INTO records (project_id, arm_num, record, group_id, created_seq) VALUES (?, ?, ?, ?, ?)',
    );
    this.moveRecord = db.prepare('UPDATE records SET group_id = ? WHERE project_id = ? AND record = ?');
    this.maxSeq = db.prepare('SELECT COALESCE(MAX(created_seq), 0) FROM records WHERE project_id = ?').pluck();
    this.docs = valueDocs(db);
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

  /** The rows of `record`, read once when the writer comes to it. */
  private open(record: string): Map<string, CellRow> {
    if (record === this.record) return this.rows;
    this.flush();
    const rows = new Map<string, CellRow>();
    for (const [eventId, instance, field, value] of this.docs.read(this.projectId, record)) {
      const key = rowKey(eventId, instance);
      let row = rows.get(key);
      if (!row) rows.set(key, (row = new CellRow(eventId, instance)));
      row.add(field, value);
    }
    this.record = record;
    this.rows = rows;
    return rows;
  }

  /** The record's row of an event and instance (made empty when it holds nothing yet). */
  row(record: string, eventId: number, instance: number): CellRow {
    const rows = this.open(record);
    const key = rowKey(eventId, instance);
    let row = rows.get(key);
    if (!row) rows.set(key, (row = new CellRow(eventId, instance)));
    return row;
  }

  private cellRow(c: Cell): CellRow {
    return this.row(c.record, c.eventId, c.instance);
  }

  /** Stores the record in hand; call it before anything else reads values written through this writer. */
  flush(): void {
    if (this.record === undefined || !this.dirty) return;
    const text = cellRowsText(this.rows.values(), this.heads);
    if (text !== undefined) this.docs.writeText(this.projectId, this.record, text);
    else {
      const values: PackedValue[] = [];
      eachCellValue(this.rows.values(), (e, i, f, v) => values.push([e, i, f, v]));
      this.docs.write(this.projectId, this.record, values);
    }
    this.dirty = false;
  }

  /** The cell's value (the first checked code of a checkbox); undefined when it holds none. */
  valueOf(c: Cell): string | undefined {
    return this.cellRow(c).first(c.field);
  }

  /** Whether a checkbox cell holds the code. */
  isChecked(c: Cell, code: string): boolean {
    return this.cellRow(c).holds(c.field, code);
  }

  /** The highest instance in the event among the cells whose field `counts` (0 for none). */
  lastInstance(record: string, eventId: number, counts: (field: string) => boolean): number {
    let max = 0;
    for (const row of this.open(record).values()) {
      if (row.eventId !== eventId || row.instance <= max) continue;
      for (const field of row.values.keys()) if (counts(field)) max = row.instance;
    }
    return max;
  }

  has(c: Cell): boolean {
    return this.cellRow(c).values.has(c.field);
  }

  /** Stores one more value for the cell (a checkbox holds one per checked code). */
  insertValue(c: Cell, value: string): void {
    this.cellRow(c).add(c.field, value);
    this.dirty = true;
  }

  /** Removes what the cell holds (every checked code of a checkbox). */
  deleteValue(c: Cell): void {
    if (this.cellRow(c).values.delete(c.field)) this.dirty = true;
  }

  /** Replaces the cell's value; a blank leaves it empty. */
  setValue(c: Cell, value: string): void {
    this.put(this.cellRow(c), c.field, value);
  }

  /** Replaces a field's value in a row of the record in hand (from `row`); a blank leaves it empty. */
  put(row: CellRow, field: string, value: string): void {
    if (value === '') {
      if (row.values.delete(field)) this.dirty = true;
    } else {
      row.values.set(field, value);
      this.dirty = true;
    }
  }

  /** Checks or unchecks one option of a checkbox in a row of the record in hand. */
  check(row: CellRow, field: string, code: string, checked: boolean): void {
    if (checked) row.add(field, code);
    else if (!row.remove(field, code)) return;
    this.dirty = true;
  }

  /** Checks or unchecks one option of a checkbox. */
  setCheckbox(c: Cell, code: string, checked: boolean): void {
    this.check(this.cellRow(c), c.field, code, checked);
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

  /** Calls `visit` with every value the record holds now, `[event_id, instance, field_name, value]`. */
  eachValue(record: string, visit: (eventId: number, instance: number, field: string, value: string) => void): void {
    eachCellValue(this.open(record).values(), visit);
  }

  log(entry: Omit<LogEntry, 'projectId'>): void {
    writeLog(this.db, { ...entry, projectId: this.projectId });
  }
}
