import type { Schema } from '../schema/schema.js';
import { parseCsvRows, unquote } from '../formats/csv.js';
import { planColumns } from './column-plan.js';
import type { ResolvedFrameOptions } from './options.js';
import { startRead, type ColumnsRead, type ReadState } from './read-state.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Bytes decoded per step; a row longer than this doubles it. */
const CHUNK = 1 << 16;

/**
 * Rows to make room for: the rows of a sample of the data (line breaks
 * outside quotes), scaled to the whole, a little over so that columns are
 * rarely grown.
 */
function estimateRows(data: Uint8Array | string, from: number): number {
  const total = data.length - from;
  const sample = Math.min(total, 1 << 18);
  let rows = 0;
  let inQuotes = false;
  // A doubled quote flips twice, so the parity tells whether a break is inside a value.
  if (typeof data === 'string') {
    for (let i = from; i < from + sample; i++) {
      const c = data.charCodeAt(i);
      if (c === QUOTE) inQuotes = !inQuotes;
      else if (c === LF && !inQuotes) rows++;
    }
  } else {
    for (let i = from; i < from + sample; i++) {
      const c = data[i];
      if (c === QUOTE) inQuotes = !inQuotes;
      else if (c === LF && !inQuotes) rows++;
    }
  }
  return Math.ceil((((rows + 1) * total) / Math.max(sample, 1)) * 1.03) + 16;
}

/** Where a quoted cell lies: its text range, or its unescaped text, and where it ends. */
interface QuotedCell {
  start: number;
  end: number;
  /** The cell's text when it had to be unescaped (doubled quotes, text after the closing quote). */
  escaped: string | undefined;
  next: number;
}

const quoted: QuotedCell = { start: 0, end: 0, escaped: undefined, next: 0 };

/** Unescapes a quoted cell from `i` (its opening quote): doubled quotes, or no closing quote. */
function unescapeQuoted(text: string, i: number): QuotedCell {
  const cell = unquote(text, i);
  quoted.escaped = cell.value;
  quoted.next = cell.next;
  return quoted;
}

/**
 * Reads a quoted cell starting at `i`. The common case (no doubled quote)
 * is a range of the text; text after the closing quote is kept with the
 * cell, as lenient readers do.
 */
function readQuoted(text: string, i: number, n: number, d: number): QuotedCell {
  const q = text.indexOf('"', i + 1);
  let cell = quoted;
  if (q >= 0 && (q + 1 === n || text.charCodeAt(q + 1) !== QUOTE)) {
    cell.start = i + 1;
    cell.end = q;
    cell.escaped = undefined;
    cell.next = q + 1;
  } else {
    cell = unescapeQuoted(text, i);
  }
  let j = cell.next;
  if (j < n) {
    let c = text.charCodeAt(j);
    if (c !== d && c !== LF && c !== CR) {
      const from = j;
      while (j < n) {
        c = text.charCodeAt(j);
        if (c === d || c === LF || c === CR) break;
        j++;
      }
      cell.escaped = (cell.escaped ?? text.slice(cell.start, cell.end)) + text.slice(from, j);
      cell.next = j;
    }
  }
  return cell;
}

/** Undoes what a row cut by the chunk's end reported; it is read again whole from the next chunk. */
function undoRow(state: ReadState, invalidMark: number, missingMark: number, textsMark: number): void {
  state.context.invalid.length = invalidMark;
  state.context.missing.length = missingMark;
  state.context.texts.length = textsMark;
}

/** The outcome of one chunk: where its last complete row ended, and the next row index. */
interface ChunkRead {
  consumed: number;
  row: number;
}

/**
 * Reads the complete rows of `text` (a chunk of the export) from offset
 * `from`, numbering them from `row`. When `final` is false a row cut by the
 * chunk's end is undone and left for the next chunk.
 */
function scanRows(
  text: string,
  from: number,
  state: ReadState,
  d: number,
  row: number,
  final: boolean,
  out: ChunkRead,
): ChunkRead {
  const reads = state.reads;
  const ncols = reads.length;
  const ctx = state.context;
  const n = text.length;
  let i = from;
  while (i < n) {
    if (row === state.capacity) state.grow(Math.ceil(row * 1.25) + 16);
    const rowStart = i;
    const invalidMark = ctx.invalid.length;
    const missingMark = ctx.missing.length;
    const textsMark = ctx.texts.length;
    let col = 0;
    let complete = final;
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        const cell = readQuoted(text, i, n, d);
        i = cell.next;
        if (col < ncols) {
          if (cell.escaped === undefined) reads[col](text, cell.start, cell.end, row);
          else state.builders[col].put(row, decodeLatin1(cell.escaped, ctx.source));
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === d || c === LF || c === CR) break;
          j++;
        }
        // Blank cells need no call: builders start out null. One-character
        // cells with a known stored value (booleans, short codes) need none either.
        if (j > i && col < ncols) {
          const lane = j - i === 1 ? state.lanes[col] : null;
          const c = lane === null ? -1 : text.charCodeAt(i);
          const value = c >= 0 && c < 128 ? lane!.table[c] : -1;
          if (value >= 0) lane!.values[row] = value;
          else reads[col](text, i, j, row);
        }
        i = j;
      }
      col++;
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === d) {
        i++;
        // A delimiter at the very end leaves one more (blank) cell: nothing to store.
        if (i >= n) break;
        continue;
      }
      if (c === CR) {
        if (i + 1 >= n && !final) break; // a \r\n cut between chunks
        i += i + 1 < n && text.charCodeAt(i + 1) === LF ? 2 : 1;
      } else {
        i++;
      }
      complete = true;
      break;
    }
    if (!complete) {
      undoRow(state, invalidMark, missingMark, textsMark);
      out.consumed = rowStart;
      out.row = row;
      return out;
    }
    // Cells missing at the end of a short row stay null (builders start out null).
    row++;
  }
  out.consumed = n;
  out.row = row;
  return out;
}

