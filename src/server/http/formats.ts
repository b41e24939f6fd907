import { csvLine, writeCsv } from '../../formats/csv.js';

export type Format = 'json' | 'csv' | 'xml';

export const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" ?>';

function cdata(value: string): string {
  return `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

export function escapeXml(value: string): string {
  return value.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );
}

/** One row as an XML `<item>` with CDATA values, REDCap's record/metadata XML shape. */
export function xmlItem(row: Readonly<Record<string, unknown>>, header?: readonly string[]): string {
  const keys = header ?? Object.keys(row);
  let out = '<item>';
  for (const k of keys) {
    const v = row[k];
    out += `<${k}>${v === null || v === undefined || v === '' ? '' : cdata(String(v))}</${k}>`;
  }
  return out + '</item>\n';
}

/** Rows in the requested format. `header` fixes the CSV/XML column order. */
export function renderRows(
  rows: readonly Readonly<Record<string, unknown>>[],
  format: Format,
  header?: readonly string[],
  delimiter = ',',
): string {
  const cols = header ?? (rows[0] ? Object.keys(rows[0]) : []);
  switch (format) {
    case 'json':
      return JSON.stringify(rows);
    case 'csv':
      return rows.length === 0 && cols.length === 0 ? '' : writeCsv(cols, rows, delimiter);
    case 'xml':
      return `${XML_DECLARATION}\n<records>\n${rows.map((r) => xmlItem(r, cols)).join('')}</records>\n`;
  }
}

/** A single object (project info) in the requested format. */
export function renderObject(obj: Readonly<Record<string, unknown>>, format: Format, root = 'project'): string {
  switch (format) {
    case 'json':
      return JSON.stringify(obj);
    case 'csv':
      return (
        csvLine(Object.keys(obj)) +
        csvLine(Object.values(obj).map((v) => (v === null || v === undefined ? '' : String(v))))
      );
    case 'xml': {
      const inner = Object.entries(obj)
        .map(([k, v]) => `<${k}>${v === null || v === undefined || v === '' ? '' : cdata(String(v))}</${k}>`)
        .join('');
      return `${XML_DECLARATION}\n<${root}>${inner}</${root}>\n`;
    }
  }
}

/**
 * A bare count or number as REDCap answers imports: JSON `3`, CSV `3`, XML
 * `<?xml version="1.0" encoding="UTF-8" ?><count>3</count>` with nothing
 * between the declaration and the element (PyCap's live-server suite
 * compares that string exactly).
 */
export function renderCount(count: number, format: Format, asObject = true): string {
  switch (format) {
    case 'json':
      return asObject ? JSON.stringify({ count }) : String(count);
    case 'csv':
      return String(count);
    case 'xml':
      return `${XML_DECLARATION}<count>${count}</count>`;
  }
}

/** REDCap's error body shapes. */
export function renderError(message: string, format: Format): string {
  switch (format) {
    case 'json':
      return JSON.stringify({ error: message });
    case 'csv':
      return `ERROR: ${message}`;
    case 'xml':
      return `${XML_DECLARATION}\n<hash>\n  <error>${message.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!)}</error>\n</hash>`;
  }
}
