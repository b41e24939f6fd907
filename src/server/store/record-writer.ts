import type { Db } from './database.js';
import { type LogEntry, writeLog } from './log-store.js';
import { type PackedValue, type ValueDocs, valueDocs } from './value-docs.js';

/** Where one value sits in REDCap's EAV terms: record, event, instance and field. */
export interface Cell {
  record: string;
  eventId: number;
  instance: number;
  field: string;
}

/** The values of one cell, under the key of its event, instance and field. */
interface CellValues {
  eventId: number;
  instance: number;
  field: string;
  values: string[];
}

const cellKey = (eventId: number, instance: number, field: string): string =>
  `${eventId}\u001f${instance}\u001f${field}`;

/**
 * The one way records and their values are written: record imports, file
 * uploads, randomization and project creation all go through it. The
 * record being written is held in memory, cell by cell, and stored as one
 * row (store/value-docs) when the writer moves to another record or is
 * flushed: callers call `flush()` before anything else reads the values.
 */
export class RecordWriter {
  private readonly addRecord;
  private readonly moveRecord;
  private readonly maxSeq;
  private readonly docs: ValueDocs;
  private seq: number | undefined;
  private record: string | undefined;
  private cells = new Map<string, CellValues>();
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

  /** The cells of `record`, read once when the writer comes to it. */
  private open(record: string): Map<string, CellValues> {
    if (record === this.record) return this.cells;
    this.flush();
    const cells = new Map<string, CellValues>();
    for (const [eventId, instance, field, value] of this.docs.read(this.projectId, record)) {
      const key = cellKey(eventId, instance, field);
      const cell = cells.get(key);
      if (cell) cell.values.push(value);
      else cells.set(key, { eventId, instance, field, values: [value] });
    }
    this.record = record;
    this.cells = cells;
    return cells;
  }

  /** Stores the record in hand; call it before anything else reads values written through this writer. */
  flush(): void {
    if (this.record === undefined || !this.dirty) return;
    const values: PackedValue[] = [];
    for (const c of this.cells.values()) for (const v of c.values) values.push([c.eventId, c.instance, c.field, v]);
    this.docs.write(this.projectId, this.record, values);
    this.dirty = false;
  }

  /** The cell's value (the first checked code of a checkbox); undefined when it holds none. */
  valueOf(c: Cell): string | undefined {
    return this.open(c.record).get(cellKey(c.eventId, c.instance, c.field))?.values[0];
  }

  /** Whether a checkbox cell holds the code. */
  isChecked(c: Cell, code: string): boolean {
    return (
      this.open(c.record)
        .get(cellKey(c.eventId, c.instance, c.field))
        ?.values.includes(code) ?? false
    );
  }

  /** The highest instance in the event among the cells whose field `counts` (0 for none). */
  lastInstance(record: string, eventId: number, counts: (field: string) => boolean): number {
    let max = 0;
    for (const c of this.open(record).values())
      if (c.eventId === eventId && c.instance > max && counts(c.field)) max = c.instance;
    return max;
  }

  has(c: Cell): boolean {
    return this.open(c.record).has(cellKey(c.eventId, c.instance, c.field));
  }

  /** Stores one more value for the cell (a checkbox holds one per checked code). */
  insertValue(c: Cell, value: string): void {
    const cells = this.open(c.record);
    const key = cellKey(c.eventId, c.instance, c.field);
    const cell = cells.get(key);
    if (cell) cell.values.push(value);
    else cells.set(key, { eventId: c.eventId, instance: c.instance, field: c.field, values: [value] });
    this.dirty = true;
  }

  /** Removes what the cell holds (every checked code of a checkbox). */
  deleteValue(c: Cell): void {
    if (this.open(c.record).delete(cellKey(c.eventId, c.instance, c.field))) this.dirty = true;
  }

  /** Replaces the cell's value; a blank leaves it empty. */
  setValue(c: Cell, value: string): void {
    this.deleteValue(c);
    if (value !== '') this.insertValue(c, value);
  }

  /** Checks or unchecks one option of a checkbox. */
  setCheckbox(c: Cell, code: string, checked: boolean): void {
    if (checked) return this.insertValue(c, code);
    const cells = this.open(c.record);
    const key = cellKey(c.eventId, c.instance, c.field);
    const cell = cells.get(key);
    const at = cell ? cell.values.indexOf(code) : -1;
    if (!cell || at < 0) return;
    cell.values.splice(at, 1);
    if (cell.values.length === 0) cells.delete(key);
    this.dirty = true;
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

  /** What a record holds now, `[event_id, instance, field_name, value]` per stored value (to diff an import against). */
  *storedValues(record: string): IterableIterator<[number, number, string, string]> {
    for (const c of this.open(record).values()) for (const v of c.values) yield [c.eventId, c.instance, c.field, v];
  }

  log(entry: Omit<LogEntry, 'projectId'>): void {
    writeLog(this.db, { ...entry, projectId: this.projectId });
  }
}
