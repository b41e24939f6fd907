import type { ApiUser } from '../auth/api-user.js';
import type { Db } from '../store/database.js';
import type { ProjectState } from '../store/project-state.js';
import type { CellRow } from '../store/cell-rows.js';
import { RecordWriter } from '../store/record-writer.js';
import type { ImportOptions, ImportResult, PlannedRow } from './import-plan.js';
import { nextRecordName } from './next-record-name.js';

/**
 * Writes validated rows, a record at a time: the record's values are read
 * once into the record writer, every cell is compared there and only
 * changes are logged; then its calc fields are recomputed, it is stored
 * and its log entry written, so that nothing of it stays in memory while
 * the next is written.
 */
export class ImportWriter {
  readonly result: ImportResult = { records: [], autoIds: [] };
  private readonly writer: RecordWriter;
  private readonly formOf: Map<string, string>;
  private readonly dagIds: Map<string, number>;
  private readonly renamed = new Map<string, string>();

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

  /** Writes every row of one record (all of them: the record is finished here). */
  writeRecord(rows: readonly PlannedRow[]): void {
    const record = this.nameOf(rows[0].sentRecord);
    // The pieces of its log entry's details, joined once.
    const log: string[] = [];
    for (const p of rows) this.writeRow(record, p, log);
    this.recalculate(record);
    this.writer.flush();
    this.result.records.push(record);
    const isNew = !this.existing.has(record);
    this.writer.log({
      username: this.user.username,
      groupId: this.user.groupId,
      record,
      action: isNew ? 'Create record (API)' : 'Update record (API)',
      logType: isNew ? 'record_add' : 'record_edit',
      details: log.join(''),
    });
  }

  private writeRow(record: string, p: PlannedRow, log: string[]): void {
    const groupId = this.existing.has(record)
      ? this.existing.get(record)!
      : p.dag
        ? (this.dagIds.get(p.dag) ?? null)
        : this.user.groupId;
    this.writer.ensureRecord(record, this.state.eventArm.get(p.eventId) ?? 1, groupId);
    if (p.dag) this.writer.setGroup(record, this.dagIds.get(p.dag)!);
    const instance = p.instance === 'new' ? this.nextInstance(record, p.eventId, p.repeatForm) : (p.instance ?? 1);
    const row = this.writer.row(record, p.eventId, instance);
    // The record id is stored in every event (and repeating-event instance) that holds data.
    const idField = this.state.schema.recordIdField;
    const idRow = this.state.schema.isRepeatingEvent(p.event) ? row : this.writer.row(record, p.eventId, 1);
    if (!idRow.values.has(idField)) this.writer.put(idRow, idField, record);
    const { targets, values } = p;
    for (let i = 0; i < targets.length; i++) {
      const { field, code, said } = targets[i];
      const value = values[i];
      const later = log.length === 0 ? 0 : 1;
      if (code !== undefined) {
        const check = this.setCheckbox(row, field, code, value);
        if (check !== undefined) log.push(said[(check ? 0 : 2) + later]);
      } else if (this.setValue(row, field, value)) log.push(said[later], value, "'");
    }
    // A form that receives data and has no status yet becomes Incomplete, as in REDCap.
    for (const form of p.forms) {
      const status = `${form}_complete`;
      if (!row.values.has(status)) this.writer.put(row, status, '0');
    }
  }

  /** The instance after the last one of a repeating form in an event (form '': a repeating event). */
  private nextInstance(record: string, eventId: number, form: string): number {
    const counts = (field: string) => form === '' || this.formOf.get(field) === form || field === `${form}_complete`;
    return this.writer.lastInstance(record, eventId, counts) + 1;
  }

  /** Changes a field that is not a checkbox; says whether it changed. */
  private setValue(row: CellRow, field: string, value: string): boolean {
    const old = row.first(field);
    if (old === value || (old === undefined && value === '')) return false;
    this.writer.put(row, field, value);
    return true;
  }

  /** Checks or unchecks one option; whether it is now checked, when it changed. */
  private setCheckbox(row: CellRow, field: string, code: string, value: string): boolean | undefined {
    const check = value === '1';
    if (check === row.holds(field, code) || (!check && value !== '0' && value !== '')) return undefined;
    this.writer.check(row, field, code, check);
    return check;
  }

  /** Recomputes the calc fields of the record just written, from its values in the writer. */
  private recalculate(record: string): void {
    const recalculate = this.opts.recalculate;
    if (!recalculate) return;
    for (const c of recalculate(this.state, record, (visit) => this.writer.eachValue(record, visit))) {
      this.writer.put(this.writer.row(record, c.eventId, c.instance), c.field, c.value);
    }
  }
}
