import {
  COMPLETE_CHOICES,
  TRUEFALSE_CHOICES,
  YESNO_CHOICES,
  checkboxColumnName,
  parseChoices,
  type Choice,
} from './choices.js';
import { validationSpec, type ValidationSpec } from './validation-types.js';
import type { DictionaryRow } from '../schema/types.js';

export const FIELD_TYPES = Object.freeze([
  'text',
  'notes',
  'radio',
  'dropdown',
  'calc',
  'file',
  'checkbox',
  'yesno',
  'truefalse',
  'descriptive',
  'slider',
  'sql',
] as const);

export type FieldType = (typeof FIELD_TYPES)[number];

/** True for the field types REDCap accepts in a data dictionary. */
export function isFieldType(t: string): t is FieldType {
  return (FIELD_TYPES as readonly string[]).includes(t);
}

/**
 * What a field's values are once typed: the column type of a frame and the
 * family of checks a stored value goes through.
 */
export type ValueKind =
  | 'text'
  | 'integer'
  | 'number'
  | 'date'
  | 'datetime'
  | 'time'
  | 'boolean'
  | 'choice'
  | 'checkbox'
  | 'file'
  | 'none';

/** A field compiled once from its dictionary row: everything the value rules need. */
export interface FieldRule {
  name: string;
  form: string;
  /** Dictionary field type, or `complete` for the `<form>_complete` pseudo-field. */
  type: FieldType | 'complete';
  kind: ValueKind;
  label: string;
  validation?: ValidationSpec;
  /** Options of radio/dropdown/checkbox/yesno/truefalse/complete fields, in order. */
  choices: readonly Choice[];
  /** Option by code, for the fields above. */
  byCode: ReadonlyMap<string, Choice>;
  /** Checkbox export columns (`field___code`) in choice order, with their codes. */
  checkboxColumns: readonly { column: string; code: string }[];
  /** Range bounds as written in the dictionary (may be `today`/`now`), blank for none. */
  min: string;
  max: string;
  /** calc, file and descriptive values cannot be set by a record import. */
  importable: boolean;
}

function kindOf(type: FieldType, validation: ValidationSpec | undefined): ValueKind {
  switch (type) {
    case 'text':
      if (!validation) return 'text';
      switch (validation.kind) {
        case 'date':
          return 'date';
        case 'datetime':
        case 'datetime_seconds':
          return 'datetime';
        case 'time':
        case 'time_hh_mm_ss':
        case 'time_mm_ss':
          return 'time';
        case 'integer':
          return 'integer';
        case 'number':
          return 'number';
        default:
          return 'text';
      }
    case 'notes':
      return 'text';
    case 'calc':
      return 'number';
    case 'slider':
      return 'integer';
    case 'yesno':
    case 'truefalse':
      return 'boolean';
    case 'radio':
    case 'dropdown':
    case 'sql':
      return 'choice';
    case 'checkbox':
      return 'checkbox';
    case 'file':
      return 'file';
    case 'descriptive':
      return 'none';
  }
}

function choicesOf(type: FieldType, spec: string): Choice[] {
  switch (type) {
    case 'yesno':
      return [...YESNO_CHOICES];
    case 'truefalse':
      return [...TRUEFALSE_CHOICES];
    case 'radio':
    case 'dropdown':
    case 'checkbox':
      return parseChoices(spec);
    // A dictionary gives an sql field its query; only resolved options (as in ODM) are choices.
    case 'sql':
      return /^\s*select\b/i.test(spec) ? [] : parseChoices(spec);
    default:
      return [];
  }
}

/** Compiles one dictionary row. Unknown field types are treated as text. */
export function compileField(row: DictionaryRow): FieldRule {
  const type: FieldType = isFieldType(row.field_type) ? row.field_type : 'text';
  // Only text fields carry a validation; sliders use the column to show the number.
  const validation = type === 'text' ? validationSpec(row.text_validation_type_or_show_slider_number) : undefined;
  const choices = choicesOf(type, row.select_choices_or_calculations);
  let min = row.text_validation_min ?? '';
  let max = row.text_validation_max ?? '';
  if (type === 'slider') {
    if (min === '') min = '0';
    if (max === '') max = '100';
  } else if (type !== 'text') {
    min = '';
    max = '';
  }
  return {
    name: row.field_name,
    form: row.form_name,
    type,
    kind: kindOf(type, validation),
    label: row.field_label,
    validation,
    choices,
    byCode: new Map(choices.map((c) => [c.code, c])),
    checkboxColumns:
      type === 'checkbox'
        ? choices.map((c) => ({ column: checkboxColumnName(row.field_name, c.code), code: c.code }))
        : [],
    min,
    max,
    importable: type !== 'calc' && type !== 'file' && type !== 'descriptive',
  };
}

/** The rule of a form's `<form>_complete` status field. */
export function completeFieldRule(form: string): FieldRule {
  return {
    name: `${form}_complete`,
    form,
    type: 'complete',
    kind: 'choice',
    label: 'Complete?',
    choices: COMPLETE_CHOICES,
    byCode: new Map(COMPLETE_CHOICES.map((c) => [c.code, c])),
    checkboxColumns: [],
    min: '',
    max: '',
    importable: true,
  };
}

/** The rule of a survey's `<form>_timestamp` pseudo-field: a datetime REDCap sets, never imported. */
export function surveyTimestampRule(form: string): FieldRule {
  return {
    ...completeFieldRule(form),
    name: `${form}_timestamp`,
    type: 'text',
    kind: 'datetime',
    choices: [],
    byCode: new Map(),
    label: 'Survey Timestamp',
    importable: false,
  };
}
