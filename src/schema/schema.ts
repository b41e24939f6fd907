import { parseMissingDataCodes, type Choice } from '../values/choices.js';
import { compileField, completeFieldRule, surveyTimestampRule, type FieldRule } from '../values/field-rule.js';
import type {
  Arm,
  DictionaryRow,
  EventDef,
  FormEventMapping,
  Instrument,
  ProjectInfo,
  RepeatingFormEvent,
} from './types.js';

/** What a schema is built from: the project's structure as the API exports it. */
export interface SchemaInput {
  dictionary: readonly DictionaryRow[];
  instruments?: readonly Instrument[];
  arms?: readonly Arm[];
  events?: readonly EventDef[];
  mappings?: readonly FormEventMapping[];
  repeating?: readonly RepeatingFormEvent[];
  info?: Partial<ProjectInfo>;
  /** Instruments enabled as surveys (they get `<form>_timestamp`). */
  surveyForms?: readonly string[];
  /** Data access groups: unique names and the names shown in REDCap. */
  dags?: readonly DagLabel[];
}

/** A data access group's unique name and the name REDCap shows. */
export interface DagLabel {
  unique_group_name: string;
  data_access_group_name: string;
}

export interface FormSchema {
  name: string;
  label: string;
  /** The form's fields in dictionary order (descriptive fields included). */
  fields: readonly FieldRule[];
  complete: FieldRule;
}

/** One column of a flat record export, and the field it belongs to. */
export interface ExportColumn {
  name: string;
  rule: FieldRule;
  form: string;
  /** The option code, for a checkbox column. */
  code?: string;
  /** `<form>_timestamp` of a survey. */
  surveyTimestamp?: boolean;
}

function titleCase(form: string): string {
  return form
    .split('_')
    .map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w))
    .join(' ');
}

/**
 * A project's structure compiled once: fields with their value rules,
 * forms, events and arms, repeating setup, missing-data codes, and the
 * export columns that follow from them. Used by the client's frames, by
 * write-back, and by the embedded server alike.
 */
export class Schema {
  /** The data dictionary as given (field notes, annotations… for codebooks). */
  readonly dictionary: readonly DictionaryRow[];
  readonly fields: readonly FieldRule[];
  readonly forms: readonly FormSchema[];
  readonly recordIdField: string;
  readonly arms: readonly Arm[];
  readonly events: readonly EventDef[];
  readonly mappings: readonly FormEventMapping[];
  readonly repeating: readonly RepeatingFormEvent[];
  readonly missingCodes: readonly Choice[];
  readonly missingCodeSet: ReadonlySet<string>;
  readonly surveyForms: ReadonlySet<string>;
  readonly info: Partial<ProjectInfo>;
  readonly dags: readonly DagLabel[];
  private readonly byName = new Map<string, FieldRule>();
  private readonly formByName = new Map<string, FormSchema>();
  private readonly columnIndex = new Map<string, ExportColumn>();
  private readonly eventForms = new Map<string, Set<string>>();
  private readonly repeatForms = new Set<string>();
  private readonly repeatEvents = new Set<string>();
  private readonly eventByName = new Map<string, EventDef>();

  constructor(input: SchemaInput) {
    this.info = input.info ?? {};
    this.dictionary = input.dictionary;
    this.fields = input.dictionary.map(compileField);
    this.recordIdField = this.fields[0]?.name ?? 'record_id';
    const labels = new Map((input.instruments ?? []).map((i) => [i.instrument_name, i.instrument_label]));
    const forms: FormSchema[] = [];
    for (const rule of this.fields) {
      this.byName.set(rule.name, rule);
      let form = this.formByName.get(rule.form);
      if (!form) {
        form = {
          name: rule.form,
          label: labels.get(rule.form) ?? titleCase(rule.form),
          fields: [],
          complete: completeFieldRule(rule.form),
        };
        this.formByName.set(rule.form, form);
        forms.push(form);
      }
      (form.fields as FieldRule[]).push(rule);
    }
    this.forms = forms;
    for (const form of forms) this.byName.set(form.complete.name, form.complete);
    this.arms = input.arms ?? [];
    this.events = input.events ?? [];
    this.mappings = input.mappings ?? [];
    this.repeating = input.repeating ?? [];
    this.surveyForms = new Set(input.surveyForms ?? []);
    this.dags = input.dags ?? [];
    this.missingCodes = parseMissingDataCodes(this.info.missing_data_codes);
    this.missingCodeSet = new Set(this.missingCodes.map((c) => c.code));
    for (const e of this.events) this.eventByName.set(e.unique_event_name, e);
    for (const m of this.mappings) {
      let set = this.eventForms.get(m.unique_event_name);
      if (!set) this.eventForms.set(m.unique_event_name, (set = new Set()));
      set.add(m.form);
    }
    for (const r of this.repeating) {
      // Classic projects' exports may leave event_name out: key them by '' as repeatKey does.
      if (r.form_name) this.repeatForms.add(`${r.event_name ?? ''}\u0000${r.form_name}`);
      else this.repeatEvents.add(r.event_name ?? '');
    }
    for (const c of this.exportColumns({ surveyFields: true })) this.columnIndex.set(c.name, c);
  }