/** An unescaped cell of a Latin-1 chunk of UTF-8 bytes, as real text. */
function decodeLatin1(value: string, source: Uint8Array | string): string {
  if (typeof source === 'string') return value;
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) > 127) return Buffer.from(value, 'latin1').toString('utf8');
  }
  return value;
}

/** Where an export's header starts (after a byte-order mark) and ends, and its names. */
function headerOf(data: Uint8Array | string, delimiter: string): { start: number; end: number; names: string[] } {
  const isText = typeof data === 'string';
  const start = isText
    ? data.charCodeAt(0) === 0xfeff
      ? 1
      : 0
    : data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf
      ? 3
      : 0;
  // REDCap's header names never hold line breaks: the first line is the header.
  const lineEnd = isText ? data.indexOf('\n', start) : data.indexOf(LF, start);
  const end = lineEnd < 0 ? data.length : lineEnd + 1;
  const text = isText
    ? data.slice(start, end)
    : Buffer.from(data.buffer, data.byteOffset + start, end - start).toString('utf8');
  return { start, end, names: parseCsvRows(text, delimiter)[0] ?? [] };
}

/**
 * Reads the rows of `data` from `from` a chunk at a time, numbering them
 * from `row`, pausing after each chunk (a reader that shares the thread
 * with downloads lets them go on); returns the next row index.
 */
function* scanSteps(
  state: ReadState,
  data: Uint8Array,
  from: number,
  d: number,
  row: number,
  chunkBytes: number,
): Generator<void, number, void> {
  if (data.length > 0x7fffffff) {
    // Text columns keep 32-bit offsets into the export.
    throw new Error(`The export is ${data.length} bytes long; exports over 2 GiB must be read in batches of records`);
  }
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const n = data.length;
  let pos = from;
  let size = chunkBytes;
  const step: ChunkRead = { consumed: 0, row: 0 };
  while (pos < n) {
    const end = Math.min(n, pos + size);
    const final = end === n;
    state.context.base = pos;
    scanRows(buffer.toString('latin1', pos, end), 0, state, d, row, final, step);
    if (step.consumed === 0 && !final) {
      size *= 2;
      continue;
    }
    size = chunkBytes;
    pos += step.consumed;
    row = step.row;
    yield;
  }
  return row;
}

/** {@link scanSteps} without pauses. */
function scanBytes(...args: Parameters<typeof scanSteps>): number {
  const steps = scanSteps(...args);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * The one-pass CSV reader. It walks the export once, a chunk at a time;
 * each cell goes to its column's builder as a range of the chunk, so that
 * numbers, dates, booleans and choices are parsed in place and text is kept
 * as ranges of the export. Bytes are read through Latin-1 views (one
 * character per byte: ASCII values read as they are, offsets are byte
 * offsets); anything else is decoded as UTF-8 before the value rules see
 * it. Rows, quoting and line breaks follow `parseCsvRows`
 * (src/formats/csv.ts), which the generic reader uses.
 */
export function readCsvFast(
  data: Uint8Array | string,
  schema: Schema,
  opts: ResolvedFrameOptions,
  chunkBytes = CHUNK,
): ColumnsRead {
  const d = opts.delimiter.charCodeAt(0);
  const header = headerOf(data, opts.delimiter);
  const specs = planColumns(header.names, schema, opts);
  const n = data.length;
  const state = startRead(specs, schema, header.end < n ? estimateRows(data, header.end) : 0, data);
  if (typeof data !== 'string') return state.finish(scanBytes(state, data, header.end, d, 0, chunkBytes));
  state.context.base = 0;
  return state.finish(scanRows(data, header.end, state, d, 0, true, { consumed: 0, row: 0 }).row);
}

/**
 * The batches of one CSV export (the same header) read one after another
 * into the same columns, as they come: what reading them joined gives,
 * without joining columns afterwards. Each batch's text ranges are kept
 * where its rows will sit in the joined bytes (`shift`, see CsvJoiner),
 * which `finish` is given. The first batch is read with `add` too.
 */
export class CsvPartsReader {
  readonly #state: ReadState;
  readonly #d: number;
  #row = 0;

  /** Plans the columns from the first batch's header; `expected` batches in all make room for about as many times its rows. */
  constructor(
    first: Uint8Array,
    schema: Schema,
    private readonly opts: ResolvedFrameOptions,
    expected = 1,
  ) {
    this.#d = opts.delimiter.charCodeAt(0);
    const header = headerOf(first, opts.delimiter);
    const rows = header.end < first.length ? estimateRows(first, header.end) : 0;
    this.#state = startRead(planColumns(header.names, schema, opts), schema, rows * Math.max(1, expected), first);
  }

  /**
   * Reads the next batch, whose rows will sit `shift` bytes further in the
   * joined bytes than in its own, pausing after each chunk read.
   */
  *add(part: Uint8Array, shift: number): Generator<void, void, void> {
    this.#state.useSource(part);
    this.#state.context.shift = shift;
    const from = headerOf(part, this.opts.delimiter).end;
    this.#row = yield* scanSteps(this.#state, part, from, this.#d, this.#row, CHUNK);
  }

  /** The columns, their text pointing into the joined bytes. */
  finish(joined: Uint8Array): ColumnsRead {
    this.#state.useSource(joined);
    this.#state.context.shift = 0;
    return this.#state.finish(this.#row);
  }
}
