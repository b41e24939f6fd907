import { inspect } from 'node:util';
import type { TypedFrame } from '../frames/typed-frame.js';
import { chartFromSpec, type Chart } from './charts/chart.js';
import { barSpec, type CountRow } from './charts/specs.js';
import { block, escapeHtml, rowsToText } from './html.js';

/** Form status counts of one form in one event. */
export interface FormCompleteness {
  /** Unique event name ('' in classic projects). */
  event: string;
  eventLabel: string;
  form: string;
  formLabel: string;
  /** Rows holding the form: records in the event, or instances of a repeating form / event. */
  rows: number;
  repeating: boolean;
  complete: number;
  unverified: number;
  incomplete: number;
  /** Status blank: the form was never saved (export with `exportBlankForGrayFormStatus: true` to tell it from Incomplete). */
  notSaved: number;
}

export const STATUSES = ['Complete', 'Unverified', 'Incomplete', 'Not saved'] as const;
const STATUS_COLORS = ['#1a7f37', '#bf8700', '#d1242f', '#d0d7de'];

function statusOf(v: unknown): 0 | 1 | 2 | null {
  if (v === null || v === undefined || v === '') return null;
  switch (String(v)) {
    case '2':
    case 'Complete':
      return 2;
    case '1':
    case 'Unverified':
      return 1;
    default:
      return 0;
  }
}

/**
 * Form completion per event: for each form designated for an event, how
 * many of the event's rows have it Complete, Unverified, Incomplete or
 * never saved. Repeating forms count their instances.
 */
export function formCompleteness(frame: TypedFrame): Completeness {
  const { schema, table } = frame;
  const role = (r: string) => frame.columns.find((c) => c.role === r)?.name;
  const eventCol = role('event');
  const repeatCol = role('repeat-instrument');
  const events = eventCol ? (table.array(eventCol) as ArrayLike<string | null>) : undefined;
  const repeats = repeatCol ? (table.array(repeatCol) as ArrayLike<string | null>) : undefined;
  const eventList = schema.longitudinal
    ? schema.events.map((e) => ({
        name: e.unique_event_name,
        label: `${e.event_name}${schema.arms.length > 1 ? ` (arm ${e.arm_num})` : ''}`,
      }))
    : [{ name: '', label: '' }];
  const out: FormCompleteness[] = [];
  for (const ev of eventList) {
    for (const formName of schema.formsOfEvent(ev.name || null)) {
      const form = schema.form(formName)!;
      const statusCol = form.complete.name;
      if (!table.columnNames().includes(statusCol)) continue;
      const statuses = table.array(statusCol) as ArrayLike<unknown>;
      const repeating = schema.isRepeatingForm(formName, ev.name || null);
      const row: FormCompleteness = {
        event: ev.name,
        eventLabel: ev.label,
        form: formName,
        formLabel: form.label,
        rows: 0,
        repeating: repeating || schema.isRepeatingEvent(ev.name || null),
        complete: 0,
        unverified: 0,
        incomplete: 0,
        notSaved: 0,
      };
      for (let r = 0; r < table.numRows(); r++) {
        if (events && (events[r] ?? '') !== ev.name) continue;
        const repeatOf = repeats?.[r] ?? null;
        // A repeating form's data sits in its own rows; other forms in the event's rows.
        if (repeating ? repeatOf !== formName : repeatOf !== null) continue;
        row.rows++;
        const s = statusOf(statuses[r]);
        if (s === 2) row.complete++;
        else if (s === 1) row.unverified++;
        else if (s === 0) row.incomplete++;
        else row.notSaved++;
      }
      out.push(row);
    }
  }
  return new Completeness(out);
}

/** Form completion rows, as a table, text or a stacked bar chart. */
export class Completeness {
  constructor(readonly rows: readonly FormCompleteness[]) {}

  toHTML(): string {
    const body = this.rows
      .map((r) => {
        const pct = r.rows ? (r.complete / r.rows) * 100 : 0;
        return (
          `<tr><td>${escapeHtml(r.eventLabel || '–')}</td><td>${escapeHtml(r.formLabel)}${r.repeating ? ' <span class="rf-note">(repeating)</span>' : ''}</td>` +
          `<td class="rf-num">${r.rows}</td><td class="rf-num">${r.complete}</td><td class="rf-num">${r.unverified}</td><td class="rf-num">${r.incomplete}</td><td class="rf-num">${r.notSaved}</td>` +
          `<td><span class="rf-bar-track"><span class="rf-bar" style="width:${pct.toFixed(1)}%;background:#1a7f37"></span></span>${pct.toFixed(0)}%</td></tr>`
        );
      })
      .join('');
    const head =
      '<tr><th>event</th><th>form</th><th>rows</th><th>complete</th><th>unverified</th><th>incomplete</th><th>not saved</th><th>% complete</th></tr>';
    return block(
      `<div class="rf-scroll"><table class="rf-table"><thead>${head}</thead><tbody>${body}</tbody></table></div>`,
      'Form completion',
      'data-rf="completeness"',
    );
  }

  toString(): string {
    return rowsToText(
      this.rows.map((r) => ({
        event: r.eventLabel,
        form: r.form,
        rows: r.rows,
        complete: r.complete,
        unverified: r.unverified,
        incomplete: r.incomplete,
        not_saved: r.notSaved,
      })),
      { title: 'Form completion', limit: Infinity },
    );
  }

  [inspect.custom](): string {
    return this.toString();
  }

  /** Completion per form (all events together) as stacked bars. */
  chart(options: { title?: string; byEvent?: boolean } = {}): Promise<Chart> {
    const counts: CountRow[] = [];
    const levels: string[] = [];
    const totals = new Map<string, [number, number, number, number]>();
    for (const r of this.rows) {
      const level = options.byEvent && r.eventLabel ? `${r.eventLabel} · ${r.formLabel}` : r.formLabel;
      if (!totals.has(level)) {
        totals.set(level, [0, 0, 0, 0]);
        levels.push(level);
      }
      const t = totals.get(level)!;
      t[0] += r.complete;
      t[1] += r.unverified;
      t[2] += r.incomplete;
      t[3] += r.notSaved;
    }
    for (const [level, t] of totals) STATUSES.forEach((s, k) => counts.push({ level, count: t[k], group: s }));
    const spec = barSpec(counts, {
      title: options.title ?? 'Form completion',
      levelOrder: levels,
      groupOrder: [...STATUSES],
      horizontal: true,
    });
    (spec.layer as { encoding: { color: Record<string, unknown> } }[])[0].encoding.color.scale = {
      domain: [...STATUSES],
      range: STATUS_COLORS,
    };
    return chartFromSpec(spec);
  }
}
