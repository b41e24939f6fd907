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
import { rowsToHtml, rowsToText } from './html.js';
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

/** A non-empty array of plain objects (API rows: records, metadata, events…). */
function isRowList(x: unknown): x is object[] {
  return Array.isArray(x) && x.length > 0 && x.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r) && Object.getPrototypeOf(r) === Object.prototype);
}

/** The HTML `show` would display for a value (undefined for plain values shown as text). */
export function htmlOf(value: unknown, options: FrameTableOptions = {}): string | undefined {
  if (value instanceof Chart) return value.toHTML();
  if (isTypedFrame(value) || isTable(value)) return frameToHtml(value, options);
  if (value instanceof Schema) return codebookToHtml(value);
  if (isValueReport(value)) return valueReportToHtml(value, { limit: options.limit });
  if (isRowList(value)) return rowsToHtml(value, { limit: options.limit ?? 20, columns: options.columns, title: options.title });
  if (hasToHtml(value)) return value.toHTML();
  return undefined;
}

/** The text `show` prints outside a notebook. */
export function textOf(value: unknown, options: FrameTableOptions = {}): string {
  if (typeof value === 'string') return value;
  if (isTypedFrame(value) || isTable(value)) return frameToText(value, options);
  if (value instanceof Schema) return codebookToText(value);
  if (value instanceof Chart) return value.toString();
  if (isRowList(value)) return rowsToText(value, { limit: options.limit ?? 20, columns: options.columns, title: options.title });
  const own = (value as { toString?: () => string } | null)?.toString;
  if (typeof value === 'object' && value !== null && own !== Object.prototype.toString && typeof own === 'function') return own.call(value);
  return inspect(value, { depth: 4, colors: false });
}

/**
 * Displays a value: a typed frame or Arquero table as an HTML table (types
 * and labels in the header, nulls marked, `limit` rows), a schema as its
 * codebook, an invalid-value report, a summary, a chart as SVG, rows
 * from the API (an array of plain objects) as a table, and anything with
 * `toHTML()`. Outside tslab it prints text to stdout.
 */
export function show(value: unknown, options: FrameTableOptions = {}): void {
  const display = kernelDisplay();
  if (!display) {
    console.log(textOf(value, options));
    return;
  }
  if (value instanceof Chart) {
    display.svg(value.svg);
    return;
  }
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
