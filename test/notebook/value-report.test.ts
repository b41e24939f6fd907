import { describe, expect, it } from 'vitest';
import { isValueReport, valueReportToHtml } from '../../src/notebook/value-report.js';
import { htmlLabelFrame } from './fixtures.js';

describe('valueReportToHtml', () => {
  it('counts by field and lists the values with their record and reason', () => {
    const frame = htmlLabelFrame();
    expect(isValueReport(frame.invalid)).toBe(true);
    const html = valueReportToHtml(frame.invalid);
    expect(html).toContain('data-rf="value-report"');
    expect(html).toContain('Invalid values');
    expect(html).toContain('1 value — by field: <b>weight</b> 1');
    expect(html).toContain('<td>heavy</td>');
    // Classic project: no event, instrument or instance columns.
    expect(html).not.toContain('<th>event</th>');
    expect(html).toContain('<th>record</th>');
  });

  it('renders the missing-code report the same way, and an empty report as a count', () => {
    const frame = htmlLabelFrame();
    expect(valueReportToHtml(frame.missing)).toContain('<td>UNK</td><td>Unknown</td>');
    const clean = htmlLabelFrame();
    const none = {
      ...clean.invalid,
      title: 'Invalid values',
      columns: clean.invalid.columns,
      rows: [],
      countsByField: () => new Map(),
    };
    expect(valueReportToHtml(none)).toContain('0 values');
    expect(valueReportToHtml(none)).not.toContain('<table');
  });
});
