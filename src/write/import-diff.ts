/**
 * What an import would change, cell by cell, against what the server
 * holds now (a raw export of the same records and fields): values
 * added where there were none, values changed, and stored values erased
 * by blanks (only when erasing). Checkbox options count as values when
 * checked: checking one adds, unchecking one changes, a blank erases it.
 */
import { parseCsvRows } from '../formats/csv.js';
import type { ImportRows } from './import-rows.js';
import { escapeHtml } from '../formats/html.js';

export type ChangeKind = 'added' | 'changed' | 'erased';

export interface DiffCell {
  record: string;
  /** Unique event name ('' in classic projects). */
  event: string;
  instrument: string;
  instance: string;
  /** Import column (`field___code` for a checkbox option). */
  field: string;
  old: string;
  new: string;
  change: ChangeKind;
}

export interface FieldChanges {
  added: number;
  changed: number;
  erased: number;
}

const DIFF_COLUMNS = ['record', 'event', 'instrument', 'instance', 'field', 'old', 'new', 'change'] as const;

/** The changes an import makes: counts, per-field counts, and the cells (up to a limit). */
export class ImportDiff {
  added = 0;
  changed = 0;
  erased = 0;
  /** Non-blank values sent that equal what is stored. */
  unchanged = 0;
  /** Changed cells, in import order (at most `limit`; counts are always complete). */
  readonly cells: DiffCell[] = [];
  /** True when there were more changed cells than `limit`. */
  truncated = false;
  /** Records the server does not hold yet. */
  readonly newRecords: string[] = [];
  /** Records with at least one change. */
  records = 0;
  private readonly fields = new Map<string, FieldChanges>();

  constructor(readonly limit = 100_000) {}

  /** @internal */
  add(cell: DiffCell): void {
    this[cell.change]++;
    let f = this.fields.get(cell.field);
    if (!f) this.fields.set(cell.field, (f = { added: 0, changed: 0, erased: 0 }));
    f[cell.change]++;
    if (this.cells.length < this.limit) this.cells.push(cell);
    else this.truncated = true;
  }

  /** Cells changed in all. */
  get total(): number {
    return this.added + this.changed + this.erased;
  }

  /** Counts per import column, in order of first change. */
  byField(): Map<string, FieldChanges> {
    return new Map(this.fields);
  }

  /** A few lines: the counts, the columns changed, the first cells. */
  toString(limit = 20): string {
    const lines = [
      `${this.total} cell${this.total === 1 ? '' : 's'} would change in ${this.records} record${this.records === 1 ? '' : 's'}` +
        ` (${this.newRecords.length} new): ${this.added} added, ${this.changed} changed, ${this.erased} erased; ${this.unchanged} unchanged.`,
    ];
    for (const [field, c] of this.fields)
      lines.push(`  ${field}: ${c.added} added, ${c.changed} changed, ${c.erased} erased`);
    for (const c of this.cells.slice(0, limit)) {
      const where = [c.record, c.event, c.instrument, c.instance].filter((x) => x !== '').join(' / ');
      lines.push(`  ${c.change.padEnd(7)} ${where} ${c.field}: ${JSON.stringify(c.old)} → ${JSON.stringify(c.new)}`);
    }
    if (this.total > limit) lines.push(`  … ${this.total - Math.min(limit, this.cells.length)} more`);
    return lines.join('\n');
  }

  toHTML(limit = 50): string {
    const head = DIFF_COLUMNS.map((c) => `<th>${c}</th>`).join('');
    const body = this.cells
      .slice(0, limit)
      .map((cell) => `<tr>${DIFF_COLUMNS.map((c) => `<td>${escapeHtml(cell[c])}</td>`).join('')}</tr>`)
      .join('');
    return (
      `<div><p><strong>Import diff</strong>: ${this.added} added, ${this.changed} changed, ${this.erased} erased, ${this.unchanged} unchanged` +
      ` in ${this.records} records (${this.newRecords.length} new)</p>` +
      (this.cells.length ? `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>` : '') +
      (this.total > limit ? `<p>… ${this.total - Math.min(limit, this.cells.length)} more</p>` : '') +
      '</div>'
    );
  }

  toJSON(): {
    added: number;
    changed: number;
    erased: number;
    unchanged: number;
    records: number;
    newRecords: string[];
    cells: DiffCell[];
  } {
    return {
      added: this.added,
      changed: this.changed,
      erased: this.erased,
      unchanged: this.unchanged,
      records: this.records,
      newRecords: [...this.newRecords],
      cells: [...this.cells],
    };
  }
}

function rowKey(record: string, event: string, instrument: string, instance: string): string {
  return `${record}\u0000${event}\u0000${instrument}\u0000${instance}`;
}

/**
 * Compares import rows with a raw CSV export of the same records (what
 * the server holds). `erase`: blanks erase stored values (REDCap's
 * overwrite behaviour); otherwise blanks leave them.
 */
export function diffImport(
  rows: ImportRows,
  currentCsv: string,
  options: { erase: boolean; limit?: number },
): ImportDiff {
  const diff = new ImportDiff(options.limit);
  const table = parseCsvRows(currentCsv);
  const header = table[0] ?? [];
  const at = (name: string) => header.indexOf(name);
  const recordAt = 0;
  const eventAt = at('redcap_event_name');
  const instrumentAt = at('redcap_repeat_instrument');
  const instanceAt = at('redcap_repeat_instance');
  const stored = new Map<string, string[]>();
  const storedRecords = new Set<string>();
  for (let k = 1; k < table.length; k++) {
    const cells = table[k];
    if (cells.length === 1 && cells[0] === '') continue;
    const pick = (i: number) => (i >= 0 ? (cells[i] ?? '') : '');
    stored.set(rowKey(cells[recordAt], pick(eventAt), pick(instrumentAt), pick(instanceAt)), cells);
    storedRecords.add(cells[recordAt]);
  }
  const fields = rows.columns.filter(
    (c) => c.role === 'field' || c.role === 'checkbox' || c.role === 'checkbox-missing',
  );
  const positions = fields.map((c) => at(c.name));
  const changedRecords = new Set<string>();
  const newRecords = new Set<string>();
  for (let r = 0; r < rows.length; r++) {
    const keys = rows.keysOf(r);
    if (!storedRecords.has(keys.record)) newRecords.add(keys.record);
    const current = stored.get(rowKey(keys.record, keys.event, keys.instrument, keys.instance));
    let changed = false;
    for (let c = 0; c < fields.length; c++) {
      const column = fields[c];
      const next = column.text(r);
      const old = current && positions[c] >= 0 ? (current[positions[c]] ?? '') : '';
      let change: ChangeKind | null = null;
      if (column.role !== 'field') {
        // A checkbox option: checked is a value, unchecked is none.
        const was = old === '1';
        if (next === '') change = options.erase && was ? 'erased' : null;
        else if (next === '1') change = was ? null : 'added';
        else change = was ? 'changed' : null;
        if (change === null && next !== '') diff.unchanged++;
      } else if (next === '') {
        change = options.erase && old !== '' ? 'erased' : null;
      } else if (next === old) {
        diff.unchanged++;
      } else {
        change = old === '' ? 'added' : 'changed';
      }
      if (change === null) continue;
      changed = true;
      diff.add({ ...keys, field: column.name, old, new: next, change });
    }
    if (changed) changedRecords.add(keys.record);
  }
  diff.records = changedRecords.size;
  diff.newRecords.push(...newRecords);
  return diff;
}
