/**
 * The parts of Jupyter's notebook format (nbformat 4) the runner reads and
 * writes, and the problems it finds in an executed notebook.
 */

export interface NotebookOutput {
  output_type: 'stream' | 'display_data' | 'execute_result' | 'error' | string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

export interface NotebookCell {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string | string[];
  outputs?: NotebookOutput[];
  metadata?: Record<string, unknown>;
  execution_count?: number | null;
}

export interface NotebookJson {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** What went wrong in a notebook run. */
export interface NotebookProblem {
  /** Index of the cell (counting every cell from 0); -1 for the run as a whole. */
  cell: number;
  kind: 'error' | 'stderr' | 'fault' | 'secret' | 'run' | 'unexecuted';
  message: string;
}

export function joinText(text: string | string[] | undefined): string {
  return Array.isArray(text) ? text.join('') : (text ?? '');
}

/** Strips terminal colour codes (tslab's tracebacks carry them). */
export function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

/**
 * Whether a code cell ran: it has an execution count, or nbclient's timing
 * says the kernel replied (tslab leaves the count blank).
 */
export function wasExecuted(cell: NotebookCell): boolean {
  if (typeof cell.execution_count === 'number') return true;
  const timing = cell.metadata?.execution as Record<string, unknown> | undefined;
  return typeof timing?.['shell.execute_reply'] === 'string';
}

export interface ProblemOptions {
  /** Stderr output counts as a problem (default true). */
  stderr?: boolean;
  /** Text that must not appear anywhere in the notebook (e.g. API tokens). */
  secrets?: readonly string[];
}

/**
 * The problems of an executed notebook: error outputs, stderr output,
 * code cells that did not run, and secrets found in its text.
 */
export function notebookProblems(nb: NotebookJson, options: ProblemOptions = {}): NotebookProblem[] {
  const problems: NotebookProblem[] = [];
  nb.cells.forEach((cell, index) => {
    if (cell.cell_type !== 'code') return;
    if (joinText(cell.source).trim() !== '' && !wasExecuted(cell) && !cell.metadata?.redcap_frames_fault) {
      problems.push({ cell: index, kind: 'unexecuted', message: 'the cell was not executed' });
    }
    for (const out of cell.outputs ?? []) {
      if (out.output_type === 'error') {
        problems.push({
          cell: index,
          kind: cell.metadata?.redcap_frames_fault ? 'fault' : 'error',
          message: plainText(`${out.ename ?? 'Error'}: ${out.evalue ?? ''}`).trim(),
        });
      } else if (out.output_type === 'stream' && out.name === 'stderr' && (options.stderr ?? true)) {
        problems.push({ cell: index, ...describeStderr(plainText(joinText(out.text))) });
      }
    }
  });
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  if (secrets.length) {
    const text = JSON.stringify(nb);
    secrets.forEach((s, k) => {
      if (text.includes(s))
        problems.push({
          cell: -1,
          kind: 'secret',
          message: `secret #${k + 1} (e.g. an API token) appears in the notebook`,
        });
    });
  }
  return problems;
}

/**
 * tslab reports a thrown error, and a TypeScript error, on stderr rather
 * than as an error output: a stack trace or a `line:col - message` line
 * makes stderr an error, named by its `Name: message` line.
 */
export function describeStderr(text: string): { kind: 'error' | 'stderr'; message: string } {
  const lines = text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter(Boolean);
  const compile = lines.find((l) => /^\d+:\d+ - /.test(l));
  if (compile) return { kind: 'error', message: compile };
  const traced = lines.some((l) => /^\s+at /.test(l));
  const named = lines.find((l) => /^(Uncaught\w*:\s*)?[A-Za-z]*(Error|Exception)\b.*:/.test(l));
  if (traced || named) return { kind: 'error', message: named ?? lines[0] ?? '' };
  return { kind: 'stderr', message: lines.slice(0, 3).join(' | ') };
}

/** A code cell holding the kernel's faults as error outputs, appended to an executed notebook so it shows them. */
export function faultCell(
  faults: readonly { kind: string; name: string; message: string; stack: string }[],
): NotebookCell {
  return {
    cell_type: 'code',
    source: '// Reported by the kernel during the run (not by a cell): redcap-frames notebook runner',
    metadata: { redcap_frames_fault: true },
    execution_count: null,
    outputs: faults.map((f) => ({
      output_type: 'error',
      ename: f.kind === 'unhandledRejection' ? 'UnhandledPromiseRejection' : 'UncaughtException',
      evalue: `${f.name}: ${f.message}`,
      traceback: (f.stack || `${f.name}: ${f.message}`).split('\n'),
    })),
  };
}