  /** Longitudinal projects have events (and export `redcap_event_name`). */
  get longitudinal(): boolean {
    return this.events.length > 0;
  }

  /** True when any instrument or event repeats. */
  get hasRepeating(): boolean {
    return this.repeating.length > 0;
  }

  /** The rule of a field or of a `<form>_complete` pseudo-field. */
  field(name: string): FieldRule | undefined {
    return this.byName.get(name);
  }

  form(name: string): FormSchema | undefined {
    return this.formByName.get(name);
  }

  event(uniqueName: string): EventDef | undefined {
    return this.eventByName.get(uniqueName);
  }

  /** The export column of that name (checkbox options and `_complete` included). */
  column(name: string): ExportColumn | undefined {
    return this.columnIndex.get(name);
  }

  /**
   * Forms designated for an event. For classic projects (no events) every
   * form; the event name is ignored.
   */
  formsOfEvent(event: string | null | undefined): readonly string[] {
    if (!this.longitudinal) return this.forms.map((f) => f.name);
    const set = this.eventForms.get(event ?? '');
    return set ? this.forms.filter((f) => set.has(f.name)).map((f) => f.name) : [];
  }

  /** True when `form` is designated for `event` (always true in classic projects). */
  isFormInEvent(form: string, event: string | null | undefined): boolean {
    if (!this.longitudinal) return this.formByName.has(form);
    return this.eventForms.get(event ?? '')?.has(form) ?? false;
  }

  /** Repeating setups are keyed by unique event name; classic projects use the pseudo event `''`. */
  isRepeatingForm(form: string, event: string | null | undefined): boolean {
    return this.repeatForms.has(`${this.repeatKey(event)}\u0000${form}`);
  }

  isRepeatingEvent(event: string | null | undefined): boolean {
    return this.repeatEvents.has(this.repeatKey(event));
  }

  private repeatKey(event: string | null | undefined): string {
    if (this.longitudinal) return event ?? '';
    // Classic projects: REDCap's repeating export names the (single) event; accept any.
    const first = this.repeating[0]?.event_name ?? '';
    return first;
  }

  /**
   * The data columns of a flat export, in REDCap's order: fields in
   * dictionary order, checkbox options expanded, `<form>_timestamp` before
   * a survey's fields when asked, `<form>_complete` after each form. The
   * record id is included (first); descriptive fields never are.
   */
  exportColumns(opts: { surveyFields?: boolean } = {}): ExportColumn[] {
    const cols: ExportColumn[] = [];
    for (const form of this.forms) {
      if (opts.surveyFields && this.surveyForms.has(form.name)) {
        cols.push({
          name: `${form.name}_timestamp`,
          rule: surveyTimestampRule(form.name),
          form: form.name,
          surveyTimestamp: true,
        });
      }
      for (const rule of form.fields) {
        if (rule.kind === 'none') continue;
        if (rule.type === 'checkbox') {
          for (const c of rule.checkboxColumns) cols.push({ name: c.column, rule, form: form.name, code: c.code });
        } else {
          cols.push({ name: rule.name, rule, form: form.name });
        }
      }
      cols.push({ name: form.complete.name, rule: form.complete, form: form.name });
    }
    // The record id leads even when its form is not first.
    const idIndex = cols.findIndex((c) => c.name === this.recordIdField);
    if (idIndex > 0) cols.unshift(...cols.splice(idIndex, 1));
    return cols;
  }
}

/** Builds a schema from the project's exported structure. */
export function buildSchema(input: SchemaInput): Schema {
  return new Schema(input);
}
