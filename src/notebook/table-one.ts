import { inspect } from 'node:util';
import { block, escapeHtml, rowsToText } from './html.js';
import type { ColumnTable } from 'arquero';
import { columnViews, isTypedFrame, tableOf, type ColumnView, type TableSource } from './table-source.js';
import type { Schema } from '../schema/schema.js';

/** One line of a descriptive table: a variable (or one of its levels) and a cell per group. */
export interface DescriptiveRow {
  variable: string;
  /** Level of a categorical variable; '' on the variable's own line. */
  level: string;
  /** Cell text per group, then "All". */
  cells: Record<string, string>;
}

function pct(n: number, of: number): string {
  return of ? `${n} (${((n / of) * 100).toFixed(1)}%)` : `${n}`;
}

function meanSd(xs: number[]): string {
  if (!xs.length) return '–';
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return `${mean.toFixed(1)} (${sd.toFixed(1)})`;
}

/**
 * A checkbox field kept as one boolean column per option (`race___1`…):
 * its checked options as one list per row (null when every option is).
 */
function checkboxAsList(
  table: ColumnTable,
  schema: Schema | undefined,
  name: string,
): { view: ColumnView; values: ArrayLike<unknown> } | undefined {
  const rule = schema?.field(name);
  if (rule?.type !== 'checkbox') return undefined;
  const names = new Set(table.columnNames());
  const options = rule.checkboxColumns.filter((c) => names.has(c.column));
  if (options.length === 0) return undefined;
  const columns = options.map((c) => ({
    label: rule.byCode.get(c.code)?.label ?? c.code,
    values: table.array(c.column) as ArrayLike<boolean | null>,
  }));
  const values = Array.from({ length: table.numRows() }, (_, r) => {
    if (columns.every((c) => c.values[r] === null || c.values[r] === undefined)) return null;
    return columns.filter((c) => c.values[r] === true).map((c) => c.label);
  });
  return { view: { name, kind: 'list', label: rule.label, levels: columns.map((c) => c.label) }, values };
}

/**
 * A descriptive table ("Table 1"): for each column, per group of `by`
 * and in all, mean (SD) of numbers, or n (%) of each level of choices,
 * yes/no and checkboxes (percent of rows with a value; a checkbox field
 * is named by its field name), and the number missing.
 */
export function describeBy(
  source: TableSource,
  options: { columns: readonly string[]; by?: string; schema?: Schema; groupOrder?: readonly string[] },
): DescriptiveTable {
  const table = tableOf(source);
  const views = new Map(columnViews(source, options.schema).map((v) => [v.name, v]));
  const groupValues = options.by
    ? Array.from(table.array(options.by) as ArrayLike<unknown>, (g) =>
        g === null || g === undefined ? '(missing)' : String(g),
      )
    : undefined;
  const present = groupValues ? [...new Set(groupValues)] : [];
  const groups = groupValues
    ? [
        ...(options.groupOrder ?? []).filter((g) => present.includes(g)),
        ...present.filter((g) => !(options.groupOrder ?? []).includes(g)).sort(),
      ]
    : [];
  const n = table.numRows();
  const rowsOf = (g: string | null) => {
    const idx: number[] = [];
    for (let r = 0; r < n; r++) if (g === null || groupValues![r] === g) idx.push(r);
    return idx;
  };
  const parts = [...groups.map((g) => ({ name: g, rows: rowsOf(g) })), { name: 'All', rows: rowsOf(null) }];
  const out: DescriptiveRow[] = [];
  out.push({ variable: 'n', level: '', cells: Object.fromEntries(parts.map((p) => [p.name, String(p.rows.length)])) });
  const schema = options.schema ?? (isTypedFrame(source) ? source.schema : undefined);
  for (const name of options.columns) {
    const column = views.has(name)
      ? { view: views.get(name)!, values: table.array(name) as ArrayLike<unknown> }
      : checkboxAsList(table, schema, name);
    if (!column) throw new Error(`The table has no column "${name}".`);
    const { view, values } = column;
    const label = view.label ?? name;
    const missing = (rows: number[]) => rows.filter((r) => values[r] === null || values[r] === undefined).length;
    if (view.kind === 'number') {
      out.push({
        variable: label,
        level: 'mean (SD)',
        cells: Object.fromEntries(
          parts.map((p) => [
            p.name,
            meanSd(p.rows.map((r) => values[r]).filter((v): v is number => typeof v === 'number' && !Number.isNaN(v))),
          ]),
        ),
      });
    } else {
      const levelsSeen = new Set<string>();
      for (let r = 0; r < values.length; r++) {
        const v = values[r];
        if (v === null || v === undefined) continue;
        for (const l of Array.isArray(v) ? v : [typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)])
          levelsSeen.add(String(l));
      }
      const order = view.kind === 'boolean' ? ['yes', 'no'] : view.levels ? [...view.levels] : [...levelsSeen].sort();
      out.push({ variable: label, level: '', cells: Object.fromEntries(parts.map((p) => [p.name, ''])) });
      for (const level of order.filter((l) => levelsSeen.has(l))) {
        out.push({
          variable: label,
          level,
          cells: Object.fromEntries(
            parts.map((p) => {
              const known = p.rows.filter((r) => values[r] !== null && values[r] !== undefined);
              const hits = known.filter((r) => {
                const v = values[r];
                return Array.isArray(v)
                  ? v.map(String).includes(level)
                  : (typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)) === level;
              }).length;
              return [p.name, pct(hits, known.length)];
            }),
          ),
        });
      }
    }
    if (parts.some((p) => missing(p.rows) > 0)) {
      out.push({
        variable: label,
        level: 'missing',
        cells: Object.fromEntries(parts.map((p) => [p.name, String(missing(p.rows))])),
      });
    }
  }
  return new DescriptiveTable(
    out,
    parts.map((p) => p.name),
    options.by,
  );
}

/** A descriptive table: rows per variable and level, a column per group. */
export class DescriptiveTable {
  constructor(
    readonly rows: readonly DescriptiveRow[],
    readonly groups: readonly string[],
    readonly by?: string,
  ) {}

  toHTML(): string {
    const head = `<tr><th></th>${this.groups.map((g) => `<th>${escapeHtml(g)}</th>`).join('')}</tr>`;
    const body = this.rows
      .map((r) => {
        const heading = r.level === '' || r.level === 'mean (SD)';
        const name =
          r.level === ''
            ? `<b>${escapeHtml(r.variable)}</b>`
            : r.level === 'mean (SD)'
              ? `<b>${escapeHtml(r.variable)}</b>, mean (SD)`
              : `&nbsp;&nbsp;&nbsp;${escapeHtml(r.level)}`;
        return `<tr${heading ? ' class="rf-var"' : ''}><td>${name}</td>${this.groups.map((g) => `<td class="rf-num">${escapeHtml(r.cells[g] ?? '')}</td>`).join('')}</tr>`;
      })
      .join('');
    return block(
      `<div class="rf-scroll"><table class="rf-table"><thead>${head}</thead><tbody>${body}</tbody></table></div>`,
      undefined,
      'data-rf="describe"',
    );
  }

  toString(): string {
    return rowsToText(
      this.rows.map((r) => ({
        variable: r.level === 'mean (SD)' ? `${r.variable}, mean (SD)` : r.level ? `  ${r.level}` : r.variable,
        ...r.cells,
      })),
      { columns: ['variable', ...this.groups], limit: Infinity },
    );
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
