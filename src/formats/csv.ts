/**
 * CSV, written and read in one place. Writing has one quoting rule per
 * destination, all here:
 * - `redcap`: as REDCap writes CSV (PHP's fputcsv): a value is quoted when
 *   it holds the delimiter, a quote, a space, a tab, a line break or a
 *   backslash. The embedded server answers with it, and the client uses it
 *   when it re-cuts a CSV import into batches.
 * - `minimal` (RFC 4180): quoted only for the delimiter, a quote or a line
 *   break. Import bodies built from frames and CSV files written for users:
 *   REDCap reads both rules alike, and these bodies are large (no quotes
 *   around every date-time).
 * Quotes inside a quoted value are doubled. The reader takes any RFC 4180
 * text, with line breaks inside quoted values.
 */

/** The delimiters REDCap's `csvDelimiter` parameter accepts, by parameter value. */
export const CSV_DELIMITERS: Readonly<Record<string, string>> = Object.freeze({
  ',': ',',
  comma: ',',
  tab: '\t',
  '\t': '\t',
  ';': ';',
  '|': '|',
  '^': '^',
});

export type CsvQuoting = 'redcap' | 'minimal';

const TRIGGERS: Record<CsvQuoting, string> = { redcap: '"\n\r\t \\', minimal: '"\n\r' };

/**
 * For each character code below 256: 1 when it makes a value quoted. Byte
 * writers look UTF-8 bytes up in it (bytes from 128 on are never 1).
 */
export function csvQuoteTable(quoting: CsvQuoting, delimiter = ','): Uint8Array {
  const table = new Uint8Array(256);
  for (const c of TRIGGERS[quoting] + delimiter) table[c.charCodeAt(0)] = 1;
  return table;
}

const REDCAP_COMMA = csvQuoteTable('redcap');
const MINIMAL_COMMA = csvQuoteTable('minimal');
const TABLES = new Map<string, Uint8Array>();

function tableFor(quoting: CsvQuoting, delimiter: string): Uint8Array {
  if (delimiter === ',') return quoting === 'redcap' ? REDCAP_COMMA : MINIMAL_COMMA;
  const key = quoting + delimiter;
  let table = TABLES.get(key);
  if (!table) TABLES.set(key, (table = csvQuoteTable(quoting, delimiter)));
  return table;
}

function cellBy(value: string, table: Uint8Array): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 256 && table[c] === 1) return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}

/** One value as a CSV cell, quoted by the rule. */
export function csvCell(value: string, delimiter = ',', quoting: CsvQuoting = 'redcap'): string {
  return cellBy(value, tableFor(quoting, delimiter));
}

/** A value always in quotes (REDCap's import error lines quote every part). */
export function quotedCsvCell(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** One CSV line (with its `\n`). */
export function csvLine(values: readonly string[], delimiter = ',', quoting: CsvQuoting = 'redcap'): string {
  const table = tableFor(quoting, delimiter);
  // Joined, not concatenated: the line is one flat string, which keeps a long export's chunks cheap to hold and write.
  const cells = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) cells[i] = cellBy(values[i], table);
  return `${cells.join(delimiter)}\n`;
}

/** A header and rows of objects as CSV text; missing keys are blank. */
export function writeCsv(
  header: readonly string[],
  rows: Iterable<Readonly<Record<string, unknown>>>,
  delimiter = ',',
): string {
  const parts: string[] = [csvLine(header, delimiter)];
  for (const row of rows) {
    parts.push(
      csvLine(
        header.map((h) => {
          const v = row[h];
          return v === null || v === undefined ? '' : String(v);
        }),
        delimiter,
      ),
    );
  }
  return parts.join('');
}

/**
 * A quoted cell from its opening quote at `i`: its text with doubled
 * quotes unescaped, where reading goes on, and whether the quote closed
 * (an unclosed one runs to the end of the text).
 */
export function unquote(text: string, i: number): { value: string; next: number; closed: boolean } {
  let value = '';
  let from = i + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return { value: value + text.slice(from), next: text.length, closed: false };
    if (text.charCodeAt(q + 1) === 34) {
      value += text.slice(from, q + 1);
      from = q + 2;
      continue;
    }
    return { value: value + text.slice(from, q), next: q + 1, closed: true };
  }
}

/** CSV that cannot be read as rows: a quote opened and never closed. */
export class CsvSyntaxError extends Error {
  constructor(readonly row: number) {
    super(`A quoted value that starts in row ${row} is never closed`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Reads CSV text into rows of cells. A byte-order mark is skipped; `\r\n`
 * and `\n` both end a row; a final line break does not add an empty row.
 * With `strict`, a quote never closed throws a CsvSyntaxError (what a
 * server must refuse) instead of running to the end of the text.
 */
export function parseCsvRows(text: string, delimiter = ',', strict = false): string[][] {
  const rows: string[][] = [];
  const d = delimiter.charCodeAt(0);
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let row: string[] = [];
  while (i < n) {
    let cell: string;
    if (text.charCodeAt(i) === 34) {
      const q = unquote(text, i);
      if (!q.closed && strict) throw new CsvSyntaxError(rows.length + 1);
      cell = q.value;
      i = q.next;
      // Anything between the closing quote and the delimiter is kept, as lenient readers do.
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === d || c === 10 || c === 13) break;
        cell += text[i];
        i++;
      }
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === d || c === 10 || c === 13) break;
        j++;
      }
      cell = text.slice(i, j);
      i = j;
    }
    row.push(cell);
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === d) {
      i++;
      if (i >= n) row.push('');
      continue;
    }
    // End of row.
    if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2;
    else i++;
    rows.push(row);
    row = [];
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** Reads CSV with a header row into objects keyed by the header. */
export function parseCsv(text: string, delimiter = ','): { header: string[]; rows: Record<string, string>[] } {
  const all = parseCsvRows(text, delimiter);
  if (all.length === 0) return { header: [], rows: [] };
  const header = all[0];
  const rows = all.slice(1).map((cells) => {
    const o: Record<string, string> = {};
    for (let k = 0; k < header.length; k++) o[header[k]] = cells[k] ?? '';
    return o;
  });
  return { header, rows };
}
