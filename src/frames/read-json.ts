import type { Schema } from '../schema/schema.js';
import { planColumns } from './column-plan.js';
import type { ResolvedFrameOptions } from './options.js';
import { startRead, type ColumnsRead } from './read-state.js';

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

/**
 * Reads a JSON record export: an array of flat objects whose values are
 * strings (REDCap sends `redcap_repeat_instance` as a number). Columns are
 * the keys in order of first appearance.
 */
export function readJsonRecords(text: string, schema: Schema, opts: ResolvedFrameOptions): ColumnsRead {
  let data: unknown = [];
  try {
    if (text.trim() !== '') data = JSON.parse(text);
  } catch (e) {
    // Said plainly: the text may have been taken for JSON by its first character (pass format: 'csv').
    throw new Error(
      `The record export is not valid JSON (${(e as Error).message}); if it is CSV, pass format: 'csv'. It begins: ${JSON.stringify(text.slice(0, 60))}`,
    );
  }
  if (!Array.isArray(data)) {
    throw new Error('A JSON record export must be an array of objects');
  }
  const header: string[] = [];
  const known = new Set<string>();
  for (const row of data) {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw new Error(`A JSON record export must be an array of objects; found ${JSON.stringify(row)}`);
    }
    for (const key of Object.keys(row)) {
      if (!known.has(key)) {
        known.add(key);
        header.push(key);
      }
    }
  }
  const specs = planColumns(header, schema, opts);
  const state = startRead(specs, schema, data.length);
  const fast = opts.reader === 'fast';
  for (let r = 0; r < data.length; r++) {
    const row = data[r] as Record<string, unknown>;
    for (let c = 0; c < header.length; c++) {
      const raw = cellText(row[header[c]]);
      if (fast) state.builders[c].read(raw, 0, raw.length, r);
      else state.builders[c].put(r, raw);
    }
  }
  return state.finish(data.length);
}
