/**
 * REDCap's text validation types, as they appear in the data dictionary
 * (`text_validation_type_or_show_slider_number`), with what each accepts.
 * Stored values are always in the canonical form: dates `YYYY-MM-DD`,
 * datetimes `YYYY-MM-DD HH:MM[:SS]`, numbers with the field's own decimal
 * character.
 */
export type ValidationKind =
  | 'date'
  | 'datetime'
  | 'datetime_seconds'
  | 'time'
  | 'time_hh_mm_ss'
  | 'time_mm_ss'
  | 'integer'
  | 'number'
  | 'pattern';

export type DateOrder = 'ymd' | 'mdy' | 'dmy';

export interface ValidationSpec {
  name: string;
  kind: ValidationKind;
  /** Display order of date parts (dates and datetimes only). */
  order?: DateOrder;
  /** Exact number of decimal places for `number_Ndp` types. */
  decimals?: number;
  /** The decimal character the field stores (`,` for the comma types). */
  decimalChar: '.' | ',';
  /** Regular expression a stored value must match (every kind has one). */
  pattern: RegExp;
}

const DATE = String.raw`\d{4}-\d{2}-\d{2}`;
const HM = String.raw`\d{2}:\d{2}`;
const HMS = String.raw`\d{2}:\d{2}:\d{2}`;

function spec(
  name: string,
  kind: ValidationKind,
  pattern: RegExp,
  extra: Partial<ValidationSpec> = {},
): ValidationSpec {
  return { name, kind, pattern, decimalChar: '.', ...extra };
}

function numberDp(decimals: number, comma: boolean): ValidationSpec {
  const sep = comma ? ',' : String.raw`\.`;
  return spec(
    `number_${decimals}dp${comma ? '_comma_decimal' : ''}`,
    'number',
    new RegExp(String.raw`^[-+]?\d+${sep}\d{${decimals}}$`),
    { decimals, decimalChar: comma ? ',' : '.' },
  );
}

const list: ValidationSpec[] = [];
for (const order of ['ymd', 'mdy', 'dmy'] as const) {
  list.push(spec(`date_${order}`, 'date', new RegExp(`^${DATE}$`), { order }));
  list.push(spec(`datetime_${order}`, 'datetime', new RegExp(`^${DATE} ${HM}$`), { order }));
  list.push(spec(`datetime_seconds_${order}`, 'datetime_seconds', new RegExp(`^${DATE} ${HMS}$`), { order }));
}
list.push(
  spec('time', 'time', /^([01]\d|2[0-3]):[0-5]\d$/),
  spec('time_hh_mm_ss', 'time_hh_mm_ss', /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/),
  spec('time_mm_ss', 'time_mm_ss', /^[0-5]\d:[0-5]\d$/),
  spec('integer', 'integer', /^[-+]?\d+$/),
  spec('number', 'number', /^[-+]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?$/),
  spec('number_comma_decimal', 'number', /^[-+]?(?:\d+(?:,\d+)?|,\d+)(?:[eE][-+]?\d+)?$/, { decimalChar: ',' }),
);
for (let d = 1; d <= 4; d++) list.push(numberDp(d, false), numberDp(d, true));
list.push(
  spec('email', 'pattern', /^[\w.'+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,63}$/i),
  // North American numbers: optional parentheses, area code and exchange not starting with 0/1.
  spec('phone', 'pattern', /^\(?[2-9]\d{2}\)?[\s.-]*[2-9]\d{2}[\s.-]*\d{4}(?:\s*(?:#|x\.?|ext\.?|extension)\s*\d+)?$/i),
  spec(
    'phone_australia',
    'pattern',
    /^(?:\(0[2-478]\)|0[2-478])[\s-]?\d{4}[\s-]?\d{4}$|^04\d{2}[\s-]?\d{3}[\s-]?\d{3}$/,
  ),
  spec('zipcode', 'pattern', /^\d{5}(?:-\d{4})?$/),
  spec('postalcode_australia', 'pattern', /^\d{4}$/),
  spec('postalcode_canada', 'pattern', /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d$/i),
  spec('postalcode_french', 'pattern', /^(?:\d{5}|2[AB]\d{3})$/i),
  spec('postalcode_germany', 'pattern', /^\d{5}$/),
  spec('ssn', 'pattern', /^\d{3}-\d{2}-\d{4}$/),
  spec('alpha_only', 'pattern', /^[a-z]+$/i),
  spec('mrn_10d', 'pattern', /^\d{10}$/),
  spec('mrn_generic', 'pattern', /^[a-z0-9_-]+$/i),
  spec('vmrn', 'pattern', /^\d{4,9}$/),
);

const byName = new Map(list.map((s) => [s.name, s]));
// Older projects and ODM files use these names for the same rules.
byName.set('int', byName.get('integer')!);
byName.set('float', byName.get('number')!);
byName.set('date', byName.get('date_ymd')!);
byName.set('datetime', byName.get('datetime_ymd')!);
byName.set('datetime_seconds', byName.get('datetime_seconds_ymd')!);

/** Every validation type a dictionary may name, canonical names only. */
export const VALIDATION_TYPES: readonly string[] = Object.freeze(list.map((s) => s.name));

/** The rule for a validation type name, or undefined for none/unknown. */
export function validationSpec(name: string | null | undefined): ValidationSpec | undefined {
  if (!name) return undefined;
  return byName.get(name.trim().toLowerCase());
}

/** The canonical dictionary name for a validation type (maps ODM's `int`/`float`). */
export function canonicalValidationName(name: string): string {
  return validationSpec(name)?.name ?? name;
}
