import { ENTRY, PART, holdsSeparator, isJsonText } from '../store/separated-text.js';
import type { PackLayout } from './pack-layout.js';

/**
 * A record's export rows as they are grouped: `[event_id, repeat form,
 * instance (-1: the base row), slots, values under other names]`, each
 * slot the stored text ('' for none; a checkbox's codes joined by
 * CODE_SEPARATOR).
 */
export type EncodedRow = [number, string, number, string[], [string, string][]?];

// A row per entry (store/separated-text); a record whose stored text holds a separator is packed as JSON.

/** A record's rows as pack text. */
export function packText(rows: readonly EncodedRow[]): string {
  let stray = false;
  const lines = rows.map(([eventId, repeatForm, instance, slots, others]) => {
    const parts = [String(eventId), repeatForm, String(instance), ...slots];
    for (const [name, value] of others ?? []) parts.push(name, value);
    for (let i = 1; i < parts.length && !stray; i++) stray = holdsSeparator(parts[i]);
    return parts.join(PART);
  });
  return stray ? JSON.stringify(rows) : lines.join(ENTRY);
}

/** Pack text back into rows (JSON packs included). */
export function unpackText(text: string, layout: PackLayout): EncodedRow[] {
  if (isJsonText(text)) return JSON.parse(text) as EncodedRow[];
  if (text === '') return [];
  const width = layout.names.length;
  return text.split(ENTRY).map((line): EncodedRow => {
    const parts = line.split(PART);
    const slots = parts.slice(3, 3 + width);
    const row: EncodedRow = [Number(parts[0]), parts[1], Number(parts[2]), slots];
    if (parts.length > 3 + width) {
      const others: [string, string][] = [];
      for (let i = 3 + width; i < parts.length; i += 2) others.push([parts[i], parts[i + 1]]);
      row.push(others);
    }
    return row;
  });
}
