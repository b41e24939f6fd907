/**
 * Import cells stored compactly, ready to be copied into a CSV body:
 * either an index per row into a few texts (codes, `0`/`1`), or the
 * UTF-8 bytes of each cell one after the other, already quoted where CSV
 * needs it. Keeping bytes rather than a string per cell lets a large
 * frame be converted without millions of strings kept alive.
 */

import { csvCell, csvQuoteTable } from '../formats/csv.js';
import { civilOfDay } from '../values/dates.js';

const CIVIL = new Int32Array(3);
const QUOTE = 34;
/** Import bodies use the minimal CSV rule (formats/csv.ts): 1 for a byte that makes a cell quoted. */
const QUOTES = csvQuoteTable('minimal');

/** A text as one CSV cell: quoted (quotes doubled) when it holds a comma, quote or line break. */
export function csvCellText(text: string): string {
  return csvCell(text, ',', 'minimal');
}

function unquote(cell: string): string {
  return cell.charCodeAt(0) === QUOTE ? cell.slice(1, -1).replace(/""/g, '"') : cell;
}

/** One text per row out of a short list (`index` -1 is a blank). */
export class CodedCells {
  /** The CSV bytes of each text. */
  readonly bytes: Uint8Array[];
  /** The byte of each one-byte text (most codes: 0/1, 1-9), -1 for longer ones. */
  readonly single: Int32Array;
  /** All texts' bytes end to end: text k is `pool[starts[k]..starts[k + 1])`. */
  readonly pool: Uint8Array;
  readonly starts: Int32Array;

  constructor(
    readonly texts: readonly string[],
    readonly index: Int32Array,
  ) {
    this.bytes = texts.map((t) => Buffer.from(csvCellText(t), 'utf8'));
    this.single = Int32Array.from(this.bytes, (b) => (b.length === 1 ? b[0] : -1));
    this.starts = new Int32Array(texts.length + 1);
    this.bytes.forEach((b, k) => (this.starts[k + 1] = this.starts[k] + b.length));
    this.pool = new Uint8Array(this.starts[texts.length]);
    this.bytes.forEach((b, k) => this.pool.set(b, this.starts[k]));
  }

  get length(): number {
    return this.index.length;
  }

  text(row: number): string {
    const k = this.index[row];
    return k < 0 ? '' : this.texts[k];
  }

  isBlank(row: number): boolean {
    return this.index[row] < 0;
  }

  byteLength(row: number): number {
    const k = this.index[row];
    return k < 0 ? 0 : this.bytes[k].length;
  }

  copy(row: number, out: Uint8Array, at: number): number {
    const k = this.index[row];
    if (k < 0) return at;
    const b = this.bytes[k];
    for (let i = 0; i < b.length; i++) out[at + i] = b[i];
    return at + b.length;
  }
}

/** The same bytes as a Buffer (copy-free), for Buffer's native copy. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The CSV bytes of each row's cell, end to end; `offsets[row]`..`offsets[row + 1]`. */
export class ByteCells {
  readonly data: Buffer;

  constructor(
    data: Uint8Array,
    readonly offsets: Int32Array,
  ) {
    this.data = asBuffer(data);
  }

  get length(): number {
    return this.offsets.length - 1;
  }

  text(row: number): string {
    const a = this.offsets[row];
    const b = this.offsets[row + 1];
    if (a === b) return '';
    return unquote(Buffer.from(this.data.buffer, this.data.byteOffset, this.data.byteLength).toString('utf8', a, b));
  }

  isBlank(row: number): boolean {
    return this.offsets[row] === this.offsets[row + 1];
  }

  byteLength(row: number): number {
    return this.offsets[row + 1] - this.offsets[row];
  }

  copy(row: number, out: Uint8Array, at: number): number {
    const data = this.data;
    const b = this.offsets[row + 1];
    for (let i = this.offsets[row]; i < b; i++) out[at++] = data[i];
    return at;
  }
}

/**
 * Cells that are ranges of bytes held elsewhere (the export a typed frame
 * was read from): nothing is copied until the CSV body is written.
 * `starts[row]` is -1 for a blank and -2 - k for `extras[k]` (cells that
 * need CSV quotes, or texts that were not in the bytes).
 */
export class RangeCells {
  readonly data: Buffer;

  constructor(
    data: Uint8Array,
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly extras: readonly Buffer[],
  ) {
    this.data = asBuffer(data);
  }

  get length(): number {
    return this.starts.length;
  }

