import type { FieldRule } from '../../values/field-rule.js';
import { toDisplayDate } from '../../values/dates.js';
import type { DictionaryRow } from '../../schema/types.js';
import type { ProjectState } from '../store/project-state.js';
import { pipeFields, plainText } from './label-text.js';

/** What a field shows on paper. */
export type PdfAnswer =
  | { kind: 'text'; value: string /** Writing lines to draw when the value is blank. */; lines: number }
  | { kind: 'choices'; multiple: boolean; options: { label: string; checked: boolean }[] }
  | { kind: 'image'; data: Uint8Array; mimeType: 'image/png' | 'image/jpeg'; name: string };

export type PdfItem =
  | { kind: 'section'; text: string }
  | { kind: 'descriptive'; text: string }
  | { kind: 'field'; label: string; note: string; answer: PdfAnswer };

/** One instrument as printed: for one record, event and instance, or blank. */
export interface PdfFormPage {
  formLabel: string;
  /** `Record ID 1`, the event, the instance: the lines under the title (none for a blank form). */
  context: string[];
  items: PdfItem[];
}

/** The values of one record in one event and instance: field → values (checkboxes: several codes). */
export type FormValues = ReadonlyMap<string, readonly string[]>;

/** A stored file, for signatures and images shown in place. */
export interface StoredFileRef {
  name: string;
  mimeType: string;
  data: Uint8Array;
}

export interface FormPageInput {
  state: ProjectState;
  form: string;
  /** Absent for a blank form. */
  values?: FormValues;
  /** Values of the record in every event (for piping `[event][field]`), by unique event name. */
  valuesByEvent?: ReadonlyMap<string, FormValues>;
  files?: ReadonlyMap<string, StoredFileRef>;
  context: string[];
  /** Only fields with a value, and only the chosen options (REDCap's `compactDisplay`). */
  compact: boolean;
  /** The fields the user may export, when its rights limit them; others print as removed. */
  exportable?: ReadonlySet<string>;
}

/** What REDCap prints in place of a value the user's export rights withhold. */
export const DATA_REMOVED = '[*DATA REMOVED*]';

const COMPLETE_OPTIONS = [
  { code: '0', label: 'Incomplete' },
  { code: '1', label: 'Unverified' },
  { code: '2', label: 'Complete' },
];

/** Fields REDCap leaves out of PDFs: `@HIDDEN` and `@HIDDEN-PDF` (not the survey/form/app variants). */
function hiddenInPdf(row: DictionaryRow | undefined): boolean {
  return /@HIDDEN(?:-PDF)?(?![-\w])/.test(row?.field_annotation ?? '');
}

/** A stored value as a reader sees it: dates in the field's order, missing-data codes with their label. */
function shownValue(state: ProjectState, rule: FieldRule, value: string): string {
  const missing = state.schema.missingCodes.find((c) => c.code === value);
  if (missing) return `${missing.label} (${missing.code})`;
  const order = rule.validation?.order;
  if (order && /^\d{4}-\d{2}-\d{2}/.test(value)) return toDisplayDate(value, order);
  return value;
}

/** The text of a value for piping: a choice's label unless the raw value is asked. */
function pipedValue(
  state: ProjectState,
  field: string,
  values: FormValues | undefined,
  raw: boolean,
): string | undefined {
  const rule = state.schema.field(field);
  if (!rule) return undefined;
  const list = values?.get(field) ?? [];
  if (list.length === 0) return '';
  if (raw || rule.choices.length === 0) return list.map((v) => shownValue(state, rule, v)).join(', ');
  return list.map((v) => plainText(rule.byCode.get(v)?.label ?? v)).join(', ');
}

/**
 * The items of one instrument: section headers, descriptive text, and
 * each field's label with its answer (the value, the options with the
 * chosen ones marked, a signature image, or blank lines to write on),
 * then the form status, as REDCap prints a data entry form.
 */
