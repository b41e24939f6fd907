import { ENTRY, PART, holdsSeparator } from './separated-text.js';
import { entryHead } from './value-docs.js';

/** What a field holds in one row: its value, or a checkbox's checked codes (several values). */
export type Slot = string | string[];

/**
 * The values one event and instance of a record holds, by field. A record
 * being written is held as these rows: a cell is found with one map lookup
 * instead of building a key per cell, and the row is stored as text
 * without a tuple per value (an import of 100,000 × 100 values makes
 * millions of cells).
 */
export class CellRow {
  readonly values = new Map<string, Slot>();

  constructor(
    readonly eventId: number,
    readonly instance: number,
  ) {}

  /** The field's value (the first checked code of a checkbox); undefined when it holds none. */
  first(field: string): string | undefined {
    const s = this.values.get(field);
    return s === undefined || typeof s === 'string' ? s : s[0];
  }

  /** Whether the field holds `value` (a checkbox: has the code checked). */
  holds(field: string, value: string): boolean {
    const s = this.values.get(field);
    return s === value || (Array.isArray(s) && s.includes(value));
  }

  /** Adds one more value (a checked code) to the field. */
  add(field: string, value: string): void {
    const s = this.values.get(field);
    if (s === undefined) this.values.set(field, value);
    else if (typeof s === 'string') this.values.set(field, [s, value]);
    else s.push(value);
  }

  /** Removes one value of the field; says whether it held it. */
  remove(field: string, value: string): boolean {
    const s = this.values.get(field);
    if (s === value) return this.values.delete(field);
    if (!Array.isArray(s)) return false;
    const at = s.indexOf(value);
    if (at < 0) return false;
    s.splice(at, 1);
    if (s.length === 0) this.values.delete(field);
    else if (s.length === 1) this.values.set(field, s[0]);
    return true;
  }
}

/** Calls `visit` with every value of the rows, `[event_id, instance, field, value]`, in row then field order. */
export function eachCellValue(
  rows: Iterable<CellRow>,
  visit: (eventId: number, instance: number, field: string, value: string) => void,
): void {
  for (const row of rows)
    for (const [field, s] of row.values)
      if (typeof s === 'string') visit(row.eventId, row.instance, field, s);
      else for (const v of s) visit(row.eventId, row.instance, field, v);
}

/**
 * The text before each value in stored text (ENTRY and value-docs'
 * `entryHead`), made once per event, instance and field rather than
 * once per value (a record of 100 values is 100 entries; an import writes
 * the same heads for every record).
 */
export class EntryHeads {
  private readonly byRow = new Map<string, Map<string, string>>();
  private size = 0;

  of(eventId: number, instance: number): Map<string, string> {
    const key = `${eventId}${PART}${instance}`;
    let heads = this.byRow.get(key);
    if (!heads) {
      // Many instances make many heads: start again rather than keep them all.
      if (this.size > 100_000) this.clear();
      this.byRow.set(key, (heads = new Map()));
    }
    return heads;
  }

  head(heads: Map<string, string>, eventId: number, instance: number, field: string): string {
    let head = heads.get(field);
    if (head === undefined) {
      heads.set(field, (head = ENTRY + entryHead(eventId, instance, field)));
      this.size++;
    }
    return head;
  }

  private clear(): void {
    this.byRow.clear();
    this.size = 0;
  }
}

/** The rows as stored text (store/value-docs' format); '' for no values; undefined when a value needs JSON. */
export function cellRowsText(rows: Iterable<CellRow>, heads = new EntryHeads()): string | undefined {
  // Pieces joined once: a string grown cell by cell is flattened again when it is bound.
  const parts: string[] = [];
  for (const row of rows) {
    if (row.values.size === 0) continue;
    const { eventId, instance } = row;
    const rowHeads = heads.of(eventId, instance);
    for (const [field, s] of row.values) {
      const head = heads.head(rowHeads, eventId, instance, field);
      if (typeof s !== 'string') {
        for (const value of s) if (!addEntry(parts, head, value)) return undefined;
      } else if (!addEntry(parts, head, s)) return undefined;
    }
  }
  // The first entry has no separator before it.
  if (parts.length > 0) parts[0] = parts[0].slice(1);
  return parts.join('');
}

/** Adds one value's entry; false when the value holds a separator (the record then goes to JSON). */
function addEntry(parts: string[], head: string, value: string): boolean {
  if (holdsSeparator(value)) return false;
  parts.push(head, value);
  return true;
}
