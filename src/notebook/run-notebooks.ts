/**
 * Runs notebooks headless: `jupyter nbconvert --execute` with the tslab
 * kernel, one kernel per notebook, each executed notebook written to the
 * output folder. A run fails on any error output, stderr output, a cell
 * left unexecuted, a token in the output, a kernel that died, and an
 * unhandled promise rejection or uncaught exception inside the kernel
 * (recorded by the kernel guard, then shown in the executed notebook).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { KERNEL_FAULTS_ENV } from './kernel-guard.js';
import { faultCell, notebookProblems, type NotebookJson, type NotebookProblem } from './notebook-file.js';

export interface RunOptions {
  /** Where executed notebooks go. */
  outDir: string;
  /** Extra environment for the kernel. */
  env?: Record<string, string>;
  /** Kernel name (default `tslab`). */
  kernel?: string;
  /** Seconds a cell may run (default 600). */
  cellTimeout?: number;
  /** Seconds a whole notebook may run, kernel start included (default 1800). */
  notebookTimeout?: number;
  /** Text that must not appear in an executed notebook (tokens). */
  secrets?: readonly string[];
  /** Stderr output fails the run (default true). */
  failOnStderr?: boolean;
  /** The `jupyter` command (default `jupyter`). */
  jupyter?: string;
}

export interface NotebookRun {
  notebook: string;
  /** The executed notebook (absent when nbconvert wrote none). */
  output?: string;
  ok: boolean;
  problems: NotebookProblem[];
  seconds: number;
}

/** The package's root folder (its `.jupyter/` holds the tslab kernel spec the set-up registers). */
export function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** The compiled kernel guard: beside this module, or in `dist/` when this module runs from its TypeScript source. */
export function kernelGuardPath(): string {
  const beside = join(dirname(fileURLToPath(import.meta.url)), 'kernel-guard.js');
  if (existsSync(beside)) return beside;
  const built = join(packageRoot(), 'dist', 'notebook', 'kernel-guard.js');
  if (existsSync(built)) return built;
  throw new Error('The kernel guard is not built: run `npm run build`.');
}

/** The environment a kernel gets: the project's Jupyter path, the kernel guard, and the caller's variables. */
export function kernelEnvironment(extra: Record<string, string>, faultsFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  const kernels = join(packageRoot(), '.jupyter', 'share', 'jupyter');
  if (existsSync(kernels)) env.JUPYTER_PATH = [kernels, env.JUPYTER_PATH].filter(Boolean).join(delimiter);
  const guard = pathToFileURL(kernelGuardPath()).href;
  env.NODE_OPTIONS = [env.NODE_OPTIONS, `--import=${guard}`].filter(Boolean).join(' ');
  env[KERNEL_FAULTS_ENV] = faultsFile;
  return env;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs a command, collecting its output (the last `maxOutput` characters, default 64 k). */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; maxOutput?: number } = {},
): Promise<Exit> {
  const max = options.maxOutput ?? 65536;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-max);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGTERM'), options.timeoutMs) : undefined;
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`Cannot run ${command}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, output });
    });
  });
}

interface Fault {
  kind: string;
  name: string;
  message: string;
  stack: string;
}

async function readFaults(file: string): Promise<Fault[]> {
  const text = existsSync(file) ? await readFile(file, 'utf8') : '';
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      try {
        return JSON.parse(line) as Fault;
      } catch {
        return { kind: 'uncaughtException', name: 'Error', message: line, stack: '' };
      }
    });
}

/** Executes one notebook with nbconvert and checks what it produced. */
export async function executeNotebook(path: string, options: RunOptions): Promise<NotebookRun> {
  const started = Date.now();
  const notebook = resolve(path);
  const outDir = resolve(options.outDir);
  const output = join(outDir, basename(notebook));
  const scratch = await mkdtemp(join(tmpdir(), 'redcap-frames-run-'));
  const faultsFile = join(scratch, 'faults.jsonl');
  try {
    await rm(output, { force: true });
    const exit = await runCommand(
      options.jupyter ?? 'jupyter',
      [
        'nbconvert',
        '--to',
        'notebook',
        '--execute',
        '--allow-errors',
        `--ExecutePreprocessor.kernel_name=${options.kernel ?? 'tslab'}`,
        `--ExecutePreprocessor.timeout=${options.cellTimeout ?? 600}`,
        '--output-dir',
        outDir,
        '--output',
        basename(notebook),
        notebook,
      ],
      { env: kernelEnvironment(options.env ?? {}, faultsFile), timeoutMs: (options.notebookTimeout ?? 1800) * 1000 },
    );
    const problems: NotebookProblem[] = [];
    const faults = await readFaults(faultsFile);
    let nb: NotebookJson | undefined;
    if (existsSync(output)) {
      nb = JSON.parse(await readFile(output, 'utf8')) as NotebookJson;
      if (faults.length) {
        nb.cells.push(faultCell(faults));
        await writeFile(output, `${JSON.stringify(nb, null, 1)}\n`);
      }
      problems.push(...notebookProblems(nb, { stderr: options.failOnStderr ?? true, secrets: options.secrets }));
    } else {
      problems.push(
        ...faults.map((f) => ({ cell: -1, kind: 'fault' as const, message: `${f.kind}: ${f.name}: ${f.message}` })),
      );
    }
    if (exit.code !== 0) {
      // The tail of nbconvert's output says why (a dead kernel, a missing kernel spec…); tokens never reach it.
      const tail = exit.output.trim().split('\n').slice(-6).join('\n');
      problems.push({
        cell: -1,
        kind: 'run',
        message: `jupyter nbconvert ${exit.signal ? `was stopped (${exit.signal})` : `exited with ${exit.code}`}:\n${redact(tail, options.secrets)}`,
      });
    }
    return {
      notebook,
      output: nb ? output : undefined,
      ok: problems.length === 0,
      problems,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function redact(text: string, secrets: readonly string[] = []): string {
  return secrets.filter((s) => s.length >= 8).reduce((t, s) => t.split(s).join('[token]'), text);
}

/** Executes notebooks one after another (they may share a server's state, in order). */
export async function executeNotebooks(
  paths: readonly string[],
  options: RunOptions & { onDone?: (run: NotebookRun) => void },
): Promise<NotebookRun[]> {
  const runs: NotebookRun[] = [];
  for (const p of paths) {
    const run = await executeNotebook(p, options);
    options.onDone?.(run);
    runs.push(run);
  }
  return runs;
}

/** Converts executed notebooks to HTML next to them (`jupyter nbconvert --to html`). */
export async function notebooksToHtml(
  paths: readonly string[],
  options: { outDir: string; jupyter?: string },
): Promise<string[]> {
  if (paths.length === 0) return [];
  const exit = await runCommand(
    options.jupyter ?? 'jupyter',
    ['nbconvert', '--to', 'html', '--output-dir', resolve(options.outDir), ...paths.map((p) => resolve(p))],
    { timeoutMs: 300_000 },
  );
  if (exit.code !== 0)
    throw new Error(`jupyter nbconvert --to html failed:\n${exit.output.trim().split('\n').slice(-6).join('\n')}`);
  return paths.map((p) => join(resolve(options.outDir), basename(p).replace(/\.ipynb$/, '.html')));
}

/** Says how the runs went (one line) and gives the command's exit code: 1 when any notebook failed. */
export function reportRuns(runs: readonly NotebookRun[], out: (line: string) => void): number {
  const failed = runs.filter((r) => !r.ok).length;
  out(failed ? `${failed} of ${runs.length} notebooks failed.` : `All ${runs.length} notebooks ran cleanly.`);
  return failed ? 1 : 0;
}
