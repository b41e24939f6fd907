import { docsOfFields } from '../store/docs-store.js';
import type { Db } from '../store/database.js';
import type { ProjectState } from '../store/project-state.js';
import { listRecords, readValues } from '../store/record-store.js';
import { formPage, type FormValues, type PdfFormPage, type StoredFileRef } from './form-content.js';
import { plainText } from './label-text.js';

/** What to print (parameters already checked against the project). */
export interface PdfSelection {
  /** Records to print; none prints blank forms. */
  records: string[];
  /** Only this event (unique name). */
  event?: string;
  /** Only this instrument. */
  instrument?: string;
  /** Only this instance of a repeating instrument or event. */
  instance?: number;
  compact: boolean;
  /** The arms of each record, to know its events. */
  armsOf?: ReadonlyMap<string, readonly number[]>;
  /**
   * The fields the user may export when its rights limit them: instruments
   * it may not export at all are left out, withheld fields print as removed.
   */
  exportable?: ReadonlySet<string>;
}

const key = (eventId: number, instance: number) => `${eventId}|${instance}`;

function eventContext(state: ProjectState, eventName: string): string | undefined {
  const event = state.events.find((e) => e.unique_event_name === eventName);
  if (!event) return undefined;
  const label =
    event.custom_event_label && !/\[/.test(event.custom_event_label)
      ? `${event.event_name} – ${event.custom_event_label}`
      : event.event_name;
  if (state.arms.length <= 1) return `Event: ${label}`;
  const arm = state.arms.find((a) => a.arm_num === event.arm_num);
  return `Event: ${label} (Arm ${event.arm_num}: ${arm?.name ?? ''})`;
}

/** The events to print in, in order: the asked one, or every event (of the given arms); classic projects have their hidden one. */
function eventsToPrint(
  state: ProjectState,
  only: string | undefined,
  arms?: readonly number[],
): { id: number; name: string }[] {
  if (!state.schema.longitudinal)
    return [{ id: state.defaultEventId, name: state.eventNames.get(state.defaultEventId) ?? '' }];
  return state.events
    .filter((e) => (only === undefined || e.unique_event_name === only) && (!arms || arms.includes(e.arm_num)))
    .map((e) => ({ id: e.event_id, name: e.unique_event_name }));
}

/**
 * The instruments to print, in REDCap's order (record, event, instrument,
 * instance). Blank forms: the asked instrument, or every instrument (of
 * the asked event). A record: each instrument with saved data in each of
 * its events and instances; with `instrument` asked, that instrument
 * wherever it has data, or once blank when it has none yet.
 */
export function pdfPages(db: Db, state: ProjectState, sel: PdfSelection): PdfFormPage[] {
  const schema = state.schema;
  const longitudinal = state.schema.longitudinal;
  if (sel.records.length === 0) {
    const context = sel.event ? [eventContext(state, sel.event)].filter((x): x is string => !!x) : [];
    const forms = sel.instrument
      ? [sel.instrument]
      : longitudinal && sel.event
        ? schema.formsOfEvent(sel.event)
        : schema.forms.map((f) => f.name);
    return forms.map((form) => formPage({ state, form, context, compact: false }));
  }

  const idLabel = plainText(schema.field(schema.recordIdField)?.label ?? '') || 'Record ID';
  const pages: PdfFormPage[] = [];
  const allValues = readValues(db, state.id, sel.records);
  const signatures = readSignatures(db, state, sel.records);
  const formFields = new Map(
    schema.forms.map((f) => [f.name, new Set([...f.fields.map((r) => r.name), f.complete.name])]),
  );
  formFields.forEach((set) => set.delete(schema.recordIdField));

  for (const record of sel.records) {
    // Values per event and instance; the record id shows on every copy of its form.
    const byKey = new Map<string, Map<string, string[]>>();
    for (const v of allValues.get(record) ?? []) {
      const k = key(v.event_id, v.instance);
      let m = byKey.get(k);
      if (!m) byKey.set(k, (m = new Map()));
      const list = m.get(v.field_name);
      if (list) list.push(v.value);
      else m.set(v.field_name, [v.value]);
    }
    const valuesByEvent = new Map<string, FormValues>();
    for (const e of eventsToPrint(state, undefined)) {
      const m = byKey.get(key(e.id, 1));
      if (m) valuesByEvent.set(e.name, m);
    }
    let printedAsked = false;
    const events = eventsToPrint(state, sel.event, sel.armsOf?.get(record));
    for (const event of events) {
      const eventKey = longitudinal ? event.name : undefined;
      const forms = sel.instrument ? [sel.instrument] : schema.formsOfEvent(eventKey);
      for (const form of forms) {
        if (!schema.isFormInEvent(form, eventKey)) continue;
        if (sel.exportable && !sel.exportable.has(`${form}_complete`)) continue;
        const fields = formFields.get(form)!;
        const repeats = schema.isRepeatingForm(form, eventKey) || schema.isRepeatingEvent(eventKey);
        const instances = new Set<number>();
        for (const [k, m] of byKey) {
          const [eventId, instance] = k.split('|').map(Number);
          if (eventId !== event.id || (!repeats && instance !== 1)) continue;
          if ([...m.keys()].some((f) => fields.has(f))) instances.add(instance);
        }
        const wanted = [...instances]
          .filter((i) => sel.instance === undefined || i === sel.instance)
          .sort((a, b) => a - b);
        for (const instance of wanted) {
          const values = new Map(byKey.get(key(event.id, instance)) ?? []);
          values.set(schema.recordIdField, [record]);
          const context = [`${idLabel} ${record}`];
          if (longitudinal) context.push(eventContext(state, event.name) ?? '');
          if (repeats) context.push(`Instance ${instance}`);
          const files = signatures.get([record, event.id, instance].join('\u0000'));
          pages.push(
            formPage({
              state,
              form,
              values,
              valuesByEvent,
              files,
              context: context.filter(Boolean),
              compact: sel.compact,
              exportable: sel.exportable,
            }),
          );
          printedAsked = true;
        }
      }
    }
    // An asked instrument with no data yet still prints once, empty, in its first event.
    if (sel.instrument && !printedAsked && !(sel.exportable && !sel.exportable.has(`${sel.instrument}_complete`))) {
      const first = events.find((e) => schema.isFormInEvent(sel.instrument!, longitudinal ? e.name : undefined));
      if (first) {
        const context = [`${idLabel} ${record}`];
        if (longitudinal) context.push(eventContext(state, first.name) ?? '');
        const values = new Map([[schema.recordIdField, [record]]]);
        pages.push(
          formPage({
            state,
            form: sel.instrument,
            values,
            valuesByEvent,
            context: context.filter(Boolean),
            compact: false,
            exportable: sel.exportable,
          }),
        );
      }
    }
  }
  return pages;
}

/**
 * The signature images of the records (the only files printed in place;
 * other file fields print their file name), keyed record, event id and
 * instance (NUL-separated), then field.
 */
function readSignatures(
  db: Db,
  state: ProjectState,
  records: readonly string[],
): Map<string, Map<string, StoredFileRef>> {
  const out = new Map<string, Map<string, StoredFileRef>>();
  const fields = state.dictionary
    .filter((r) => r.field_type === 'file' && r.text_validation_type_or_show_slider_number === 'signature')
    .map((r) => r.field_name);
  if (fields.length === 0) return out;
  const wanted = new Set(records);
  const rows = docsOfFields(db, state.id, fields);
  for (const r of rows) {
    if (!wanted.has(r.record)) continue;
    const k = [r.record, r.event_id, r.instance].join('\u0000');
    let m = out.get(k);
    if (!m) out.set(k, (m = new Map()));
    m.set(r.field_name, { name: r.name, mimeType: r.mime_type, data: new Uint8Array(r.data) });
  }
  return out;
}

/** The records a user may print, in REDCap's order, with their arms. */
export function printableRecords(db: Db, state: ProjectState, groupId: number | null): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of listRecords(db, state.id, groupId)) {
    const arms = out.get(r.record);
    if (arms) arms.push(r.arm_num);
    else out.set(r.record, [r.arm_num]);
  }
  return out;
}
