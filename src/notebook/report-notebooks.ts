/**
 * The one runner behind `redcap-frames report` and `redcap-frames demo`:
 * executes notebooks headless against a server given in the kernel's
 * environment (the token never enters a notebook file), writes the
 * executed notebooks and their HTML, and fails a notebook whose outputs,
 * executed file or HTML holds a secret.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { executeNotebooks, notebooksToHtml, type NotebookRun } from './run-notebooks.js';

export interface ReportOptions {
  outDir: string;
  /** The kernel's extra environment (server URL, tokens…). */
  env: Record<string, string>;
  /** Text no executed notebook or HTML page may contain (the tokens). */
  secrets: readonly string[];
  /** Write HTML beside the executed notebooks (default true). */
  html?: boolean;
  /** Where progress lines go (default: nowhere). */
  out?: (line: string) => void;
  /** Per-cell timeout in seconds. */
  cellTimeout?: number;
}

export interface ReportResult {
  runs: NotebookRun[];
  /** The HTML pages written. */
  pages: string[];
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** True when the file held a secret; it is then rewritten with the secrets blotted out, so none stays on disk. */
async function scrubSecrets(file: string, secrets: readonly string[]): Promise<boolean> {
  const text = await readFile(file, 'utf8');
  const found = secrets.filter((s) => s.length >= 8 && text.includes(s));
  if (found.length === 0) return false;
  await writeFile(
    file,
    found.reduce((t, s) => t.split(s).join('[redacted]'), text),
  );
  return true;
}

/** Executes the notebooks one after another, then writes their HTML; answers every run. */
export async function reportNotebooks(notebooks: readonly string[], options: ReportOptions): Promise<ReportResult> {
  const out = options.out ?? (() => {});
  await mkdir(options.outDir, { recursive: true });
  const runs = await executeNotebooks(notebooks, {
    outDir: options.outDir,
    env: options.env,
    secrets: options.secrets,
    cellTimeout: options.cellTimeout,
    onDone: (run) => {
      out(
        `${run.ok ? '✓' : '✗'} ${pad(relative(process.cwd(), run.notebook) || run.notebook, 40)} ${run.seconds.toFixed(1)} s`,
      );
      for (const p of run.problems) out(`    ${p.cell >= 0 ? `cell ${p.cell}: ` : ''}${p.kind}: ${p.message}`);
    },
  });
  const executed = runs.filter((r) => r.output).map((r) => r.output!);
  const pages =
    options.html !== false && executed.length ? await notebooksToHtml(executed, { outDir: options.outDir }) : [];
  if (pages.length) out(`HTML: ${pages.map((p) => relative(process.cwd(), p)).join(', ')}`);
  // The executed file and its HTML are checked as written, not only the cell outputs.
  for (const run of runs) {
    const page = run.output
      ? pages.find((p) => p === join(resolve(options.outDir), basename(run.output!).replace(/\.ipynb$/, '.html')))
      : undefined;
    for (const file of [run.output, page]) {
      if (file && (await scrubSecrets(file, options.secrets))) {
        run.ok = false;
        run.problems.push({
          cell: -1,
          kind: 'secret',
          message: `a token appeared in ${relative(process.cwd(), file) || file} (blotted out)`,
        });
        out(`✗ ${run.notebook}: a token appeared in ${file} (blotted out there)`);
      }
    }
  }
  return { runs, pages };
}
