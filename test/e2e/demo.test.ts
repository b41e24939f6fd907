/**
 * The main job, end to end: `redcap-frames demo` (what `npm run demo`
 * runs) starts the embedded server, executes every notebook headless with
 * Jupyter and tslab, and writes the executed notebooks, their HTML and the
 * study report. The report is then opened in headless Chromium, as a
 * reader would, and must show its sections, tables and SVG charts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notebookProblems, type NotebookJson } from '../../src/notebook/notebook-file.js';
import { runCommand } from '../../src/notebook/run-notebooks.js';

const root = resolve(import.meta.dirname, '..', '..');
const notebooks = readdirSync(join(root, 'notebooks'))
  .filter((f) => f.endsWith('.ipynb'))
  .sort();

/** The headless Chromium of the CI set-up (Debian's `chromium`). */
function chromium(): string {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    if (spawnSync('sh', ['-c', `command -v ${name}`]).status === 0) return name;
  }
  throw new Error('Chromium is not installed: run `bash .ci/setup`.');
}

async function browse(url: string, profile: string, extra: string[]): Promise<string> {
  const exit = await runCommand(
    chromium(),
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      '--hide-scrollbars',
      ...extra,
      url,
    ],
    { timeoutMs: 90_000, maxOutput: 50_000_000 },
  );
  if (exit.code !== 0) throw new Error(`chromium exited with ${exit.code}: ${exit.output.slice(-500)}`);
  return exit.output;
}

describe('npm run demo', () => {
  let out: string;
  let exit: { code: number | null; output: string };

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'rf-e2e-demo-'));
    exit = await runCommand(process.execPath, [join(root, 'dist', 'cli', 'main.js'), 'demo', '--out', out], {
      cwd: root,
      timeoutMs: 600_000,
    });
  }, 620_000);

  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('runs every notebook cleanly', () => {
    expect(notebooks.length).toBeGreaterThanOrEqual(5);
    expect(exit.output).toContain(`All ${notebooks.length} notebooks ran cleanly.`);
    expect(exit.code).toBe(0);
  });

  it('writes each executed notebook, without errors, stderr or tokens, and its HTML', async () => {
    for (const name of notebooks) {
      const nb = JSON.parse(await readFile(join(out, name), 'utf8')) as NotebookJson;
      expect(notebookProblems(nb), name).toEqual([]);
      // Tokens are 32 hexadecimal characters; none may reach a notebook.
      expect(JSON.stringify(nb), name).not.toMatch(/\b[0-9A-F]{32}\b/);
      const page = await readFile(join(out, name.replace(/\.ipynb$/, '.html')), 'utf8');
      // Charts keep their marks in the notebook's HTML (nbconvert strips SVG given as image/svg+xml).
      for (const svg of page.match(/<svg[\s\S]*?<\/svg>/g) ?? []) expect(svg, name).toMatch(/role-mark/);
    }
  });

  it('writes a study report whose sections, tables and SVG charts show in a browser', async () => {
    const report = join(out, 'report.html');
    expect(existsSync(report)).toBe(true);
    const profile = join(out, 'chromium-profile');
    const dom = await browse(`file://${report}`, profile, ['--dump-dom']);
    const sections = [...dom.matchAll(/<section id="[^"]+" data-section="([^"]+)"/g)].map((m) => m[1]);
    expect(sections).toEqual([
      'Enrolment',
      'Visits and forms',
      'Demographics',
      'Blood pressure',
      'Adverse events',
      'Data quality',
    ]);
    const section = (title: string) =>
      dom.slice(
        dom.indexOf(`data-section="${title}"`),
        dom.indexOf('</section>', dom.indexOf(`data-section="${title}"`)),
      );
    const svgs = (html: string) => (html.match(/<figure class="rf-chart"[^>]*><svg/g) ?? []).length;
    expect(svgs(section('Enrolment'))).toBeGreaterThanOrEqual(2);
    expect(section('Enrolment')).toContain('Cumulative enrolment');
    expect(svgs(section('Visits and forms'))).toBeGreaterThanOrEqual(2);
    expect(section('Visits and forms')).toContain('data-rf="completeness"');
    expect(section('Demographics')).toContain('data-rf="describe"');
    expect(section('Demographics')).toContain('Drug A');
    expect(svgs(section('Blood pressure'))).toBeGreaterThanOrEqual(1);
    expect(svgs(section('Adverse events'))).toBeGreaterThanOrEqual(1);
    expect(section('Data quality')).toContain('data-rf="value-report"');
    // Every chart drew marks (bars, lines or areas), not just axes.
    for (const svg of dom.match(/<svg[\s\S]*?<\/svg>/g) ?? []) expect(svg).toMatch(/role-mark/);

    const png = join(out, 'report.png');
    await browse(`file://${report}`, profile, ['--window-size=1200,2400', `--screenshot=${png}`]);
    const image = await readFile(png);
    expect(image.subarray(1, 4).toString()).toBe('PNG');
    expect(image.readUInt32BE(16)).toBe(1200);
    // A blank page compresses to a few kilobytes; charts and tables do not.
    expect(image.length).toBeGreaterThan(100_000);
  });
});
