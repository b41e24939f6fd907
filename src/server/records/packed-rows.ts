import type { Db } from '../store/database.js';
import { type ProjectState, projectState } from '../store/project-state.js';
import { readPacks, writePacks } from '../store/record-packs.js';
import { type PackedValue, readGroupedValues } from '../store/record-store.js';
import type { PackLayout } from './pack-layout.js';
import { type EncodedRow, packText, unpackText } from './pack-text.js';
import { CODE_SEPARATOR, PackedRow } from './packed-row.js';
import { type RowPlan, rowPlanOf } from './row-plan.js';

/**
 * Groups a record's stored values (`[event_id, instance, field, value]`),
 * added one by one, into its export rows, in REDCap's row order: events in
 * export order, a base row before its instances, repeating forms in form
 * order, then instances. The one place rows are made, for exports and calc
 * fields alike.
 */
export class RowPacker {
  private readonly rows = new Map<string, EncodedRow>();
  // Values come grouped by event and instance: consecutive values mostly share a row.
  private last: EncodedRow | undefined;

  constructor(private readonly plan: RowPlan) {}

  /** Adds one stored value (an arrow, so it can be handed on as a visitor). */
  readonly add = (eventId: number, instance: number, field: string, value: string): void => {
    const { plan } = this;
    const layout = plan.layout;
    const place = plan.placement(eventId, field);
    const rowInstance = place.keepsInstance ? instance : -1;
    let row = this.last;
    if (!row || row[0] !== eventId || row[1] !== place.repeatForm || row[2] !== rowInstance) {
      const id = `${eventId}\u0000${place.repeatForm}\u0000${rowInstance}`;
      row = this.rows.get(id);
      if (!row)
        this.rows.set(
          id,
          (row = [eventId, place.repeatForm, rowInstance, new Array<string>(layout.names.length).fill('')]),
        );
      this.last = row;
    }
    const k = layout.index.get(field);
    if (k === undefined || layout.checkbox[k] !== place.checkbox) (row[4] ??= []).push([field, value]);
    else if (!place.checkbox) row[3][k] = value;
    else {
      const codes = row[3][k];
      if (codes === '') row[3][k] = value;
      else if (!codes.split(CODE_SEPARATOR).includes(value)) row[3][k] = codes + CODE_SEPARATOR + value;
    }
  };

  /** The rows, in REDCap's order. */
  finish(): EncodedRow[] {
    const list = [...this.rows.values()];
    if (list.length < 2) return list;
    const { order, formOrder } = this.plan;
    return list.sort(
      (a, b) =>
        (order.get(a[0]) ?? 0) - (order.get(b[0]) ?? 0) ||
        (a[2] < 0 ? -1 : 0) - (b[2] < 0 ? -1 : 0) ||
        (formOrder.get(a[1]) ?? -1) - (formOrder.get(b[1]) ?? -1) ||
        Math.max(a[2], 0) - Math.max(b[2], 0),
    );
  }
}

/** A record's stored values grouped into its export rows (see RowPacker). */
export function packRows(plan: RowPlan, values: readonly PackedValue[]): EncodedRow[] {
  const packer = new RowPacker(plan);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    packer.add(v[0], v[1], v[2], v[3]);
  }
  return packer.finish();
}

export function decodeRows(
  state: ProjectState,
  layout: PackLayout,
  record: string,
  rows: readonly EncodedRow[],
): PackedRow[] {
  const longitudinal = state.schema.longitudinal;
  return rows.map(
    ([eventId, repeatForm, instance, slots, others]) =>
      new PackedRow(
        record,
        eventId,
        longitudinal ? (state.eventNames.get(eventId) ?? '') : '',
        repeatForm,
        instance < 0 ? null : instance,
        slots,
        layout,
        others,
      ),
  );
}

/**
 * The export rows of the given records (in REDCap's order), record by
 * record, a few hundred records per read. Packs made under the current
 * structure are read as they are; the others are packed again from the
 * record's stored values, which stay the truth.
 */
export function* packedRecordRows(
  db: Db,
  state: ProjectState,
  records: readonly string[],
  chunkSize = 500,
): Generator<[string, PackedRow[]]> {
  const plan = rowPlanOf(state);
  const layout = plan.layout;
  for (let i = 0; i < records.length; i += chunkSize) {
    const chunk = records.slice(i, i + chunkSize);
    const found = readPacks(db, state.id, state.version, chunk);
    const made = new Map<string, PackedRow[]>();
    if (found.size < chunk.length) {
      const fresh: [string, string][] = [];
      const missing = chunk.filter((r) => !found.has(r));
      for (const [record, values] of readGroupedValues(db, state.id, missing)) {
        const rows = packRows(plan, values);
        fresh.push([record, packText(rows)]);
        made.set(record, decodeRows(state, layout, record, rows));
      }
      writePacks(db, state.id, state.version, fresh);
    }
    for (const record of chunk) {
      const text = found.get(record);
      yield [
        record,
        text === undefined ? (made.get(record) ?? []) : decodeRows(state, layout, record, unpackText(text, layout)),
      ];
    }
  }
}

/** A record's export rows grouped straight from its stored values (calc fields recompute on them). */
export function buildRows(state: ProjectState, record: string, values: readonly PackedValue[]): PackedRow[] {
  const plan = rowPlanOf(state);
  return decodeRows(state, plan.layout, record, packRows(plan, values));
}

/** Packs records whose stored values are at hand (a project just created from a definition). */
export function packStoredRecords(db: Db, state: ProjectState, records: Iterable<[string, PackedValue[]]>): void {
  const plan = rowPlanOf(state);
  let batch: [string, string][] = [];
  for (const [record, values] of records) {
    batch.push([record, packText(packRows(plan, values))]);
    if (batch.length === 500) {
      writePacks(db, state.id, state.version, batch);
      batch = [];
    }
  }
  writePacks(db, state.id, state.version, batch);
}

/** The `packRecords` hook of createProject: packs each record as the project is created. */
export function packWhileCreating(db: Db): (projectId: number, records: Iterable<[string, PackedValue[]]>) => void {
  return (projectId, records) => {
    const state = projectState(db, projectId);
    if (state) packStoredRecords(db, state, records);
  };
}
