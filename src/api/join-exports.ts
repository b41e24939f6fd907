/**
 * Joining the answers of a batched record export into what one export
 * would have answered: rows in batch order, the CSV header once, one XML
 * root around all items.
 */
import { joinCsvBytes } from './csv-batches.js';

/**
 * CSV texts with the same header as one text: the first non-empty part
 * whole, the others without their header. Throws when headers differ
 * (the batches would not line up). (Joined as bytes: csv-batches.ts.)
 */
export function joinCsv(parts: readonly string[]): string {
  return Buffer.from(joinCsvBytes(parts.map((p) => Buffer.from(p)))).toString('utf8');
}

interface XmlParts {
  head: string;
  inner: string;
  tail: string;
  empty: boolean;
}

function splitXml(text: string): XmlParts | undefined {
  const open = /^(\uFEFF?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*)<([A-Za-z_][\w.:-]*)([^>]*?)(\/?)>/.exec(
    text,
  );
  if (!open) return undefined;
  const name = open[2];
  const openEnd = open[0].length;
  if (open[4] === '/') return { head: text.slice(0, openEnd), inner: '', tail: text.slice(openEnd), empty: true };
  const close = text.lastIndexOf(`</${name}`);
  if (close < openEnd) return undefined;
  const inner = text.slice(openEnd, close);
  return { head: text.slice(0, openEnd), inner, tail: text.slice(close), empty: inner.trim() === '' };
}

/**
 * XML exports (`<records><item>…</item></records>`) as one: the first
 * batch's prolog and root around every batch's items, separated as the
 * first batch separates its own.
 */
export function joinXml(parts: readonly string[]): string {
  const split = parts
    .filter((p) => p.trim() !== '')
    .map((p) => {
      const s = splitXml(p);
      if (!s) throw new Error(`a batch's answer is not an XML document ("${p.slice(0, 80)}")`);
      return s;
    });
  const template = split.find((s) => !s.empty) ?? split[0];
  if (!template) return parts[0] ?? '';
  const items = split.filter((s) => !s.empty).map((s) => s.inner.trim());
  if (items.length === 0) return parts.find((p) => p.trim() !== '') ?? '';
  const lead = /^\s*/.exec(template.inner)?.[0] ?? '';
  const trail = /\s*$/.exec(template.inner)?.[0] ?? '';
  return template.head + lead + items.join(lead || '\n') + trail + template.tail;
}
