/**
 * `show`: rich output in tslab for everything this package makes —
 * frames and tables, summaries, invalid-value reports, codebooks, charts,
 * reports — and plain text anywhere else. It returns nothing, so a call at
 * the end of a cell does not print a value as well.
 */
import { inspect } from 'node:util';
import { Chart } from './charts/chart.js';
import { codebookToHtml, codebookToText } from './codebook-html.js';
import { frameToHtml, frameToText, type FrameTableOptions } from './frame-table.js';
import { block, escapeHtml, rowsToHtml, rowsToText, tdHtml } from './html.js';
import { kernelDisplay } from './kernel.js';
import { isTable, isTypedFrame } from './table-source.js';
import { isValueReport, valueReportToHtml } from './value-report.js';
import { Schema } from '../schema/schema.js';

/** Anything that renders itself as HTML. */
export interface HtmlRenderable {
  toHTML(): string;
}

function hasToHtml(x: unknown): x is HtmlRenderable {
  return typeof x === 'object' && x !== null && typeof (x as HtmlRenderable).toHTML === 'function';
}

/** What `show` reads of a Danfo.js DataFrame. */
interface DanfoLike {
  columns: string[];
  dtypes: string[];
  shape: number[];
  values: unknown[][];
}

function isDanfo(x: unknown): x is DanfoLike {
  const d = x as DanfoLike | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    Array.isArray(d.columns) &&
    Array.isArray(d.dtypes) &&
    Array.isArray(d.shape) &&
    Array.isArray(d.values)
  );
}

/** A Danfo.js DataFrame as an HTML table, its dtypes in the header. */
export function danfoToHtml(df: DanfoLike, options: { limit?: number; title?: string } = {}): string {
  const limit = options.limit ?? 10;
  const rows = df.values.slice(0, limit).map((r) => (Array.isArray(r) ? r : [r]));
  const head = df.columns
    .map((c, k) => `<th>${escapeHtml(c)}<span class="rf-type">${escapeHtml(df.dtypes[k] ?? '')}</span></th>`)
    .join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${df.columns.map((_, k) => tdHtml(typeof r[k] === 'number' && Number.isNaN(r[k]) ? null : r[k])).join('')}</tr>`,
    )
    .join('');
  const n = df.shape[0] ?? df.values.length;
  const more =
    n > rows.length ? `<p class="rf-more">… ${n - rows.length} more row${n - rows.length === 1 ? '' : 's'}</p>` : '';
  return block(
    `<p class="rf-note">Danfo DataFrame: ${n} rows × ${df.columns.length} columns</p><div class="rf-scroll"><table class="rf-table"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>${more}`,
    options.title,
    'data-rf="danfo"',
  );
}

/** A non-empty array of plain objects (API rows: records, metadata, events…). */
function isRowList(x: unknown): x is object[] {
  return (
    Array.isArray(x) &&
    x.length > 0 &&
    x.every(
      (r) => typeof r === 'object' && r !== null && !Array.isArray(r) && Object.getPrototypeOf(r) === Object.prototype,
    )
  );
}

/** The HTML `show` would display for a value (undefined for plain values shown as text). */
export function htmlOf(value: unknown, options: FrameTableOptions = {}): string | undefined {
  if (value instanceof Chart) return value.toHTML();
  if (isTypedFrame(value) || isTable(value)) return frameToHtml(value, options);
  if (value instanceof Schema) return codebookToHtml(value);
  if (isValueReport(value)) return valueReportToHtml(value, { limit: options.limit });
  if (isRowList(value))
    return rowsToHtml(value, { limit: options.limit ?? 20, columns: options.columns, title: options.title });
  if (isDanfo(value)) return danfoToHtml(value, options);
  if (hasToHtml(value)) {
    const html = value.toHTML();
    // Other modules' HTML (import diffs, problems…) gets the same table style.
    return html.startsWith('<div class="rf-block"') || html.startsWith('<figure')
      ? html
      : block(`<div class="rf-foreign">${html}</div>`);
  }
  return undefined;
}

/** The text `show` prints outside a notebook. */
export function textOf(value: unknown, options: FrameTableOptions = {}): string {
  if (typeof value === 'string') return value;
  if (isTypedFrame(value) || isTable(value)) return frameToText(value, options);
  if (value instanceof Schema) return codebookToText(value);
  if (value instanceof Chart) return value.toString();
  if (isRowList(value))
    return rowsToText(value, { limit: options.limit ?? 20, columns: options.columns, title: options.title });
  const own = (value as { toString?: () => string } | null)?.toString;
  if (typeof value === 'object' && value !== null && own !== Object.prototype.toString && typeof own === 'function')
    return own.call(value);
  return inspect(value, { depth: 4, colors: false });
}

/**
 * Displays a value: a typed frame or Arquero table as an HTML table (types
 * and labels in the header, nulls marked, `limit` rows), a schema as its
 * codebook, an invalid-value report, a summary, a chart as SVG, rows
 * from the API (an array of plain objects) and Danfo.js DataFrames as
 * tables, and anything with
 * `toHTML()`. Outside tslab it prints text to stdout.
 */
export function show(value: unknown, options: FrameTableOptions = {}): void {
  const display = kernelDisplay();
  if (!display) {
    console.log(textOf(value, options));
    return;
  }
  // Charts go out as HTML with the SVG inline, not as image/svg+xml: nbconvert 6
  // strips the elements of SVG outputs when it writes HTML, leaving only their text.
  const html = htmlOf(value, options);
  if (html !== undefined) display.html(html);
  else display.text(textOf(value, options));
}

/** Displays raw HTML (trusted: built by the caller) in a notebook; prints it outside. */
export function showHtml(html: string): void {
  const display = kernelDisplay();
  if (display) display.html(html);
  else console.log(html);
}

/** Displays Markdown in a notebook; prints it outside. */
export function showMarkdown(markdown: string): void {
  const display = kernelDisplay();
  if (display) display.markdown(markdown);
  else console.log(markdown);
}

/** Displays a PNG, JPEG or GIF image (e.g. a file exported from a file field); outside a notebook prints its size. */
export function showImage(data: Uint8Array, contentType = 'image/png'): void {
  const display = kernelDisplay();
  if (display && contentType === 'image/png') display.png(data);
  else if (display && (contentType === 'image/jpeg' || contentType === 'image/gif')) {
    display.html(`<img alt="image" src="data:${contentType};base64,${Buffer.from(data).toString('base64')}">`);
  } else console.log(`[${contentType} image, ${data.length} bytes]`);
}
