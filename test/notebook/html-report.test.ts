import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartFromSpec } from '../../src/notebook/charts/chart.js';
import { barSpec } from '../../src/notebook/charts/specs.js';
import { summarize } from '../../src/notebook/column-summary.js';
import { HtmlReport, rawHtml } from '../../src/notebook/html-report.js';
import { styleElement } from '../../src/notebook/html.js';
import { htmlLabelFrame } from './fixtures.js';

describe('HtmlReport', () => {
  it('writes a standalone document with a contents list, sections, tables and inline SVG', async () => {
    const frame = htmlLabelFrame();
    const chart = await chartFromSpec(barSpec([{ level: 'a', count: 1 }], { title: 'Bars' }));
    const report = new HtmlReport('Study <report>', {
      subtitle: 'Data & more',
      generated: new Date('2025-05-16T08:30:00Z'),
    })
      .section('Enrolment', 'Fewer than <planned>.', chart, chart)
      .section('Data', frame, summarize(frame), frame.invalid)
      .section('Enrolment', rawHtml('<p id="mine">trusted</p>'));
    const html = report.toHTML();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<title>Study &lt;report&gt;</title>');
    expect(html).toContain('<p class="subtitle">Data &amp; more</p>');
    expect(html).toContain('Generated 2025-05-16 08:30 UTC');
    expect(html).toContain(
      '<li><a href="#enrolment">Enrolment</a></li><li><a href="#data">Data</a></li><li><a href="#enrolment-2">Enrolment</a></li>',
    );
    expect(html).toContain('<section id="data" data-section="Data">');
    expect(html).toContain('<p>Fewer than &lt;planned&gt;.</p>');
    // Two charts side by side in one row.
    expect(html).toMatch(/<div class="charts"><figure[^>]*><svg[\s\S]*?<\/svg><\/figure><figure[^>]*><svg/);
    expect(html).toContain('data-rf="frame"');
    expect(html).toContain('data-rf="summary"');
    expect(html).toContain('data-rf="value-report"');
    expect(html).toContain('<p id="mine">trusted</p>');
    // The style sits once in the head, not in every block; no scripts.
    expect(html.split(styleElement()).length).toBe(1);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).not.toContain('<script');
    expect(report.sectionTitles).toEqual(['Enrolment', 'Data', 'Enrolment']);

    const dir = await mkdtemp(join(tmpdir(), 'rf-report-'));
    try {
      const path = await report.write(join(dir, 'nested', 'report.html'));
      expect(await readFile(path, 'utf8')).toBe(html);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses content it cannot show', () => {
    expect(() => new HtmlReport('x').section('Bad', 42 as unknown as string)).toThrow(
      'A report section cannot show 42',
    );
  });
});
