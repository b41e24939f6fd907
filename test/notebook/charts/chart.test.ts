import { describe, expect, it } from 'vitest';
import { Chart, chartFromSpec, renderSvg } from '../../../src/notebook/charts/chart.js';
import { barSpec } from '../../../src/notebook/charts/specs.js';

describe('renderSvg', () => {
  it('renders a Vega-Lite spec to SVG in Node, escaping text from the data', async () => {
    const svg = await renderSvg(
      barSpec(
        [
          { level: '<script>x</script>', count: 3 },
          { level: 'B & C', count: 5 },
        ],
        { title: 'Levels <i>' },
      ),
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(svg).toContain('B &amp; C');
    expect(svg).toContain('Levels &lt;i&gt;');
    expect(svg).not.toContain('<script>');
    // Two bars, with their values.
    expect(svg.match(/aria-roledescription="bar"/g)).toHaveLength(2);
    expect(svg).toContain('aria-label="count: 5; level: B &amp; C"');
  });

  it('refuses a broken spec with Vega-Lite’s message', async () => {
    await expect(renderSvg({ mark: 'bar', encoding: { x: { field: 'a', type: 'nonsense' } } })).rejects.toThrow();
  });
});

describe('Chart', () => {
  it('wraps the SVG in a labelled figure and prints as a short description', async () => {
    const chart = await chartFromSpec(
      barSpec([{ level: 'a', count: 1 }], { title: { text: 'Counts', subtitle: 'n = 1' }, width: 200 }),
    );
    expect(chart).toBeInstanceOf(Chart);
    expect(chart.title).toBe('Counts');
    expect(chart.toHTML()).toMatch(/^<figure class="rf-chart" data-rf="chart" aria-label="Counts"[^>]*><svg/);
    expect(chart.toString()).toMatch(/^Chart "Counts" \(\d+×\d+ SVG\)$/);
  });
});
