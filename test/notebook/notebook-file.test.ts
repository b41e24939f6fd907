import { describe, expect, it } from 'vitest';
import {
  describeStderr,
  faultCell,
  notebookProblems,
  wasExecuted,
  type NotebookCell,
  type NotebookJson,
} from '../../src/notebook/notebook-file.js';

const ran = { execution: { 'shell.execute_reply': '2025-01-01T00:00:00Z' } };
const code = (outputs: NotebookCell['outputs'], metadata: Record<string, unknown> = ran): NotebookCell => ({
  cell_type: 'code',
  source: 'x',
  outputs,
  metadata,
  execution_count: null,
});
const nb = (...cells: NotebookCell[]): NotebookJson => ({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 });

describe('notebookProblems', () => {
  it('finds nothing in a clean run', () => {
    expect(
      notebookProblems(
        nb(
          { cell_type: 'markdown', source: '# hi' },
          code([{ output_type: 'stream', name: 'stdout', text: ['ok\n'] }]),
        ),
      ),
    ).toEqual([]);
  });

  it('reports error outputs (colour codes removed) and stderr', () => {
    const problems = notebookProblems(
      nb(
        code([{ output_type: 'error', ename: 'Error', evalue: '\u001b[31mboom\u001b[0m', traceback: [] }]),
        code([{ output_type: 'stream', name: 'stderr', text: ['UncaughtException: Error: late\n', '    at x\n'] }]),
      ),
    );
    expect(problems).toEqual([
      { cell: 0, kind: 'error', message: 'Error: boom' },
      { cell: 1, kind: 'error', message: 'UncaughtException: Error: late' },
    ]);
    expect(
      notebookProblems(nb(code([{ output_type: 'stream', name: 'stderr', text: 'warn' }])), { stderr: false }),
    ).toEqual([]);
  });

  it('reads tslab’s stderr: thrown errors and type errors are errors, other text is stderr', () => {
    expect(
      describeStderr(
        'evalmachine.<anonymous>:3\n    throw new Error(`x`);\n    ^\n\nError: expected 42, got 41\n    at evalmachine.<anonymous>:3:11\n',
      ),
    ).toEqual({ kind: 'error', message: 'Error: expected 42, got 41' });
    expect(describeStderr('1:5 - This comparison appears to be unintentional.\n')).toEqual({
      kind: 'error',
      message: '1:5 - This comparison appears to be unintentional.',
    });
    expect(describeStderr('RedcapApiError: exportRecords: REDCap refused\n')).toEqual({
      kind: 'error',
      message: 'RedcapApiError: exportRecords: REDCap refused',
    });
    expect(describeStderr('a warning\nsecond line\n')).toEqual({ kind: 'stderr', message: 'a warning | second line' });
  });

  it('reports code cells that did not run (tslab leaves the count blank; nbclient’s timing tells)', () => {
    expect(wasExecuted(code([], {}))).toBe(false);
    expect(wasExecuted({ ...code([], {}), execution_count: 3 })).toBe(true);
    expect(notebookProblems(nb(code([], {})))).toEqual([
      { cell: 0, kind: 'unexecuted', message: 'the cell was not executed' },
    ]);
  });

  it('reports secrets anywhere in the notebook without repeating them', () => {
    const token = 'A'.repeat(32);
    const problems = notebookProblems(nb(code([{ output_type: 'stream', name: 'stdout', text: `token ${token}` }])), {
      secrets: [token, 'short'],
    });
    expect(problems).toEqual([
      { cell: -1, kind: 'secret', message: 'secret #1 (e.g. an API token) appears in the notebook' },
    ]);
    expect(JSON.stringify(problems)).not.toContain(token);
  });

  it('turns kernel faults into an error cell that counts as a fault', () => {
    const cell = faultCell([
      { kind: 'unhandledRejection', name: 'Error', message: 'unawaited', stack: 'Error: unawaited\n    at cell' },
    ]);
    expect(cell.outputs![0]).toMatchObject({
      output_type: 'error',
      ename: 'UnhandledPromiseRejection',
      evalue: 'Error: unawaited',
      traceback: ['Error: unawaited', '    at cell'],
    });
    expect(notebookProblems(nb(cell))).toEqual([
      { cell: 0, kind: 'fault', message: 'UnhandledPromiseRejection: Error: unawaited' },
    ]);
  });
});
