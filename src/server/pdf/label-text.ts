const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  bull: '•',
  middot: '·',
  deg: '°',
  plusmn: '±',
  times: '×',
  divide: '÷',
  le: '≤',
  ge: '≥',
  ne: '≠',
  micro: 'µ',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
  pound: '£',
  eacute: 'é',
  egrave: 'è',
  aacute: 'á',
  agrave: 'à',
  iacute: 'í',
  oacute: 'ó',
  uacute: 'ú',
  ntilde: 'ñ',
  ouml: 'ö',
  uuml: 'ü',
  auml: 'ä',
  szlig: 'ß',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * A label as plain text for print: REDCap labels may hold HTML (rich
 * text), so block elements and `<br>` become line breaks, other tags go,
 * entities are decoded, and runs of spaces collapse.
 */
export function plainText(label: string): string {
  const text = label
    .replace(/<\s*(script|style)\b[^>]*>[\s\S]*?<\s*\/\s*\1\s*>/gi, '')
    .replace(/<\s*br\s*\/?\s*>/gi, '\n')
    .replace(/<\s*\/\s*(p|div|li|h[1-6]|tr|table|ul|ol|blockquote)\s*>/gi, '\n')
    .replace(/<\s*li\b[^>]*>/gi, '• ')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Replaces piped fields (`[field]`, `[event][field]`, `[field:label]`,
 * `[field:value]`, with optional `[…][instance]`-style suffixes ignored)
 * using `lookup`, which answers the text to show or undefined when the
 * name is not a field. REDCap pipes a choice's label unless `:value` is
 * asked; a blank value shows as a line, as in REDCap's own PDFs.
 */
export function pipeFields(
  text: string,
  lookup: (field: string, event: string | undefined, raw: boolean) => string | undefined,
): string {
  return text.replace(
    /(?:\[([a-z][a-z0-9_]*)\])?\[([a-z][a-z0-9_]*)(?::(value|label|checked|unchecked))?\]/g,
    (whole, event: string | undefined, field: string, mod: string | undefined) => {
      const value = lookup(field, event, mod === 'value');
      if (value === undefined) return whole;
      return value === '' ? '______' : value;
    },
  );
}
