import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { OdmElement } from '../project-definition.js';

/**
 * A small element tree over fast-xml-parser's ordered output: children keep
 * document order, attributes are looked up by name (order-insensitive), and
 * entities are decoded here, in one pass, so `&amp;lt;` stays `&lt;`.
 */
export type XmlElement = OdmElement;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: true,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  // Decoded by decodeEntities below: the parser's own pass would decode
  // `&amp;lt;` twice when HTML entities are on, and not at all otherwise.
  processEntities: false,
  cdataPropName: '#cdata',
});

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (_, e: string) => {
    if (e[0] !== '#') return NAMED[e];
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

function convert(name: string, node: Ordered): XmlElement {
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(node[':@'] ?? {})) attributes[k] = decodeEntities(String(v));
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[name] as Ordered[]) ?? []) {
    const key = Object.keys(child).find((k) => k !== ':@');
    if (key === undefined) continue;
    if (key === '#text') text += decodeEntities(String(child['#text']));
    else if (key === '#cdata')
      text += ((child['#cdata'] as Ordered[]) ?? []).map((t) => String(t['#text'] ?? '')).join('');
    else if (key[0] !== '?' && key[0] !== '!') children.push(convert(key, child));
  }
  // Whitespace between child elements is layout, not content.
  if (children.length > 0 && text.trim() === '') text = '';
  return { name, attributes, children, text };
}

/**
 * Parses XML text into its document element. Malformed XML throws an Error
 * that says where it is malformed.
 */
export function parseXml(xml: string, what = 'the document'): XmlElement {
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    throw new Error(`${what} is not well-formed XML (line ${line}, column ${col}): ${msg}`);
  }
  const nodes = parser.parse(xml) as Ordered[];
  for (const node of nodes) {
    const key = Object.keys(node).find((k) => k !== ':@');
    if (key !== undefined && key !== '#text' && key[0] !== '?' && key[0] !== '!') return convert(key, node);
  }
  throw new Error(`${what} holds no XML element`);
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

export function children(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** Every descendant element of that name, in document order. */
export function descendants(el: XmlElement, name: string, out: XmlElement[] = []): XmlElement[] {
  for (const c of el.children) {
    if (c.name === name) out.push(c);
    descendants(c, name, out);
  }
  return out;
}

/** `redcap:Foo` → `Foo`. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

// Characters XML 1.0 cannot carry at all; they are dropped on output.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Text content escaped as REDCap does (`'` as `&#039;`, like PHP's
 * htmlspecialchars), and `\r` as a reference, since XML readers turn raw
 * `\r\n` into `\n`.
 */
export function escapeText(s: string): string {
  return s
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#039;')
    .replace(/\r/g, '&#13;');
}

/**
 * An attribute value. Line breaks and tabs become character references:
 * REDCap writes them raw, but a conforming XML reader turns raw ones into
 * spaces, so references are the only way they survive an import.
 */
export function escapeAttr(s: string): string {
  return escapeText(s).replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** ` a="1" b="2"` for the given attributes, in the given order. */
export function attrs(pairs: Iterable<readonly [string, string]>): string {
  let out = '';
  for (const [k, v] of pairs) out += ` ${k}="${escapeAttr(v)}"`;
  return out;
}

/** Serialises a generic element (used for extension groups kept verbatim). */
export function serializeElement(el: XmlElement, indent: string): string {
  const open = `${indent}<${el.name}${attrs(Object.entries(el.attributes))}`;
  if (el.children.length === 0) {
    return el.text === '' ? `${open}/>\n` : `${open}>${escapeText(el.text)}</${el.name}>\n`;
  }
  let out = `${open}>${escapeText(el.text)}\n`;
  for (const c of el.children) out += serializeElement(c, indent + '\t');
  return out + `${indent}</${el.name}>\n`;
}
