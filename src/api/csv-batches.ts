/**
 * The CSV answers of a batched record export, handled as bytes: checked
 * for being whole and joined without ever being decoded to text (the
 * typed reader reads bytes, and decoding 100 MB only to encode it again
 * costs a second). Text answers go through the same code.
 */
import type { BatchContents } from './batch-export.js';

const QUOTE = 34;
const LF = 10;
const BOM = [0xef, 0xbb, 0xbf];

function bomLength(b: Uint8Array): number {
  return b.length >= 3 && b[0] === BOM[0] && b[1] === BOM[1] && b[2] === BOM[2] ? 3 : 0;
}

/** True when a CSV answer holds nothing but blanks (an export without rows). */
export function isBlankCsv(b: Uint8Array): boolean {
  for (let i = bomLength(b); i < b.length; i++)
    if (b[i] !== 32 && b[i] !== 9 && b[i] !== 13 && b[i] !== LF) return false;
  return true;
}

/** Where the header row ends, its line break included (quoted line breaks do not count). */
export function csvHeaderEndOf(b: Uint8Array, from = 0): number {
  let quoted = false;
  for (let i = from; i < b.length; i++) {
    if (b[i] === QUOTE) quoted = !quoted;
    else if (b[i] === LF && !quoted) return i + 1;
  }
  return b.length;
}

/** A cell's text, quotes removed. */
function cellText(b: Uint8Array, start: number, end: number): string {
  const text = Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('utf8');
  return text.length > 1 && text[0] === '"' ? text.slice(1, -1).replace(/""/g, '"') : text;
}

/** Where `byte` next occurs at or after `from` (the array's length when it does not). */
function nextOf(b: Uint8Array, byte: number, from: number): number {
  const at = b.indexOf(byte, from);
  return at < 0 ? b.length : at;
}

/**
 * The first cell of every row: the header's (the id column's name) and
 * then each record's, in one pass. An answer that does not end with a
 * line break outside quotes was cut (PHP's fputcsv ends every row so).
 * Every quote toggles quoting; the scan jumps from one quote, delimiter
 * or line break to the next with the native `indexOf`, remembering where
 * each comes next, so 100 MB are checked in a few tens of milliseconds.
 */
export function csvFirstCells(
  b: Uint8Array,
  delimiter: number,
): { cutShort: true } | { header: string; records: string[] } {
  const n = b.length;
  const cells: string[] = [];
  let rowStart = bomLength(b);
  let q = nextOf(b, QUOTE, rowStart);
  let d = nextOf(b, delimiter, rowStart);
  let lf = nextOf(b, LF, rowStart);
  let cellEnd = -1;
  let p = rowStart;
  while (p < n) {
    if (q < p) q = nextOf(b, QUOTE, p);
    if (d < p) d = nextOf(b, delimiter, p);
    if (lf < p) lf = nextOf(b, LF, p);
    if (cellEnd < 0 && d < q && d < lf) cellEnd = d;
    if (q < lf) {
      // Quoted from q to the next quote: whatever lies between counts for nothing.
      const close = b.indexOf(QUOTE, q + 1);
      if (close < 0) return { cutShort: true };
      p = close + 1;
      continue;
    }
    if (lf === n) return { cutShort: true };
    let end = cellEnd < 0 ? lf : cellEnd;
    if (cellEnd < 0 && end > rowStart && b[end - 1] === 13) end--;
    if (end > rowStart || cellEnd >= 0) cells.push(cellText(b, rowStart, end));
    rowStart = p = lf + 1;
    cellEnd = -1;
  }
  if (rowStart !== n) return { cutShort: true };
  return { header: cells[0] ?? '', records: cells.slice(1) };
}

/** What a CSV batch holds: its records, when its first column is the id. */
export function csvBatchContents(b: Uint8Array, idKey: string, delimiter: string): BatchContents {
  if (isBlankCsv(b)) return { records: [] };
  const cells = csvFirstCells(b, delimiter.charCodeAt(0));
  if ('cutShort' in cells) return cells;
  return cells.header === idKey ? { records: cells.records } : {};
}

/**
 * CSV answers with the same header joined as one, one answer at a time:
 * the first non-blank answer whole, the others without their header (and
 * byte-order mark). Throws when headers differ (the batches would not
 * line up).
 */
export class CsvJoiner {
  readonly #pieces: Uint8Array[] = [];
  #header: Buffer | undefined;
  #endsWithLf = true;
  #length = 0;

  /** Adds an answer; how far its bytes move in the joined bytes (undefined for a blank one, which adds nothing). */
  add(part: Uint8Array): number | undefined {
    if (isBlankCsv(part)) return undefined;
    const start = bomLength(part);
    const end = csvHeaderEndOf(part, start);
    let headEnd = end;
    if (headEnd > start && part[headEnd - 1] === LF) headEnd--;
    if (headEnd > start && part[headEnd - 1] === 13) headEnd--;
    const head = Buffer.from(part.buffer, part.byteOffset + start, headEnd - start);
    let shift = 0;
    if (this.#header === undefined) {
      this.#header = head;
      this.#push(part);
    } else {
      if (!head.equals(this.#header)) {
        const show = (h: Buffer) => h.toString('utf8').slice(0, 80);
        throw new Error(`the batches' CSV headers differ ("${show(this.#header)}" vs "${show(head)}")`);
      }
      if (!this.#endsWithLf) this.#push(new Uint8Array([LF]));
      shift = this.#length - end;
      this.#push(part.subarray(end));
    }
    return shift;
  }

  #push(piece: Uint8Array): void {
    this.#pieces.push(piece);
    this.#length += piece.length;
    if (piece.length > 0) this.#endsWithLf = piece[piece.length - 1] === LF;
  }

  /** The joined bytes (the one answer itself when only one had rows). */
  bytes(): Uint8Array {
    return this.#pieces.length === 1 ? this.#pieces[0] : Buffer.concat(this.#pieces);
  }
}

/** CSV answers with the same header as one (see {@link CsvJoiner}). */
export function joinCsvBytes(parts: readonly Uint8Array[]): Uint8Array {
  const joiner = new CsvJoiner();
  for (const part of parts) joiner.add(part);
  return joiner.bytes();
}
