import { writeCsv } from '../../formats/csv.js';
import { XML_DECLARATION, escapeXml, type Format } from '../http/formats.js';

export type OutputValue = string | number | Readonly<Record<string, string | number>>;
export type OutputObject = Readonly<Record<string, OutputValue>>;

/** `{demographics: 1, health: 0}` → `demographics:1,health:0`, the CSV form of REDCap's per-form rights. */
export function formRightsText(map: Readonly<Record<string, string | number>>): string {
  return Object.entries(map)
    .map(([k, v]) => `${k}:${v}`)
    .join(',');
}

function xmlValue(v: OutputValue): string {
  if (typeof v === 'object')
    return Object.entries(v)
      .map(([k, x]) => `<${k}>${escapeXml(String(x))}</${k}>`)
      .join('');
  return v === '' ? '' : escapeXml(String(v));
}

/**
 * Rows that may nest one level (users' and roles' `forms`): JSON keeps
 * the objects, CSV writes them as `form:right` lists, XML as child
 * elements. `header` fixes the CSV/XML column order.
 */
export function renderObjects(rows: readonly OutputObject[], format: Format, header: readonly string[]): string {
  switch (format) {
    case 'json':
      return JSON.stringify(rows);
    case 'csv': {
      const flat = rows.map((r) =>
        Object.fromEntries(
          header.map((k) => {
            const v = r[k];
            return [k, v === undefined ? '' : typeof v === 'object' ? formRightsText(v) : String(v)];
          }),
        ),
      );
      return writeCsv(header, flat);
    }
    case 'xml': {
      const items = rows.map(
        (r) =>
          `<item>${header.map((k) => `<${k}>${r[k] === undefined ? '' : xmlValue(r[k])}</${k}>`).join('')}</item>\n`,
      );
      return `${XML_DECLARATION}\n<records>\n${items.join('')}</records>\n`;
    }
  }
}
