/**
 * Charts as SVG, rendered in Node without a browser: a Vega-Lite spec is
 * compiled to Vega and rendered by a headless Vega view (`renderer:
 * 'none'`, text measured by estimate). Vega is loaded on first use, so
 * the package loads fast when no chart is drawn.
 */
import { inspect } from 'node:util';
import { escapeHtml } from '../html.js';

/** A Vega-Lite specification (see https://vega.github.io/vega-lite/docs/). */
export type VegaLiteSpec = Record<string, unknown>;

/** Defaults every chart shares: a plain look that prints well in a report. */
export const CHART_CONFIG = {
  background: 'white',
  font: 'Helvetica, Arial, sans-serif',
  view: { stroke: null },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    grid: true,
    gridColor: '#eaeef2',
    domainColor: '#8c959f',
    tickColor: '#8c959f',
  },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
  title: { fontSize: 14, fontWeight: 'bold', anchor: 'start', offset: 10 },
  range: {
    category: [
      '#0969da',
      '#d1242f',
      '#1a7f37',
      '#8250df',
      '#bf8700',
      '#57606a',
      '#e16f24',
      '#0598bc',
      '#bf3989',
      '#6e7781',
    ],
  },
} as const;

/** A rendered chart: its SVG and the spec it came from. */
export class Chart {
  constructor(
    readonly spec: VegaLiteSpec,
    readonly svg: string,
  ) {}

  get title(): string {
    const t = this.spec.title;
    return typeof t === 'string'
      ? t
      : typeof (t as { text?: unknown })?.text === 'string'
        ? (t as { text: string }).text
        : 'chart';
  }

  /** The SVG inside a figure element, for notebooks and reports. */
  toHTML(): string {
    return `<figure class="rf-chart" data-rf="chart" aria-label="${escapeHtml(this.title)}" style="margin:0.5em 0">${this.svg}</figure>`;
  }

  toString(): string {
    const m = /width="(\d+)" height="(\d+)"/.exec(this.svg);
    return `Chart "${this.title}"${m ? ` (${m[1]}×${m[2]} SVG)` : ''}`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

type VegaModule = typeof import('vega');
type VegaLiteModule = typeof import('vega-lite');
let engines: Promise<[VegaModule, VegaLiteModule]> | undefined;

function loadEngines(): Promise<[VegaModule, VegaLiteModule]> {
  engines ??= Promise.all([import('vega'), import('vega-lite')]);
  engines.catch(() => (engines = undefined));
  return engines;
}

/** Renders a Vega-Lite spec to SVG. */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const [vega, vegaLite] = await loadEngines();
  const withConfig = { ...spec, config: { ...CHART_CONFIG, ...(spec.config as object | undefined) } };
  // Warnings go nowhere: in a notebook they would land on stderr, beside the chart they are about.
  const quiet = {
    level: () => quiet,
    error: (...e: unknown[]) => {
      throw new Error(e.map(String).join(' '));
    },
    warn: () => quiet,
    info: () => quiet,
    debug: () => quiet,
  };
  const compiled = vegaLite.compile(withConfig as never, { logger: quiet as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A chart from a Vega-Lite spec. */
export async function chartFromSpec(spec: VegaLiteSpec): Promise<Chart> {
  return new Chart(spec, await renderSvg(spec));
}
