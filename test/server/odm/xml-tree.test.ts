import { describe, expect, it } from 'vitest';
import { decodeEntities, escapeAttr, parseXml, serializeElement } from '../../../src/server/odm/xml-tree.js';

describe('xml-tree', () => {
  it('decodes entities once, in attributes and text', () => {
    const el = parseXml('<a x="it&#039;s &amp;lt; &#x41;&#10;b" y=\'2\'><t>&quot;&amp;amp;&quot;</t></a>');
    expect(el.attributes).toEqual({ x: "it's &lt; A\nb", y: '2' });
    expect(el.children[0].text).toBe('"&amp;"');
    expect(decodeEntities('&unknown; &lt;')).toBe('&unknown; <');
  });

  it('reads CDATA verbatim and skips a byte-order mark', () => {
    const el = parseXml('\uFEFF<?xml version="1.0" encoding="UTF-8" ?><a><![CDATA[x &amp; <y>]]></a>');
    expect(el.name).toBe('a');
    expect(el.text).toBe('x &amp; <y>');
  });

  it('keeps children in document order and drops layout whitespace', () => {
    const el = parseXml('<g>\n\t<b n="1"/>\n\t<a/>\n\t<b n="2"/>\n</g>');
    expect(el.children.map((c) => `${c.name}${c.attributes.n ?? ''}`)).toEqual(['b1', 'a', 'b2']);
    expect(el.text).toBe('');
  });

  it('escapes so that a reader gets the same text back', () => {
    const text = 'a\r\nb\tc <d> & "e" \'f\'';
    expect(parseXml(`<x v="${escapeAttr(text)}"/>`).attributes.v).toBe(text);
    const el = {
      name: 'redcap:G',
      attributes: { k: text },
      children: [{ name: 'redcap:I', attributes: {}, children: [], text }],
      text: '',
    };
    expect(parseXml(serializeElement(el, ''))).toEqual(el);
  });
});
