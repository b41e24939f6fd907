/**
 * The headless runner against the real Jupyter and tslab kernel: a clean
 * notebook passes (and its rich output is what tslab displays), and each
 * way a notebook can go wrong fails the run: a thrown error, an unawaited
 * rejected promise, a kernel that exits, a token in the output.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeNotebook, type NotebookRun } from '../../src/notebook/run-notebooks.js';
import type { NotebookJson } from '../../src/notebook/notebook-file.js';

const here = join(import.meta.dirname, 'notebooks');
const FAKE_TOKEN = '0123456789ABCDEF0123456789ABCDEF';

describe('executeNotebook (Jupyter + tslab)', () => {
  let out: string;
  const runs = new Map<string, NotebookRun>();

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'rf-e2e-runner-'));
    const names = ['clean-display', 'unawaited-rejection', 'thrown-error', 'kernel-exit', 'token-leak'];
    // Two at a time: each notebook starts its own kernel.
    for (let i = 0; i < names.length; i += 2) {
      await Promise.all(
        names.slice(i, i + 2).map(async (name) => {
          runs.set(
            name,
            await executeNotebook(join(here, `${name}.ipynb`), {
              outDir: out,
              env: { E2E_FAKE_TOKEN: FAKE_TOKEN },
              secrets: [FAKE_TOKEN],
              cellTimeout: 120,
            }),
          );
        }),
      );
    }
  }, 240_000);

  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  const executed = async (name: string) => JSON.parse(await readFile(runs.get(name)!.output!, 'utf8')) as NotebookJson;

  it('passes a clean notebook, whose output is rich: HTML tables, an inline SVG chart, one progress entry updated in place', async () => {
    const run = runs.get('clean-display')!;
    expect(run.problems).toEqual([]);
    expect(run.ok).toBe(true);
    const nb = await executed('clean-display');
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    const text = (k: number) =>
      code[k].outputs!.map((o) => (Array.isArray(o.text) ? o.text.join('') : (o.text ?? ''))).join('');
    const data = (k: number) => code[k].outputs!.filter((o) => o.output_type === 'display_data').map((o) => o.data!);
    expect(text(0)).toBe('in notebook: true\n');
    const table = [data(1)[0]['text/html']].flat().join('');
    expect(table).toContain(
      '<span class="rf-name">score</span><span class="rf-type">number</span><span class="rf-label">Score &lt;i&gt;(0-9)&lt;/i&gt;</span>',
    );
    expect(table).toContain('rf-null');
    expect([data(2)[0]['text/html']].flat().join('')).toMatch(
      /^<figure class="rf-chart"[^>]*><svg[\s\S]*aria-roledescription="bar"/,
    );
    // Three updates of one display: the executed notebook keeps the last state only.
    const progress = data(3);
    expect(progress).toHaveLength(1);
    expect([progress[0]['text/html']].flat().join('')).toContain('3 of 3 batches, 30 of 30 records ✓');
    expect([data(4)[0]['text/html']].flat().join('')).toContain('data-rf="summary"');
  });

  it('fails on an unawaited rejected promise, and shows it in the executed notebook', async () => {
    const run = runs.get('unawaited-rejection')!;
    expect(run.ok).toBe(false);
    expect(run.problems).toContainEqual(
      expect.objectContaining({ kind: 'fault', message: 'UnhandledPromiseRejection: Error: nobody awaited this' }),
    );
    const nb = await executed('unawaited-rejection');
    expect(nb.cells.at(-1)!.outputs![0]).toMatchObject({ output_type: 'error', ename: 'UnhandledPromiseRejection' });
  });

  it('fails on an error output, naming the cell', () => {
    const run = runs.get('thrown-error')!;
    expect(run.ok).toBe(false);
    expect(run.problems).toEqual([{ cell: 1, kind: 'error', message: expect.stringContaining('expected 42, got 41') }]);
  });

  it('fails when the kernel dies', () => {
    const run = runs.get('kernel-exit')!;
    expect(run.ok).toBe(false);
    expect(run.problems.some((p) => p.kind === 'run' && /exited with [1-9]/.test(p.message))).toBe(true);
  });

  it('fails when a token shows in the output, without printing it', () => {
    const run = runs.get('token-leak')!;
    expect(run.ok).toBe(false);
    expect(run.problems).toEqual([
      { cell: -1, kind: 'secret', message: 'secret #1 (e.g. an API token) appears in the notebook' },
    ]);
    expect(JSON.stringify(run)).not.toContain(FAKE_TOKEN);
  });
});
