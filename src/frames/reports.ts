/**
 * What a typed read set aside: values that failed their field's rules and
 * project missing-data codes. Both became null in the table and are listed
 * here, with the row's keys, so nothing vanishes silently. Rows are plain
 * objects, so a report prints, serialises and converts to a table as is.
 */
import { escapeHtml } from '../formats/html.js';

/** Keys of the export row a value came from. */
export interface RowKeys {
  /** Row index in the frame's table. */
  row: number;
  record: string;
  /** Unique event name (null in classic projects). */
  event: string | null;
  /** Repeat instrument (null when the row is not a repeating instrument's). */
  instrument: string | null;
  /** Repeat instance (null for non-repeating rows). */
  instance: number | null;
}

/** A value that failed its field's validation, choices or type. */
export interface InvalidValue extends RowKeys {
  /** Export column (for checkboxes `field___code`). */
  field: string;
  value: string;
  reason: string;
}

/** A project missing-data code found in place of a value. */
export interface MissingValue extends RowKeys {
  field: string;
  code: string;
  /** The code's label from the project settings. */
  label: string;
}

/**
 * A number REDCap stores in another form than the one a write-back gives
 * its value (`.34` for 0.34, `007` for 7, `1.50` for 1.5): the table has
 * the number, this keeps the text, so that an unchanged value is written
 * back as it was stored.
 */
export interface NumberText extends RowKeys {
  field: string;
  text: string;
}

/** A list of report rows with a title, printable as text or as an HTML table. */
export class ValueReport<Row extends RowKeys> {
  constructor(
    readonly title: string,
    readonly columns: readonly (keyof Row & string)[],
    readonly rows: readonly Row[],
  ) {}

  get length(): number {
    return this.rows.length;
  }

  [Symbol.iterator](): Iterator<Row> {
    return this.rows[Symbol.iterator]();
  }

  /** Rows of one field (export column). */
  forField(field: string): Row[] {
    return this.rows.filter((r) => (r as unknown as { field: string }).field === field);
  }

  /** Number of rows per field, in order of first appearance. */
  countsByField(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.rows) {
      const f = (r as unknown as { field: string }).field;
      counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    return counts;
  }

  /** An HTML table of the first `limit` rows (notebooks display it as is). */
  toHTML(limit = 50): string {
    const head = this.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
    const body = this.rows
      .slice(0, limit)
      .map((r) => `<tr>${this.columns.map((c) => `<td>${escapeHtml(r[c])}</td>`).join('')}</tr>`)
      .join('');
    const more = this.rows.length > limit ? `<p>… ${this.rows.length - limit} more</p>` : '';
    return (
      `<div><p><strong>${escapeHtml(this.title)}</strong>: ${this.rows.length} value${this.rows.length === 1 ? '' : 's'}</p>` +
      (this.rows.length ? `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}` : '') +
      '</div>'
    );
  }

  toString(): string {
    const lines = [`${this.title}: ${this.rows.length}`];
    for (const r of this.rows.slice(0, 20)) lines.push(this.columns.map((c) => `${c}=${String(r[c] ?? '')}`).join(' '));
    if (this.rows.length > 20) lines.push(`… ${this.rows.length - 20} more`);
    return lines.join('\n');
  }

  toJSON(): Row[] {
    return [...this.rows];
  }
}

export type InvalidValueReport = ValueReport<InvalidValue>;
export type MissingValueReport = ValueReport<MissingValue>;
export type NumberTextReport = ValueReport<NumberText>;

export const INVALID_COLUMNS = ['record', 'event', 'instrument', 'instance', 'field', 'value', 'reason'] as const;
export const MISSING_COLUMNS = ['record', 'event', 'instrument', 'instance', 'field', 'code', 'label'] as const;
export const NUMBER_TEXT_COLUMNS = ['record', 'event', 'instrument', 'instance', 'field', 'text'] as const;
