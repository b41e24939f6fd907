/**
 * The set-up check before notebooks run: against this machine's real
 * Jupyter (set up by `.ci/setup`), and against environments that lack
 * nbconvert, the tslab kernel, or both, as a fresh clone does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNotebookSetup } from '../../src/notebook/jupyter-preflight.js';
import { ROOT, requireBuild, runCli } from '../cli/run-cli.js';

describe('checkNotebookSetup', () => {
  let empty: string;

  beforeAll(async () => {
    empty = await mkdtemp(join(tmpdir(), 'rf-preflight-'));
  });
  afterAll(async () => {
    await rm(empty, { recursive: true, force: true });
  });

  it("finds this machine set up: nbconvert, the project's tslab kernel, the package link", async () => {
    const setup = await checkNotebookSetup({ notebooksDir: join(ROOT, 'notebooks') });
    expect(setup).toEqual({ ready: true, missing: [], message: '' });
  });

  it('says in one line that nbconvert and the kernel are missing, and which command sets them up', async () => {
    const setup = await checkNotebookSetup({
      env: { PATH: empty, HOME: empty },
      projectJupyterDir: join(empty, 'none'),
    });
    expect(setup.ready).toBe(false);
    expect(setup.missing).toEqual([
      "Jupyter's nbconvert (`jupyter nbconvert`) is not installed",
      'the tslab kernel is not registered with Jupyter',
    ]);
    expect(setup.message).not.toContain('\n');
    expect(setup.message).toMatch(/^Notebooks cannot run yet: .*Run `bash \.ci\/setup` \(or `npm run quickstart`/);
  });

  it('spots a missing kernel where Jupyter itself is installed', async () => {
    const env = { ...process.env, HOME: empty, JUPYTER_PATH: '', JUPYTER_DATA_DIR: join(empty, 'data') };
    const setup = await checkNotebookSetup({ env, projectJupyterDir: join(empty, 'none') });
    expect(setup.missing).toEqual(['the tslab kernel is not registered with Jupyter']);
    // The kernel Debian ships is found, so the search itself works.
    expect((await checkNotebookSetup({ env, projectJupyterDir: join(empty, 'none'), kernel: 'python3' })).ready).toBe(
      true,
    );
  });

  it('spots notebooks that cannot import the package', async () => {
    const setup = await checkNotebookSetup({ notebooksDir: empty });
    expect(setup.missing).toEqual([
      `the notebooks in ${empty} cannot import 'redcap-frames' (the package is not linked into node_modules)`,
    ]);
  });

  it('makes `redcap-frames demo` stop with that one line, and no Python traceback, where Jupyter is not on PATH', async () => {
    requireBuild();
    const out = join(empty, 'reports');
    const run = await runCli(['demo', '--out', out], { PATH: empty });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^redcap-frames: Notebooks cannot run yet: Jupyter's nbconvert .* is not installed\. Run `bash \.ci\/setup`/,
      ),
    ]);
    expect(run.stderr).not.toContain('Traceback');
  });
});
