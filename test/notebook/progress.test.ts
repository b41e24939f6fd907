import { describe, expect, it } from 'vitest';
import { progressDisplay, progressHtml } from '../../src/notebook/progress.js';

describe('progress', () => {
  const event = {
    method: 'exportRecords',
    phase: 'export' as const,
    done: 2,
    total: 4,
    records: 200,
    totalRecords: 350,
  };

  it('renders a bar with counts, ticked when done', () => {
    const html = progressHtml('Exporting <all>', event);
    expect(html).toContain('<progress value="2" max="4"');
    expect(html).toContain('2 of 4 batches, 200 of 350 records');
    expect(html).toContain('Exporting &lt;all&gt;');
    expect(html).not.toContain('✓');
    expect(progressHtml('x', { ...event, done: 4, records: 350 })).toContain('✓');
    expect(progressHtml('x', { ...event, phase: 'ids', done: 0 })).toContain('350 records in 4 batches');
  });

  it('does nothing outside a notebook unless asked to log', () => {
    const lines: string[] = [];
    progressDisplay('Export')(event);
    expect(lines).toEqual([]);
    const listener = progressDisplay('Export', { log: (l) => lines.push(l) });
    listener(event);
    listener({ ...event, done: 4, records: 350 });
    expect(lines).toEqual(['Export: 2 of 4 batches, 200 of 350 records', 'Export: 4 of 4 batches, 350 of 350 records']);
  });
});
