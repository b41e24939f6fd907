import { csvLine } from '../../formats/csv.js';
import { XML_DECLARATION, xmlItem, type Format } from '../http/formats.js';
import type { RecordLines } from '../store/row-lines.js';
import type { FlatColumn, FlatExport } from './flat-export.js';

/** Rows per chunk written to the socket: large enough to keep writes few, small enough to stream. */
const CHUNK_ROWS = 500;

/** A flat CSV export's header line: field names, or labels when asked. */
function csvHeader(columns: readonly FlatColumn[], opts: { delimiter: string; labelHeaders: boolean }): string {
  return csvLine(
    columns.map((c) => (opts.labelHeaders ? c.label : c.name)),
    opts.delimiter,
  );
}

/** Rows of a flat export as they are produced, with their columns. */
export interface FlatStream {
  columns: readonly FlatColumn[];
  rows: Iterable<readonly string[]>;
}

/** Chunks of a flat export but the last, which is returned with the row count. */
type Chunks = Generator<string, { count: number; rest: string }>;

/**
 * A flat export as chunks of text, made as the rows come. CSV: header
 * (field names, or labels when asked) and rows, nothing at all when
 * there are no rows; JSON: an array of objects with every value a string
 * except `redcap_repeat_instance`, a number when set; XML:
 * `<records><item>`. `onEnd` is told the row count once all is made.
 */
export function* renderFlat(
  exp: FlatStream,
  format: Format,
  opts: { delimiter: string; labelHeaders: boolean },
  onEnd?: (rows: number) => void,
): Generator<string> {
  const chunks = format === 'csv' ? csvChunks(exp, opts) : format === 'json' ? jsonChunks(exp) : xmlChunks(exp);
  const { count, rest } = yield* chunks;
  onEnd?.(count);
  // An empty CSV export is an empty body; a chunked body needs at least one (possibly empty) chunk.
  yield rest;
}

function* csvChunks(exp: FlatStream, opts: { delimiter: string; labelHeaders: boolean }): Chunks {
  const header = csvHeader(exp.columns, opts);
  let count = 0;
  // Lines are joined per chunk: one flat string to write, not a tree of five hundred concatenations.
  let lines: string[] = [];
  for (const r of exp.rows) {
    if (count === 0) lines.push(header);
    lines.push(csvLine(r, opts.delimiter));
    if (++count % CHUNK_ROWS === 0) {
      yield lines.join('');
      lines = [];
    }
  }
  return { count, rest: lines.join('') };
}

function* jsonChunks(exp: FlatStream): Chunks {
  const names = exp.columns.map((c) => c.name);
  const keys = names.map((n) => JSON.stringify(n));
  const instanceCol = names.indexOf('redcap_repeat_instance');
  let count = 0;
  let buf = '[';
  for (const r of exp.rows) {
    let o = count === 0 ? '{' : ',{';
    for (let k = 0; k < r.length; k++) {
      if (k > 0) o += ',';
      const v = r[k];
      o += `${keys[k]}:${k === instanceCol && v !== '' ? v : JSON.stringify(v)}`;
    }
    buf += `${o}}`;
    if (++count % CHUNK_ROWS === 0) {
      yield buf;
      buf = '';
    }
  }
  return { count, rest: `${buf}]` };
}

function* xmlChunks(exp: FlatStream): Chunks {
  const names = exp.columns.map((c) => c.name);
  let count = 0;
  let buf = `${XML_DECLARATION}\n<records>\n`;
  for (const r of exp.rows) {
    const obj: Record<string, string> = {};
    names.forEach((n, k) => (obj[n] = r[k]));
    buf += xmlItem(obj, names);
    if (++count % CHUNK_ROWS === 0) {
      yield buf;
      buf = '';
    }
  }
  return { count, rest: `${buf}</records>\n` };
}

/**
 * A flat CSV export as chunks of text, from its records' lines as they
 * come: the header (field names, or labels when asked), then the lines;
 * nothing at all when no record has rows. `onEnd` is told how many
 * records had rows and how many rows there were.
 */
export function* renderCsvLines(
  columns: readonly FlatColumn[],
  lines: Iterable<RecordLines>,
  opts: { delimiter: string; labelHeaders: boolean },
  onEnd?: (records: number, rows: number) => void,
): Generator<string> {
  let parts: string[] = [];
  let records = 0;
  let rows = 0;
  let pending = 0;
  for (const [, count, text] of lines) {
    if (count === 0) continue;
    if (rows === 0) parts.push(csvHeader(columns, opts));
    parts.push(text);
    records++;
    rows += count;
    if ((pending += count) >= CHUNK_ROWS) {
      yield parts.join('');
      parts = [];
      pending = 0;
    }
  }
  onEnd?.(records, rows);
  yield parts.join('');
}

/**
 * Makes a lazy body's first chunk now, so that a failure at its start is
 * still answered as an error rather than cutting a 200 answer short.
 */
export function startEarly(chunks: Iterator<string> & Iterable<string>): Iterable<string> {
  const first = chunks.next();
  return (function* () {
    if (first.done) return;
    yield first.value;
    yield* chunks;
  })();
}

/** Rows of an EAV export: one per non-blank value; checkboxes one per checked code. */
export function eavRows(exp: FlatExport, recordIdField: string): Record<string, string | number>[] {
  const out: Record<string, string | number>[] = [];
  const idx = (name: string) => exp.columns.findIndex((c) => c.name === name);
  const idCol = idx(recordIdField);
  const eventCol = idx('redcap_event_name');
  const formCol = idx('redcap_repeat_instrument');
  const instCol = idx('redcap_repeat_instance');
  for (const r of exp.rows) {
    const base: Record<string, string | number> = { record: idCol >= 0 ? r[idCol] : '' };
    if (eventCol >= 0) base.redcap_event_name = r[eventCol];
    if (formCol >= 0) {
      base.redcap_repeat_instrument = r[formCol];
      base.redcap_repeat_instance = r[instCol] === '' ? '' : Number(r[instCol]);
    }
    exp.columns.forEach((c, k) => {
      if (!c.field || c.special) return;
      const v = r[k];
      if (c.field.code !== undefined) {
        if (v === '1' || (v !== '0' && v !== '' && v !== 'Unchecked'))
          out.push({ ...base, field_name: c.field.rule.name, value: c.field.code });
        return;
      }
      if (v !== '') out.push({ ...base, field_name: c.name, value: v });
    });
  }
  return out;
}
