/** One option of a radio, dropdown, checkbox, yes/no or true/false field. */
export interface Choice {
  code: string;
  label: string;
}

/**
 * Parses REDCap's choice notation `1, Yes | 2, No`: entries split on `|`,
 * the code runs up to the first comma. An entry without a comma uses its
 * text as both code and label, as REDCap does for hand-written dictionaries.
 */
export function parseChoices(spec: string | null | undefined): Choice[] {
  if (!spec) return [];
  const choices: Choice[] = [];
  // REDCap also accepts line breaks between entries in uploaded dictionaries.
  for (const entry of spec.split(/\||\r?\n/)) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const comma = trimmed.indexOf(',');
    if (comma < 0) {
      choices.push({ code: trimmed, label: trimmed });
    } else {
      choices.push({ code: trimmed.slice(0, comma).trim(), label: trimmed.slice(comma + 1).trim() });
    }
  }
  return choices;
}

/** The inverse of {@link parseChoices}, in the form REDCap exports. */
export function formatChoices(choices: readonly Choice[]): string {
  return choices.map((c) => `${c.code}, ${c.label}`).join(' | ');
}

/**
 * The export column of one checkbox option: `field___code`, with the code
 * lower-cased and every character other than a-z, 0-9 and `_` replaced by
 * `_` (so `-99` becomes `race____99`).
 */
export function checkboxColumnName(field: string, code: string): string {
  return `${field}___${code.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}

export const YESNO_CHOICES: readonly Choice[] = Object.freeze([
  { code: '1', label: 'Yes' },
  { code: '0', label: 'No' },
]);

export const TRUEFALSE_CHOICES: readonly Choice[] = Object.freeze([
  { code: '1', label: 'True' },
  { code: '0', label: 'False' },
]);

/** The choices of every `<form>_complete` pseudo-field. */
export const COMPLETE_CHOICES: readonly Choice[] = Object.freeze([
  { code: '0', label: 'Incomplete' },
  { code: '1', label: 'Unverified' },
  { code: '2', label: 'Complete' },
]);

/** Project-level missing-data codes use the same `CODE, Label | …` notation. */
export function parseMissingDataCodes(spec: string | null | undefined): Choice[] {
  return parseChoices(spec);
}
