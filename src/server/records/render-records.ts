import { csvLine } from '../../formats/csv.js';
import { XML_DECLARATION, xmlItem, type Format } from '../http/formats.js';
import type { FlatExport } from './flat-export.js';

const CHUNK_ROWS = 2000;

/**
 * A flat export as chunks of text. CSV: header (field names, or labels
 * when asked) and rows, nothing at all when there are no rows; JSON: an
 * array of objects with every value a string except
 * `redcap_repeat_instance`, a number when set; XML: `<records><item>`.
 */
export function renderFlat(exp: FlatExport, format: Format, opts: { delimiter: string; labelHeaders: boolean }): string[] {
  const names = exp.columns.map((c) => c.name);
  const chunks: string[] = [];
  let buf = '';
  const flush = (force = false, count = 0) => {
    if (force || count % CHUNK_ROWS === 0) {
      if (buf) chunks.push(buf);
      buf = '';
    }
  };
  switch (format) {
    case 'csv': {
      if (exp.rows.length === 0) return [''];
      buf = csvLine(opts.labelHeaders ? exp.columns.map((c) => c.label) : names, opts.delimiter);
      exp.rows.forEach((r, i) => {
        buf += csvLine(r, opts.delimiter);
        flush(false, i + 1);
      });
      break;
    }
    case 'json': {
      const keys = names.map((n) => JSON.stringify(n));
      const instanceCol = names.indexOf('redcap_repeat_instance');
      buf = '[';
      exp.rows.forEach((r, i) => {
        let o = i === 0 ? '{' : ',{';
        for (let k = 0; k < r.length; k++) {
          if (k > 0) o += ',';
          const v = r[k];
          o += `${keys[k]}:${k === instanceCol && v !== '' ? v : JSON.stringify(v)}`;
        }
        buf += `${o}}`;
        flush(false, i + 1);
      });
      buf += ']';
      break;
    }
    case 'xml': {
      buf = `${XML_DECLARATION}\n<records>\n`;
      exp.rows.forEach((r, i) => {
        const obj: Record<string, string> = {};
        names.forEach((n, k) => (obj[n] = r[k]));
        buf += xmlItem(obj, names);
        flush(false, i + 1);
      });
      buf += '</records>\n';
      break;
    }
  }
  flush(true);
  return chunks;
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
        if (v === '1' || (v !== '0' && v !== '' && v !== 'Unchecked')) out.push({ ...base, field_name: c.field.rule.name, value: c.field.code });
        return;
      }
      if (v !== '') out.push({ ...base, field_name: c.name, value: v });
    });
  }
  return out;
}
