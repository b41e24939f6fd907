import type { Schema } from '../schema/schema.js';
import { parseCsvRows } from '../formats/csv.js';
import { planColumns } from './column-plan.js';
import type { ResolvedFrameOptions } from './options.js';
import { startRead, type ColumnsRead } from './read-state.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Upper bound of the data rows: one per line break (quoted breaks only overcount). */
function countLines(text: string, from: number): number {
  let count = 1;
  for (let i = text.indexOf('\n', from); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * The one-pass CSV reader. It walks the export text once; each cell goes
 * to its column's builder as a range of the text, so numbers, dates,
 * booleans and choices are parsed in place and strings are made only for
 * text columns. Cells that need unescaping (doubled quotes) are made into
 * strings first. Rows, quoting and line breaks follow `parseCsvRows`
 * (src/formats/csv.ts) exactly, which the generic reader uses.
 */
export function readCsvFast(text: string, schema: Schema, opts: ResolvedFrameOptions): ColumnsRead {
  const d = opts.delimiter.charCodeAt(0);
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // REDCap's header names never hold line breaks: the first line is the header.
  const lineEnd = text.indexOf('\n', i);
  const headerEnd = lineEnd < 0 ? n : lineEnd + 1;
  const header = parseCsvRows(text.slice(i, headerEnd), opts.delimiter)[0] ?? [];
  i = headerEnd;
  const specs = planColumns(header, schema, opts);
  const state = startRead(specs, schema, i < n ? countLines(text, i) : 0);
  const builders = state.builders;
  const ncols = builders.length;
  let row = 0;

  while (i < n) {
    if (row === state.capacity) state.grow(row * 2 + 16);
    let col = 0;
    for (;;) {
      let src = text;
      let start: number;
      let end: number;
      if (text.charCodeAt(i) === QUOTE) {
        const q = text.indexOf('"', i + 1);
        if (q >= 0 && text.charCodeAt(q + 1) !== QUOTE) {
          start = i + 1;
          end = q;
          i = q + 1;
        } else {
          // Doubled quotes (or no closing quote): unescape into a string.
          let buf = '';
          let from = i + 1;
          let j = from;
          for (;;) {
            const k = text.indexOf('"', j);
            if (k < 0) {
              buf += text.slice(from);
              j = n;
              break;
            }
            if (text.charCodeAt(k + 1) === QUOTE) {
              buf += text.slice(from, k + 1);
              j = k + 2;
              from = j;
              continue;
            }
            buf += text.slice(from, k);
            j = k + 1;
            break;
          }
          i = j;
          src = buf;
          start = 0;
          end = buf.length;
        }
        // Text after a closing quote is kept with the cell, as lenient readers do.
        let c = i < n ? text.charCodeAt(i) : d;
        if (c !== d && c !== LF && c !== CR) {
          let extra = '';
          while (i < n) {
            c = text.charCodeAt(i);
            if (c === d || c === LF || c === CR) break;
            extra += text[i];
            i++;
          }
          src = src.slice(start, end) + extra;
          start = 0;
          end = src.length;
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === d || c === LF || c === CR) break;
          j++;
        }
        start = i;
        end = j;
        i = j;
      }
      if (col < ncols) builders[col].read(src, start, end, row);
      col++;
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === d) {
        i++;
        // A delimiter at the very end leaves one more (blank) cell: nothing to store.
        if (i >= n) break;
        continue;
      }
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      break;
    }
    // Cells missing at the end of a short row stay null (builders start out null).
    row++;
  }
  return state.finish(row);
}