export function formPage(input: FormPageInput): PdfFormPage {
  const { state, values, compact } = input;
  const form = state.schema.form(input.form)!;
  const rows = dictionaryRows(state);
  const pipe = (text: string) =>
    pipeFields(plainText(text), (field, event, raw) => {
      if (
        values &&
        input.exportable &&
        !input.exportable.has(field) &&
        field !== state.schema.recordIdField &&
        state.schema.field(field)
      )
        return DATA_REMOVED;
      return pipedValue(state, field, event !== undefined ? (input.valuesByEvent?.get(event) ?? values) : values, raw);
    });
  const items: PdfItem[] = [];

  for (const rule of form.fields) {
    const row = rows.get(rule.name);
    if (hiddenInPdf(row)) continue;
    if (row?.section_header) items.push({ kind: 'section', text: pipe(row.section_header) });
    if (rule.type === 'descriptive') {
      const text = pipe(rule.label);
      if (text !== '' && (!compact || !values)) items.push({ kind: 'descriptive', text });
      continue;
    }
    const stored = values?.get(rule.name) ?? [];
    if (compact && values && stored.length === 0) continue;
    const label = pipe(rule.label);
    const notes: string[] = [];
    if (row?.field_note) notes.push(pipe(row.field_note));
    if (row?.required_field === 'y') notes.push('* must provide value');
    const withheld =
      values !== undefined &&
      input.exportable !== undefined &&
      !input.exportable.has(rule.name) &&
      rule.name !== state.schema.recordIdField;
    const answer: PdfAnswer = withheld
      ? { kind: 'text', value: DATA_REMOVED, lines: 1 }
      : answerOf(state, rule, stored, values !== undefined, compact, input.files?.get(rule.name));
    items.push({ kind: 'field', label: label || rule.name, note: notes.join('\n'), answer });
  }

  const status = values?.get(form.complete.name)?.[0];
  if (!compact || !values || status !== undefined) {
    items.push({ kind: 'section', text: 'Form Status' });
    const options = COMPLETE_OPTIONS.filter((o) => !compact || !values || o.code === status).map((o) => ({
      label: o.label,
      checked: o.code === status,
    }));
    items.push({ kind: 'field', label: 'Complete?', note: '', answer: { kind: 'choices', multiple: false, options } });
  }
  // A section header left with no field under it (compact display) is dropped.
  const kept = items.filter(
    (item, i) => item.kind !== 'section' || (items[i + 1] !== undefined && items[i + 1].kind !== 'section'),
  );
  return { formLabel: plainText(form.label), context: input.context, items: kept };
}

function answerOf(
  state: ProjectState,
  rule: FieldRule,
  stored: readonly string[],
  hasData: boolean,
  compact: boolean,
  file: StoredFileRef | undefined,
): PdfAnswer {
  switch (rule.type) {
    case 'checkbox':
    case 'radio':
    case 'dropdown':
    case 'yesno':
    case 'truefalse': {
      const missing = stored.length === 1 ? state.schema.missingCodes.find((c) => c.code === stored[0]) : undefined;
      if (missing) return { kind: 'text', value: `${missing.label} (${missing.code})`, lines: 1 };
      const chosen = new Set(stored);
      const options = rule.choices
        .filter((c) => !compact || !hasData || chosen.has(c.code))
        .map((c) => ({ label: plainText(c.label), checked: chosen.has(c.code) }));
      return { kind: 'choices', multiple: rule.type === 'checkbox', options };
    }
    case 'file': {
      const value = stored[0] ?? '';
      // Signatures (file fields validated `signature`) print their image, as REDCap does; other files their name.
      if (
        file &&
        (file.mimeType === 'image/png' || file.mimeType === 'image/jpeg') &&
        dictionaryRows(state).get(rule.name)?.text_validation_type_or_show_slider_number === 'signature'
      ) {
        return { kind: 'image', data: file.data, mimeType: file.mimeType, name: file.name };
      }
      return { kind: 'text', value, lines: 1 };
    }
    case 'notes':
      return { kind: 'text', value: stored.map((v) => shownValue(state, rule, v)).join('\n'), lines: 3 };
    default:
      return { kind: 'text', value: stored.map((v) => shownValue(state, rule, v)).join(', '), lines: 1 };
  }
}

const rowCache = new WeakMap<ProjectState, Map<string, DictionaryRow>>();

function dictionaryRows(state: ProjectState): Map<string, DictionaryRow> {
  let rows = rowCache.get(state);
  if (!rows) rowCache.set(state, (rows = new Map(state.dictionary.map((r) => [r.field_name, r]))));
  return rows;
}
