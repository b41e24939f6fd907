import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { tokenFromEnv, TOKEN_ENV, URL_ENV } from '../api/credentials.js';
import { reportNotebooks } from '../notebook/report-notebooks.js';
import { reportRuns } from '../notebook/run-notebooks.js';
import { option, parseArgs } from './args.js';

export const REPORT_HELP = `redcap-frames report NOTEBOOK... [--out DIR] [--no-html]

Executes the notebooks headless (Jupyter, tslab kernel) against the
server named by ${URL_ENV} with the token in ${TOKEN_ENV}, and writes
each executed notebook and its HTML to --out (default ./reports). The
token reaches the kernel through its environment only: a notebook reads
process.env.${TOKEN_ENV} (or tokenFromEnv()), and a run fails if the token
shows in an executed notebook or its HTML.`;

/** `redcap-frames report`: answers the exit code. */
export async function report(argv: readonly string[], out: (line: string) => void = console.log): Promise<number> {
  const args = parseArgs(argv, new Set(['help', 'no-html']));
  if (args.options.has('help')) {
    out(REPORT_HELP);
    return 0;
  }
  const notebooks = args.positionals.map((p) => resolve(p));
  if (notebooks.length === 0) throw new Error(`Name the notebooks to run.\n\n${REPORT_HELP}`);
  const absent = notebooks.filter((n) => !existsSync(n));
  if (absent.length) throw new Error(`No notebook at ${absent.join(', ')}.`);
  // Checks the URL and the token's shape, with messages that never show it.
  const credential = tokenFromEnv();
  const token = credential.revealToken();
  const outDir = resolve(option(args, 'out', 'reports')!);
  out(`Running ${notebooks.length} notebook${notebooks.length === 1 ? '' : 's'} against ${credential.url} (tslab)`);
  const { runs } = await reportNotebooks(notebooks, {
    outDir,
    env: { [URL_ENV]: credential.url, [TOKEN_ENV]: token },
    secrets: [token],
    html: !args.options.has('no-html'),
    out,
  });
  return reportRuns(runs, out);
}
