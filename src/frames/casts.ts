/**
 * Casts the user controls: a function per field type, per validation or
 * per field that types a column's values in place of the value rules.
 * The most specific wins (field, then validation, then type). Blanks stay
 * null and missing-data codes stay reported without reaching the cast; a
 * cast that throws sets the value aside as invalid with its message.
 */
import { parseCsvRows } from '../formats/csv.js';
import type { FieldRule } from '../values/field-rule.js';
import type { Problem } from './builders.js';
import type { ColumnSpec } from './column-plan.js';
import type { FrameColumnType } from './columns.js';
import type { ColumnsRead } from './read-state.js';

/** Types one stored value (never blank, never a missing-data code). */
export type CastFunction = (value: string, field: FieldRule) => unknown;

export interface Casts {
  /** By dictionary field type (`text`, `radio`, `checkbox`, `calc`…; `complete` for form status). */
  type?: Readonly<Record<string, CastFunction>>;
  /** By text validation (`date_dmy`, `integer`, `email`…). */
  validation?: Readonly<Record<string, CastFunction>>;
  /** By field name. */
  field?: Readonly<Record<string, CastFunction>>;
}

/** The cast that applies to a field, and how it was chosen (`field age`, `validation date_dmy`, `type radio`). */
export function castFor(rule: FieldRule, casts: Casts | undefined): { cast: CastFunction; by: string } | undefined {
  if (!casts) return undefined;
  const byField = casts.field?.[rule.name];
  if (byField) return { cast: byField, by: `field ${rule.name}` };
  const validation = rule.validation?.name;
  const byValidation = validation ? casts.validation?.[validation] : undefined;
  if (byValidation) return { cast: byValidation, by: `validation ${validation}` };
  const byType = casts.type?.[rule.type];
  if (byType) return { cast: byType, by: `type ${rule.type}` };
  return undefined;
}

function typeOfValues(values: readonly unknown[]): FrameColumnType {
  const first = values.find((v) => v !== null && v !== undefined);
  if (typeof first === 'number') return 'number';
  if (typeof first === 'boolean') return 'boolean';
  if (first instanceof Date) return 'date';
  if (Array.isArray(first)) return 'list';
  return 'text';
}

function parseJsonText(text: string): Record<string, unknown>[] {
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed)) throw new Error('Cannot apply casts: expected a JSON array of records.');
  return parsed as Record<string, unknown>[];
}

/** The raw cells of an export, row by row, in header order. */
function rawCells(text: string, format: 'csv' | 'json', delimiter: string, header: readonly string[]): string[][] {
  if (format === 'json') return parseJsonText(text).map((row) => header.map((h) => String(row[h] ?? '')));
  return parseCsvRows(text, delimiter).slice(1);
}

/**
 * Applies the casts to a read: the cast columns are replaced by plain
 * arrays of the cast values, their invalid values are those the casts
 * refused. Answers the cast chosen for each column index.
 */
export function applyCasts(
  read: ColumnsRead,
  text: string,
  format: 'csv' | 'json',
  delimiter: string,
  casts: Casts,
): Map<number, string> {
  const chosen = new Map<number, { cast: CastFunction; by: string; spec: ColumnSpec }>();
  read.specs.forEach((spec, k) => {
    if ((spec.role !== 'field' && spec.role !== 'checkbox') || !spec.rule) return;
    const found = castFor(spec.rule, casts);
    if (found) chosen.set(k, { ...found, spec });
  });
  if (chosen.size === 0) return new Map();
  const cells = rawCells(
    text,
    format,
    delimiter,
    read.specs.map((s) => s.name),
  );
  if (cells.length < read.rows)
    throw new Error(`Cannot apply casts: the export has ${cells.length} rows of values for ${read.rows} typed rows.`);
  const castSpecs = new Set([...chosen.values()].map((c) => c.spec));
  const invalid: Problem[] = read.invalid.filter((p) => !castSpecs.has(p.spec));
  const missingAt = new Set(
    read.missing.filter((p) => castSpecs.has(p.spec)).map((p) => `${p.row}\u0000${p.spec.name}`),
  );
  for (const [k, { cast, spec }] of chosen) {
    const values: unknown[] = new Array(read.rows);
    for (let r = 0; r < read.rows; r++) {
      const raw = cells[r][k] ?? '';
      values[r] = null;
      if (raw === '' || missingAt.has(`${r}\u0000${spec.name}`)) continue;
      try {
        values[r] = cast(raw, spec.rule!) ?? null;
      } catch (e) {
        invalid.push({
          row: r,
          spec,
          value: raw,
          reason: `cast failed: ${e instanceof Error ? e.message : String(e)}`,
        });
      }
    }
    read.columns[k] = values as never;
    read.specs[k] = { ...spec, type: typeOfValues(values) };
  }
  read.invalid = invalid.sort((a, b) => a.row - b.row);
  return new Map([...chosen].map(([k, c]) => [k, c.by]));
}
