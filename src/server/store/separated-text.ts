/**
 * Text made of entries split by U+001E and parts split by U+001F. Record
 * values and export packs are both stored this way, because splitting text
 * is a few times cheaper than JSON.parse of the same strings. When a value
 * holds one of those characters, its record is stored as JSON instead.
 * JSON starts with `[`; separated text never does.
 */
export const ENTRY = '\u001e';
export const PART = '\u001f';
const SEPARATOR = /[\u001e\u001f]/;

/** Whether the text would break separated text (its record goes to JSON). */
export function holdsSeparator(text: string): boolean {
  return SEPARATOR.test(text);
}

/** Whether stored text is the JSON form. */
export function isJsonText(text: string): boolean {
  return text.charCodeAt(0) === 91;
}
