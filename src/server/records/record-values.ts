import type { Schema } from '../../schema/schema.js';
import type { StoredValue } from '../store/record-store.js';

/**
 * What one record holds while an import writes it, kept in memory so each
 * cell is compared without a query: `event|instance|field` → value, or the
 * checked codes of a checkbox.
 */
export class RecordValues {
  readonly values = new Map<string, string>();
  readonly checked = new Map<string, Set<string>>();

  constructor(readonly record: string) {}

  static key(eventId: number, instance: number, field: string): string {
    return `${eventId}|${instance}|${field}`;
  }

  /** Fills in the rows stored for the record. */
  load(schema: Schema, rows: Iterable<[number, number, string, string]>): void {
    for (const [eventId, instance, field, value] of rows) {
      const key = RecordValues.key(eventId, instance, field);
      if (schema.field(field)?.type === 'checkbox') this.codes(key).add(value);
      else this.values.set(key, value);
    }
  }

  codes(key: string): Set<string> {
    let set = this.checked.get(key);
    if (!set) this.checked.set(key, (set = new Set()));
    return set;
  }

  /** Every value as stored rows (one per checked code), for recomputing calcs. */
  list(): StoredValue[] {
    const list: StoredValue[] = [];
    const push = (key: string, value: string) => {
      const [e, i, field] = key.split('|');
      list.push({ event_id: Number(e), instance: Number(i), field_name: field, value });
    };
    for (const [key, value] of this.values) push(key, value);
    for (const [key, codes] of this.checked) for (const code of codes) push(key, code);
    return list;
  }

  /** The instance after the last one of a repeating form in an event (form '': a repeating event). */
  nextInstance(eventId: number, form: string, formOf: ReadonlyMap<string, string>): number {
    let max = 0;
    const prefix = `${eventId}|`;
    for (const map of [this.values, this.checked] as Map<string, unknown>[]) {
      for (const key of map.keys()) {
        if (!key.startsWith(prefix)) continue;
        const [, inst, field] = key.split('|');
        if (form === '' || formOf.get(field) === form || field === `${form}_complete`)
          max = Math.max(max, Number(inst));
      }
    }
    return max + 1;
  }
}
