import type { ApiUser } from '../auth/api-user.js';
import type { Db } from '../store/database.js';
import type { ProjectState } from '../store/project-state.js';
import { type Cell, RecordWriter } from '../store/record-writer.js';
import type { ImportOptions, ImportResult, PlannedRow, Write } from './import-plan.js';
import { nextRecordName } from './next-record-name.js';
import { RecordValues } from './record-values.js';

/**
 * Writes validated rows, record by record: each record's values are read
 * once, every cell is compared in memory and only changes reach the
 * database, and its calc fields are recomputed once its rows are written.
 */
export class ImportWriter {
  readonly result: ImportResult = { records: [], autoIds: [] };
  private readonly writer: RecordWriter;
  private readonly formOf: Map<string, string>;
  private readonly dagIds: Map<string, number>;
  private readonly renamed = new Map<string, string>();
  private readonly changes = new Map<string, string[]>();
  private readonly written = new Set<string>();
  private current: RecordValues | undefined;

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

  private open(record: string): RecordValues {
    if (this.current?.record === record) return this.current;
    this.flushCalcs();
    const values = new RecordValues(record);
    if (this.existing.has(record) || this.written.has(record))
      values.load(this.state.schema, this.writer.storedValues(record));
    this.current = values;
    return values;
  }

  writeRow(p: PlannedRow): void {
    const record = this.nameOf(p.sentRecord);
    const values = this.open(record);
    const groupId = this.existing.has(record)
      ? this.existing.get(record)!
      : p.dag
        ? (this.dagIds.get(p.dag) ?? null)
        : this.user.groupId;
    this.writer.ensureRecord(record, this.state.eventArm.get(p.eventId) ?? 1, groupId);
    if (p.dag) this.writer.setGroup(record, this.dagIds.get(p.dag)!);
    const instance =
      p.instance === 'new' ? values.nextInstance(p.eventId, p.repeatForm, this.formOf) : (p.instance ?? 1);
    let log = this.changes.get(record);
    if (!log) this.changes.set(record, (log = []));
    const cell = (field: string, inst = instance): Cell => ({ record, eventId: p.eventId, instance: inst, field });
    // The record id is stored in every event (and repeating-event instance) that holds data.
    const idCell = cell(this.state.schema.recordIdField, this.state.schema.isRepeatingEvent(p.event) ? instance : 1);
    if (!values.values.has(RecordValues.key(p.eventId, idCell.instance, idCell.field)))
      this.setValue(values, idCell, record);
    for (const w of p.writes) {
      const line =
        w.code !== undefined
          ? this.setCheckbox(values, cell(w.field), w)
          : this.setValue(values, cell(w.field), w.value) && `${w.field} = '${w.value}'`;
      if (line) log.push(line);
    }
    // A form that receives data and has no status yet becomes Incomplete, as in REDCap.
    for (const form of p.forms) {
      const status = cell(`${form}_complete`);
      if (!values.values.has(RecordValues.key(p.eventId, instance, status.field))) this.setValue(values, status, '0');
    }
    if (!this.written.has(record)) {
      this.written.add(record);
      this.result.records.push(record);
    }
  }

  /** Changes a cell that is not a checkbox; says whether it changed. */
  private setValue(values: RecordValues, c: Cell, value: string): boolean {
    const key = RecordValues.key(c.eventId, c.instance, c.field);
    const old = values.values.get(key);
    if (old === value || (old === undefined && value === '')) return false;
    if (old !== undefined) this.writer.deleteValue(c);
    if (value !== '') {
      this.writer.insertValue(c, value);
      values.values.set(key, value);
    } else values.values.delete(key);
    return true;
  }

  /** Checks or unchecks one option; the log line when it changed. */
  private setCheckbox(values: RecordValues, c: Cell, w: Write): string | undefined {
    const codes = values.codes(RecordValues.key(c.eventId, c.instance, c.field));
    const code = w.code!;
    const check = w.value === '1';
    if (check === codes.has(code) || (!check && w.value !== '0' && w.value !== '')) return undefined;
    this.writer.setCheckbox(c, code, check);
    if (check) codes.add(code);
    else codes.delete(code);
    return `${w.field}(${code}) = ${check ? 'checked' : 'unchecked'}`;
  }

  /** Recomputes the calc fields of the record just written, from its values in memory. */
  private flushCalcs(): void {
    const values = this.current;
    const recalculate = this.opts.recalculate;
    if (!recalculate || !values || !this.written.has(values.record)) return;
    for (const c of recalculate(this.state, values.record, values.list())) {
      const target = { record: values.record, eventId: c.eventId, instance: c.instance, field: c.field };
      if (c.stored) this.writer.deleteValue(target);
      if (c.value !== '') this.writer.insertValue(target, c.value);
      const key = RecordValues.key(c.eventId, c.instance, c.field);
      if (c.value !== '') values.values.set(key, c.value);
      else values.values.delete(key);
    }
  }

  /** Finishes the last record and logs one entry per record written. */
  finish(): ImportResult {
    this.flushCalcs();
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