  text(row: number): string {
    const s = this.starts[row];
    if (s === -1) return '';
    const bytes = s < -1 ? this.extras[-2 - s] : this.data.subarray(s, this.ends[row]);
    return unquote(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  }

  isBlank(row: number): boolean {
    return this.starts[row] === -1;
  }

  byteLength(row: number): number {
    const s = this.starts[row];
    if (s === -1) return 0;
    return s < -1 ? this.extras[-2 - s].length : this.ends[row] - s;
  }
}

/** CSV bytes of a text, as a cell. */
export function csvCellBytes(text: string): Buffer {
  return Buffer.from(csvCellText(text), 'utf8');
}

/** Builds RangeCells row by row: ranges of `data` that need no quotes, other cells as bytes of their own. */
export class RangeCellsBuilder {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly extras: Buffer[] = [];
  private row = 0;

  constructor(
    readonly data: Uint8Array,
    rows: number,
  ) {
    this.starts = new Int32Array(rows);
    this.ends = new Int32Array(rows);
  }

  /** The next row is `data[start..end)` (UTF-8 text). */
  range(start: number, end: number): void {
    const data = this.data;
    for (let i = start; i < end; i++) {
      const c = data[i];
      if (QUOTES[c] === 1) {
        this.quoted(start, end, i);
        return;
      }
    }
    this.starts[this.row] = start;
    this.ends[this.row++] = end;
  }

  /** `data[start..end)` in CSV quotes, its quotes doubled (from `from` on, the first that may be one). */
  private quoted(start: number, end: number, from: number): void {
    const data = this.data;
    let quotes = 0;
    for (let i = from; i < end; i++) if (data[i] === QUOTE) quotes++;
    const out = Buffer.allocUnsafe(end - start + quotes + 2);
    let at = 0;
    out[at++] = QUOTE;
    for (let i = start; i < end; i++) {
      const c = data[i];
      out[at++] = c;
      if (c === QUOTE) out[at++] = QUOTE;
    }
    out[at] = QUOTE;
    this.starts[this.row++] = -2 - this.extras.length;
    this.extras.push(out);
  }

  /** The next row is this text ('' for a blank). */
  text(text: string): void {
    if (text === '') {
      this.starts[this.row++] = -1;
      return;
    }
    this.starts[this.row++] = -2 - this.extras.length;
    this.extras.push(csvCellBytes(text));
  }

  finish(): RangeCells {
    return new RangeCells(this.data, this.starts, this.ends, this.extras);
  }
}

export type Cells = CodedCells | ByteCells | RangeCells;

/** Builds ByteCells row by row. */
export class ByteCellsBuilder {
  private data: Buffer;
  private readonly offsets: Int32Array;
  private row = 0;
  private at = 0;

  constructor(rows: number, bytesPerCell = 8) {
    this.offsets = new Int32Array(rows + 1);
    this.data = Buffer.allocUnsafe(Math.max(64, rows * bytesPerCell));
  }

  private reserve(n: number): void {
    if (this.at + n <= this.data.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.data.length * 2, this.at + n));
    this.data.copy(next, 0, 0, this.at);
    this.data = next;
  }

