/**
 * `redcap-frames report NOTEBOOK...` end to end: the command runs the
 * user's notebooks with the real Jupyter and tslab against a server named
 * by REDCAP_API_URL/REDCAP_API_TOKEN (here the embedded server with the
 * survey fixture), writes the executed notebooks and their HTML, and the
 * token reaches the kernel only through its environment.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notebookProblems, type NotebookJson } from '../../src/notebook/notebook-file.js';
import { runCommand } from '../../src/notebook/run-notebooks.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';
import { loadFixture, startServer } from '../helpers/server.js';

const root = resolve(import.meta.dirname, '..', '..');
const here = join(import.meta.dirname, 'notebooks');

describe('redcap-frames report', () => {
  let server: RedcapServer;
  let token: string;
  let out: string;
  let clean: { code: number | null; output: string };
  let leaky: { code: number | null; output: string };

  beforeAll(async () => {
    server = await startServer();
    token = loadFixture(server, 'survey').token;
    out = await mkdtemp(join(tmpdir(), 'rf-e2e-report-'));
    const env = { ...process.env, REDCAP_API_URL: server.url, REDCAP_API_TOKEN: token };
    const cli = (args: string[]) =>
      runCommand(process.execPath, [join(root, 'dist', 'cli', 'main.js'), 'report', ...args], {
        cwd: root,
        env,
        timeoutMs: 300_000,
      });
    clean = await cli([join(here, 'report-export.ipynb'), '--out', join(out, 'clean')]);
    leaky = await cli([join(here, 'report-leak.ipynb'), '--out', join(out, 'leaky')]);
  }, 620_000);

  afterAll(async () => {
    await server.close();
    await rm(out, { recursive: true, force: true });
  });

  it('runs the notebook against the server and writes it executed, with its HTML, without the token', async () => {
    expect(clean.output).toContain('All 1 notebooks ran cleanly.');
    expect(clean.code).toBe(0);
    const file = join(out, 'clean', 'report-export.ipynb');
    const page = join(out, 'clean', 'report-export.html');
    expect(existsSync(page)).toBe(true);
    const text = await readFile(file, 'utf8');
    const nb = JSON.parse(text) as NotebookJson;
    expect(notebookProblems(nb)).toEqual([]);
    // The notebook really talked to the server: the survey fixture's records.
    expect(text).toMatch(/records: [1-9]/);
    expect(text).toContain(`Credential(${server.url}, token from environment variable REDCAP_API_TOKEN)`);
    for (const written of [text, await readFile(page, 'utf8'), clean.output]) {
      expect(written).not.toContain(token);
      expect(written).not.toContain(token.toLowerCase());
    }
  });

  it('fails a notebook that prints the token, and never prints it itself', async () => {
    expect(leaky.code).toBe(1);
    expect(leaky.output).toContain('1 of 1 notebooks failed.');
    expect(leaky.output).toMatch(/secret/);
    expect(leaky.output).not.toContain(token);
    // What was written is blotted out: the token stays on no disk.
    for (const name of ['report-leak.ipynb', 'report-leak.html']) {
      const written = await readFile(join(out, 'leaky', name), 'utf8');
      expect(written).toContain('careless: [redacted]');
      expect(written).not.toContain(token);
    }
  });

  it('refuses to run without a server and token in the environment', async () => {
    const env = { ...process.env };
    delete env.REDCAP_API_TOKEN;
    const exit = await runCommand(
      process.execPath,
      [join(root, 'dist', 'cli', 'main.js'), 'report', join(here, 'report-export.ipynb')],
      { cwd: root, env, timeoutMs: 60_000 },
    );
    expect(exit.code).toBe(1);
    expect(exit.output).toContain('REDCAP_API_TOKEN is not set');
  });
});
