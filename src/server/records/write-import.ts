import type { ApiUser } from '../auth/api-user.js';
import type { Db } from '../store/database.js';
import type { ProjectState } from '../store/project-state.js';
import { type Cell, RecordWriter } from '../store/record-writer.js';
import type { ImportOptions, ImportResult, PlannedRow, Write } from './import-plan.js';
import { nextRecordName } from './next-record-name.js';
import type { StoredValue } from '../store/record-store.js';

/**
 * Writes validated rows, record by record: each record's values are read
 * once into the record writer, every cell is compared there and only
 * changes are logged, and its calc fields are recomputed once its rows
 * are written.
 */
export class ImportWriter {
  readonly result: ImportResult = { records: [], autoIds: [] };
  private readonly writer: RecordWriter;
  private readonly formOf: Map<string, string>;
  private readonly dagIds: Map<string, number>;
  private readonly renamed = new Map<string, string>();
  private readonly changes = new Map<string, string[]>();
  private readonly written = new Set<string>();
  /** The record being written (its calc fields are due when the import moves on). */
  private current: string | undefined;

  constructor(
    private readonly db: Db,
    private readonly state: ProjectState,
    private readonly user: ApiUser,
    private readonly existing: ReadonlyMap<string, number | null>,
    private readonly opts: ImportOptions,
  ) {
    this.writer = new RecordWriter(db, state.id);
    this.formOf = new Map(state.schema.fields.map((f) => [f.name, f.form]));
    this.dagIds = new Map(state.dags.map((d) => [d.unique_name, d.group_id]));
  }

  /** The record's name: as sent, or the next free one when auto-numbering. */
  private nameOf(sent: string): string {
    if (!this.opts.forceAutoNumber) return sent;
    let name = this.renamed.get(sent);
    if (!name) {
      name = nextRecordName(this.db, this.state, this.user, new Set(this.renamed.values()));
      this.renamed.set(sent, name);
      this.result.autoIds.push([name, sent]);
    }
    return name;
  }

  private open(record: string): void {
    if (this.current === record) return;
    this.flushCalcs();
    this.current = record;
  }

  writeRow(p: PlannedRow): void {
    const record = this.nameOf(p.sentRecord);
    this.open(record);
    const groupId = this.existing.has(record)
      ? this.existing.get(record)!
      : p.dag
        ? (this.dagIds.get(p.dag) ?? null)
        : this.user.groupId;
    this.writer.ensureRecord(record, this.state.eventArm.get(p.eventId) ?? 1, groupId);
    if (p.dag) this.writer.setGroup(record, this.dagIds.get(p.dag)!);
    const instance = p.instance === 'new' ? this.nextInstance(record, p.eventId, p.repeatForm) : (p.instance ?? 1);
    let log = this.changes.get(record);
    if (!log) this.changes.set(record, (log = []));
    const cell = (field: string, inst = instance): Cell => ({ record, eventId: p.eventId, instance: inst, field });
    // The record id is stored in every event (and repeating-event instance) that holds data.
    const idCell = cell(this.state.schema.recordIdField, this.state.schema.isRepeatingEvent(p.event) ? instance : 1);
    if (!this.writer.has(idCell)) this.setValue(idCell, record);
    for (const w of p.writes) {
      const line =
        w.code !== undefined
          ? this.setCheckbox(cell(w.field), w)
          : this.setValue(cell(w.field), w.value) && `${w.field} = '${w.value}'`;
      if (line) log.push(line);
    }
    // A form that receives data and has no status yet becomes Incomplete, as in REDCap.
    for (const form of p.forms) {
      const status = cell(`${form}_complete`);
      if (!this.writer.has(status)) this.setValue(status, '0');
    }
    if (!this.written.has(record)) {
      this.written.add(record);
      this.result.records.push(record);
    }
  }

  /** The instance after the last one of a repeating form in an event (form '': a repeating event). */
  private nextInstance(record: string, eventId: number, form: string): number {
    const counts = (field: string) => form === '' || this.formOf.get(field) === form || field === `${form}_complete`;
    return this.writer.lastInstance(record, eventId, counts) + 1;
  }

  /** Changes a cell that is not a checkbox; says whether it changed. */
  private setValue(c: Cell, value: string): boolean {
    const old = this.writer.valueOf(c);
    if (old === value || (old === undefined && value === '')) return false;
    this.writer.setValue(c, value);
    return true;
  }

  /** Checks or unchecks one option; the log line when it changed. */
  private setCheckbox(c: Cell, w: Write): string | undefined {
    const code = w.code!;
    const check = w.value === '1';
    if (check === this.writer.isChecked(c, code) || (!check && w.value !== '0' && w.value !== '')) return undefined;
    this.writer.setCheckbox(c, code, check);
    return `${w.field}(${code}) = ${check ? 'checked' : 'unchecked'}`;
  }

  /** Recomputes the calc fields of the record just written, from its values in the writer. */
  private flushCalcs(): void {
    const record = this.current;
    const recalculate = this.opts.recalculate;
    if (!recalculate || record === undefined || !this.written.has(record)) return;
    const stored = [...this.writer.storedValues(record)].map(
      ([event_id, instance, field_name, value]): StoredValue => ({ event_id, instance, field_name, value }),
    );
    for (const c of recalculate(this.state, record, stored)) {
      const target = { record, eventId: c.eventId, instance: c.instance, field: c.field };
      this.writer.setValue(target, c.value);
    }
  }

  /** Finishes the last record and logs one entry per record written. */
  finish(): ImportResult {
    this.flushCalcs();
    this.writer.flush();
    for (const [record, lines] of this.changes) {
      const isNew = !this.existing.has(record);
      this.writer.log({
        username: this.user.username,
        groupId: this.user.groupId,
        record,
        action: isNew ? 'Create record (API)' : 'Update record (API)',
        logType: isNew ? 'record_add' : 'record_edit',
        details: lines.join(', '),
      });
    }
    return this.result;
  }
}
