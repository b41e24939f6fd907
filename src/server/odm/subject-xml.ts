import { decodeEntities, type XmlElement } from './xml-tree.js';

/**
 * One `<SubjectData>` element's text as an element tree, the same tree
 * `parseXml` makes of it (attributes and text decoded once, raw line
 * breaks in attributes kept as REDCap writes them, layout whitespace
 * dropped), read with two regular expressions: records are the bulk of
 * a project file and their markup is plain, so this is many times faster
 * than a general parser. Malformed markup throws, naming where.
 */
const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\/([^\s<>/]+)\s*>|<([^\s<>/!?]+)((?:\s+[^\s<>=/]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)/y;

interface Open {
  el: XmlElement;
  text: string;
}

/** The attributes of a start tag (the text TOKEN matched: `name="value"` pairs, quotes balanced), by indexOf. */
function attributesOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  for (;;) {
    const eq = text.indexOf('=', at);
    if (eq < 0) return out;
    let q = eq + 1;
    while (text[q] !== '"' && text[q] !== "'") q++;
    const end = text.indexOf(text[q], q + 1);
    out[text.slice(at, eq).trim()] = decodeEntities(text.slice(q + 1, end));
    at = end + 1;
  }
}

function close(open: Open): XmlElement {
  // Whitespace between child elements is layout, not content.
  open.el.text = open.el.children.length > 0 && open.text.trim() === '' ? '' : open.text;
  return open.el;
}

export function parseSubjectXml(xml: string, where: string): XmlElement {
  const stack: Open[] = [];
  let root: XmlElement | undefined;
  const fail = (at: number, why: string): never => {
    throw new Error(`${where} is not well-formed XML (${why}) near "${xml.slice(at, at + 60)}"`);
  };
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < xml.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(xml);
    if (!m) return fail(at, 'markup that is not a tag');
    const top = stack[stack.length - 1];
    const [, cdata, closing, name, attrs, selfClosing, text] = m;
    if (text !== undefined) {
      if (top) top.text += decodeEntities(text);
      else if (text.trim() !== '') fail(at, 'text outside the element');
    } else if (cdata !== undefined) {
      if (!top) fail(at, 'text outside the element');
      else top.text += cdata;
    } else if (closing !== undefined) {
      if (!top || top.el.name !== closing) fail(at, `</${closing}> closes ${top ? `<${top.el.name}>` : 'nothing'}`);
      const done = close(stack.pop()!);
      if (stack.length === 0) root = done;
    } else if (name !== undefined) {
      if (!top && root) fail(at, 'a second element');
      const el: XmlElement = { name, attributes: attributesOf(attrs), children: [], text: '' };
      if (top) top.el.children.push(el);
      if (selfClosing) {
        if (!top) root = el;
      } else stack.push({ el, text: '' });
    }
  }
  if (stack.length > 0) fail(xml.length, `<${stack[stack.length - 1].el.name}> is never closed`);
  if (!root) return fail(0, 'no element');
  return root;
}
