import { describe, expect, it } from 'vitest';
import { codebookToHtml, codebookToText } from '../../src/notebook/codebook-html.js';
import { clinicalSchema, htmlLabelSchema } from './fixtures.js';

describe('codebookToHtml', () => {
  it('lists each form with its fields, labels, notes, types and choices, escaped', () => {
    const html = codebookToHtml(htmlLabelSchema());
    expect(html).toContain('data-rf="codebook"');
    expect(html).toContain('<b>weight</b>');
    expect(html).toContain('Weight &lt;b&gt;(kg)&lt;/b&gt;');
    expect(html).toContain('Free &lt;text&gt;');
    expect(html).toContain('text · number');
    expect(html).toContain('20 to 300');
    expect(html).toContain('<code>2</code> Green &amp; blue');
    expect(html).toContain('<code>3</code> &lt;i&gt;Other&lt;/i&gt;');
    expect(html).toContain('pets___c, pets___d');
    expect(html).not.toMatch(/<i>Other<\/i>/);
  });

  it('shows calculations and chosen forms of a larger project', () => {
    const html = codebookToHtml(clinicalSchema(), { forms: ['vitals'] });
    expect(html).toContain('Vital signs');
    expect(html).toContain('<code>round([weight]/(([height]/100)^2),1)</code>');
    expect(html).not.toContain('Enrolment');
    expect(() => codebookToHtml(clinicalSchema(), { forms: ['nope'] })).toThrow('The project has no form "nope".');
  });

  it('prints as text', () => {
    const text = codebookToText(htmlLabelSchema());
    expect(text.split('\n')[0]).toBe('Codebook');
    expect(text).toMatch(/visit\s+colour\s+radio/);
  });
});
