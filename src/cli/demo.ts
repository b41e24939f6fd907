import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  API_TOKEN_ENV,
  demoTokensEnv,
  DEMO_TOKENS_ENV,
  DEMO_URL_ENV,
  startDemoServer,
} from '../notebook/demo-server.js';
import { checkNotebookSetup } from '../notebook/jupyter-preflight.js';
import { reportNotebooks } from '../notebook/report-notebooks.js';
import { type NotebookRun, reportRuns } from '../notebook/run-notebooks.js';
import { option, parseArgs } from './args.js';

/** Where notebook 5 writes the study report (relative paths resolve against the notebook's folder). */
export const REPORT_DIR_ENV = 'REDCAP_REPORT_DIR';

export const DEMO_HELP = `redcap-frames demo [--notebooks DIR] [--out DIR] [--only NAME ...] [--no-html]

Runs the demo: starts the embedded server with the demo projects (in
memory, a free port), executes every notebook of DIR (default
./notebooks) headless with Jupyter and the tslab kernel, and writes the
executed notebooks, their HTML and the study report to --out (default
./reports). Fails when a notebook has an error, stderr output, an
unhandled promise rejection, or shows a token.`;

/** `redcap-frames demo`: answers the exit code. */
export async function demo(argv: readonly string[], out: (line: string) => void = console.log): Promise<number> {
  const args = parseArgs(argv, new Set(['help', 'no-html']));
  if (args.options.has('help')) {
    out(DEMO_HELP);
    return 0;
  }
  const dir = resolve(option(args, 'notebooks', 'notebooks')!);
  const outDir = resolve(option(args, 'out', 'reports')!);
  if (!existsSync(dir))
    throw new Error(`No notebooks folder at ${dir} (run from the project's folder, or pass --notebooks).`);
  const only = args.options.get('only');
  const notebooks = readdirSync(dir)
    .filter((f) => f.endsWith('.ipynb') && (!only || only.some((o) => f === o || f.startsWith(o))))
    .sort()
    .map((f) => join(dir, f));
  if (notebooks.length === 0)
    throw new Error(`No notebooks to run in ${dir}${only ? ` matching ${only.join(', ')}` : ''}.`);

  // Notebooks import the package by its name, as a user would; they need nbconvert and the tslab kernel.
  const setup = await checkNotebookSetup({ notebooksDir: dir });
  if (!setup.ready) throw new Error(setup.message);

  const { server, tokens } = await startDemoServer();
  const secrets = [...tokens.values()];
  out(`Demo server on ${server.url} with ${tokens.size} projects; running ${notebooks.length} notebooks (tslab)`);
  let runs: NotebookRun[];
  try {
    // The demo is `report` on the notebooks, against the embedded server.
    ({ runs } = await reportNotebooks(notebooks, {
      outDir,
      env: {
        [DEMO_URL_ENV]: server.url,
        [DEMO_TOKENS_ENV]: demoTokensEnv(tokens),
        [API_TOKEN_ENV]: tokens.get('tutorial')!,
        [REPORT_DIR_ENV]: outDir,
      },
      secrets,
      html: !args.options.has('no-html'),
      out,
    }));
  } finally {
    await server.close();
  }
  const report = join(outDir, 'report.html');
  if (existsSync(report)) out(`Study report: ${relative(process.cwd(), report) || report}`);
  return reportRuns(runs, out);
}