  /** Appends the next row's text ('' for a blank), UTF-8 encoded, quoted as CSV needs. */
  push(text: string): void {
    const n = text.length;
    if (n !== 0) {
      let quote = false;
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c < 256 && QUOTES[c] === 1) {
          quote = true;
          break;
        }
      }
      // At most 3 bytes per UTF-16 unit, twice that with every quote doubled.
      this.reserve(quote ? n * 6 + 2 : n * 3);
      const data = this.data;
      let at = this.at;
      if (quote) data[at++] = QUOTE;
      for (let i = 0; i < n; i++) {
        let c = text.charCodeAt(i);
        if (c < 0x80) {
          data[at++] = c;
          if (c === QUOTE) data[at++] = QUOTE;
        } else if (c < 0x800) {
          data[at++] = 0xc0 | (c >> 6);
          data[at++] = 0x80 | (c & 0x3f);
        } else {
          if (c >= 0xd800 && c <= 0xdfff) {
            const next = text.charCodeAt(i + 1);
            if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
              const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
              i++;
              data[at++] = 0xf0 | (cp >> 18);
              data[at++] = 0x80 | ((cp >> 12) & 0x3f);
              data[at++] = 0x80 | ((cp >> 6) & 0x3f);
              data[at++] = 0x80 | (cp & 0x3f);
              continue;
            }
            c = 0xfffd; // a lone surrogate, as Buffer.from writes it
          }
          data[at++] = 0xe0 | (c >> 12);
          data[at++] = 0x80 | ((c >> 6) & 0x3f);
          data[at++] = 0x80 | (c & 0x3f);
        }
      }
      if (quote) data[at++] = QUOTE;
      this.at = at;
    }
    this.offsets[++this.row] = this.at;
  }

  /** Appends text known to be ASCII without commas, quotes or line breaks (numbers, dates, times). */
  pushPlain(text: string): void {
    const n = text.length;
    this.reserve(n);
    const data = this.data;
    let at = this.at;
    for (let i = 0; i < n; i++) data[at++] = text.charCodeAt(i);
    this.at = at;
    this.offsets[++this.row] = at;
  }

  /** Appends a whole number of at most 15 digits, written without making a string. */
  pushInteger(value: number): void {
    this.reserve(17);
    const data = this.data;
    let at = this.at;
    let v = value;
    if (v < 0) {
      data[at++] = 45;
      v = -v;
    }
    let digits = 1;
    for (let p = 10; p <= v; p *= 10) digits++;
    at += digits;
    for (let k = 1; k <= digits; k++) {
      const q = Math.floor(v / 10);
      data[at - k] = 48 + (v - q * 10);
      v = q;
    }
    this.at = at;
    this.offsets[++this.row] = at;
  }

  /**
   * Appends a number as `String(value)` writes it, when it is a short
   * decimal (at most 4 places and 15 digits: k / 10^p for a whole k, as
   * most measures are), without making a string; answers false otherwise.
   * Such a decimal is the shortest text that reads back as the number,
   * which is what String gives.
   */
  pushShortDecimal(value: number): boolean {
    let scale = 1;
    for (let places = 0; places <= 4; places++, scale *= 10) {
      const k = Math.round(value * scale);
      if (k / scale !== value) continue;
      if (!(k > -1e15 && k < 1e15)) return false;
      this.reserve(20);
      const data = this.data;
      let at = this.at;
      let v = k;
      if (v < 0) {
        data[at++] = 45;
        v = -v;
      }
      let digits = 1;
      for (let p = 10; p <= v; p *= 10) digits++;
      // At least one digit before the point: 0.05 for 5 in hundredths.
      const width = Math.max(digits, places + 1);
      const end = at + width + (places > 0 ? 1 : 0);
      let w = end;
      for (let n = 0; n < width; n++) {
        if (places > 0 && n === places) data[--w] = 46;
        const q = Math.floor(v / 10);
        data[--w] = 48 + (v - q * 10);
        v = q;
      }
      this.at = end;
      this.offsets[++this.row] = end;
      return true;
    }
    return false;
  }

  /** Appends `YYYY-MM-DD HH:MM[:SS]` of a wall-clock time in milliseconds (years 1 to 9999), without making a string. */
  pushWallClock(local: number, withSeconds: boolean): void {
    this.reserve(19);
    const day = Math.floor(local / 86_400_000);
    const inDay = Math.floor((local - day * 86_400_000) / 1000);
    civilOfDay(day, CIVIL);
    const data = this.data;
    let at = this.at;
    const two = (n: number) => {
      data[at++] = 48 + Math.floor(n / 10);
      data[at++] = 48 + (n % 10);
    };
    const y = CIVIL[0];
    two(Math.floor(y / 100));
    two(y % 100);
    data[at++] = 45;
    two(CIVIL[1]);
    data[at++] = 45;
    two(CIVIL[2]);
    data[at++] = 32;
    two(Math.floor(inDay / 3600));
    data[at++] = 58;
    two(Math.floor((inDay % 3600) / 60));
    if (withSeconds) {
      data[at++] = 58;
      two(inDay % 60);
    }
    this.at = at;
    this.offsets[++this.row] = at;
  }

  /** Appends the next row's text given as UTF-8 bytes `src[start..end)`. */
  pushBytes(src: Uint8Array, start: number, end: number): void {
    let quote = false;
    for (let i = start; i < end; i++) {
      const c = src[i];
      if (QUOTES[c] === 1) {
        quote = true;
        break;
      }
    }
    const n = end - start;
    this.reserve(quote ? n * 2 + 2 : n);
    const data = this.data;
    let at = this.at;
    if (quote) {
      data[at++] = QUOTE;
      for (let i = start; i < end; i++) {
        const c = src[i];
        data[at++] = c;
        if (c === QUOTE) data[at++] = QUOTE;
      }
      data[at++] = QUOTE;
    } else {
      for (let i = start; i < end; i++) data[at++] = src[i];
    }
    this.at = at;
    this.offsets[++this.row] = at;
  }

  finish(): ByteCells {
    return new ByteCells(this.data.subarray(0, this.at), this.offsets);
  }
}

/** Cells of a list of texts. */
export function byteCellsOf(texts: readonly string[]): ByteCells {
  const b = new ByteCellsBuilder(texts.length);
  for (const t of texts) b.push(t);
  return b.finish();
}
