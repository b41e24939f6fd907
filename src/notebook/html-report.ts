/**
 * A self-contained HTML report for a study team: a title, a table of
 * contents and sections holding text, tables and SVG charts. No scripts
 * and no external files: it opens anywhere and prints as it shows.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { inspect } from 'node:util';
import { Chart } from './charts/chart.js';
import { escapeHtml, STYLE, styleElement } from './html.js';
import { htmlOf } from './show.js';

/** Trusted HTML to place in a report as is. */
export class RawHtml {
  constructor(readonly html: string) {}
  toHTML(): string {
    return this.html;
  }
}

/** Marks HTML built by the caller as trusted (everything else a report is given is escaped or rendered). */
export function rawHtml(html: string): RawHtml {
  return new RawHtml(html);
}

/** What a section holds: text (a paragraph, escaped), a chart, a frame or table, or anything `show` renders. */
export type ReportContent = string | Chart | RawHtml | { toHTML(): string } | object;

interface Section {
  id: string;
  title: string;
  parts: string[];
}

function slug(title: string, taken: Set<string>): string {
  const base =
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'section';
  let id = base;
  for (let k = 2; taken.has(id); k++) id = `${base}-${k}`;
  taken.add(id);
  return id;
}

const REPORT_STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; margin: 0; background: #f6f8fa; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; background: white; min-height: 100vh; box-sizing: border-box; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; }
.subtitle, .generated { color: #57606a; margin: 0 0 4px; }
nav ol { margin: 8px 0 0; padding-left: 20px; columns: 2; }
section p { line-height: 1.5; max-width: 60em; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
figure.rf-chart svg { max-width: 100%; height: auto; }
@media print { body { background: white; } main { padding: 0; } }
`.trim();

/** A report: sections of content, rendered to one HTML file. */
export class HtmlReport {
  private readonly sections: Section[] = [];
  private readonly ids = new Set<string>();

  constructor(
    readonly title: string,
    readonly options: { subtitle?: string; generated?: Date } = {},
  ) {}

  /** Adds a section; charts given together in one call sit side by side. */
  section(title: string, ...content: ReportContent[]): this {
    const parts: string[] = [];
    let charts: string[] = [];
    const flush = () => {
      if (charts.length) parts.push(`<div class="charts">${charts.join('')}</div>`);
      charts = [];
    };
    for (const c of content) {
      if (c instanceof Chart) {
        charts.push(c.toHTML());
        continue;
      }
      flush();
      if (typeof c === 'string') parts.push(`<p>${escapeHtml(c)}</p>`);
      else {
        const html = htmlOf(c);
        if (html === undefined)
          throw new Error(
            `A report section cannot show ${inspect(c, { depth: 0 })}; give text, a chart, a table or something with toHTML().`,
          );
        // The report carries the style once, in its head.
        parts.push(html.split(styleElement()).join(''));
      }
    }
    flush();
    this.sections.push({ id: slug(title, this.ids), title, parts });
    return this;
  }

  /** The section titles, in order. */
  get sectionTitles(): string[] {
    return this.sections.map((s) => s.title);
  }

  toHTML(): string {
    const generated = this.options.generated ?? new Date();
    const toc = this.sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join('');
    const body = this.sections
      .map(
        (s) =>
          `<section id="${s.id}" data-section="${escapeHtml(s.title)}"><h2>${escapeHtml(s.title)}</h2>${s.parts.join('\n')}</section>`,
      )
      .join('\n');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(this.title)}</title>
<style>${REPORT_STYLE}
${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(this.title)}</h1>
${this.options.subtitle ? `<p class="subtitle">${escapeHtml(this.options.subtitle)}</p>` : ''}
<p class="generated">Generated ${escapeHtml(generated.toISOString().slice(0, 16).replace('T', ' '))} UTC</p>
<nav><ol>${toc}</ol></nav>
</header>
${body}
</main>
</body>
</html>
`;
  }

  /** Writes the report (creating its folder); answers the absolute path. */
  async write(path: string): Promise<string> {
    const full = resolve(path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, this.toHTML(), 'utf8');
    return full;
  }

  toString(): string {
    return `HtmlReport "${this.title}": ${this.sections.length} sections`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
