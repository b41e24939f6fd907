// Write benchmark: the 100,000-record x 100-field typed frame of the frames
// benchmark (bench/frames-generate.js) written back to REDCap:
//   (a) converted and validated into import bytes (tableToImportRows + CSV),
//   (b) pandas' DataFrame.to_csv of the same frame, where python3-pandas is
//       installed (PyCap's import path, no validation); otherwise the anchor
//       measured on this machine, 3.5 s,
//   (c) the end-to-end import into the embedded server, batched (importTable);
//       the server runs in its own process (bench/frames-server.js), as
//       `redcap-frames serve` and a real REDCap do.
// Each contender runs in its own process; (a) and (b) interleaved over rounds.
//
//   npm run build && node bench/write.js [--rounds N] [--records N] [--batch N] [--import-rows N] [--no-import] [--regenerate] [--quick]
// --quick: one round, and the end-to-end import of the first 10,000 rows only.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DIR, generate } from './frames-generate.js';
import { pandasPython } from './pandas-python.js';

const here = dirname(fileURLToPath(import.meta.url));

/** pandas' to_csv of this frame took about 3.5 s on the reference machine (the issue's anchor). */
export const PANDAS_ANCHOR_MS = 3500;
/** Target: our conversion with full validation below half of pandas' to_csv. */
export const TARGET = 0.5;
/** Target: the end-to-end importTable at most this many times its conversion and validation. */
export const IMPORT_TARGET = 5;

function runOnce(args, timeoutMs = 3_600_000) {
  const [cmd, rest] =
    args[0] === 'pandas'
      ? [pandasPython(), [join(here, 'write-pandas.py'), ...args.slice(1)]]
      : [process.execPath, [join(here, 'write-contender.js'), ...args]];
  const res = spawnSync(cmd, rest, { encoding: 'utf8', maxBuffer: 1 << 20, timeout: timeoutMs });
  if (res.status !== 0) throw new Error(`${args[0]} failed: ${res.stderr || res.stdout || res.error}`);
  return JSON.parse(res.stdout.trim().split('\n').pop());
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs the benchmark; returns the runs and the ratio to pandas. */
export async function runWriteBench({
  dir = DEFAULT_DIR,
  records = 100_000,
  rounds = 3,
  batch = 1000,
  endToEnd = true,
  importRows,
  regenerate = false,
  log = console.log,
} = {}) {
  if (!existsSync(join(here, '..', 'dist', 'write', 'index.js'))) {
    throw new Error('bench/write.js runs the built package: run `npm run build` first');
  }
  if (regenerate || !existsSync(join(dir, 'records.csv'))) {
    log(`generating ${records} records in ${dir} …`);
    await generate(dir, records);
  }
  const pandas = pandasPython() !== undefined;
  const converts = [];
  const pandasRuns = [];
  for (let r = 0; r < rounds; r++) {
    converts.push(runOnce(['convert', dir]));
    if (pandas) pandasRuns.push(runOnce(['pandas', dir]));
  }
  const best = (runs, key = 'ms') => Math.min(...runs.map((x) => x[key]));
  const c = converts[0];
  log('');
  log(
    `write-back of ${c.rows} rows x ${c.columns} frame columns (${c.importColumns} import columns, ${(c.bytes / 1048576).toFixed(1)} MiB of CSV)`,
  );
  log('contender                 best ms  median ms  CPU ms  peak MiB');
  const line = (name, runs) =>
    log(
      `${name.padEnd(24)} ${String(best(runs)).padStart(8)}  ${String(median(runs.map((x) => x.ms))).padStart(9)}  ${String(median(runs.map((x) => x.cpuMs))).padStart(6)}  ${String(median(runs.map((x) => x.maxRssMiB))).padStart(8)}`,
    );
  line('convert + validate', converts);
  log(
    `  of which conversion and checks ${best(converts, 'convertMs')} ms, CSV bytes ${best(converts, 'csvMs')} ms (best); problems found: ${c.problems}, warnings: ${c.warnings}`,
  );
  if (pandas) line('pandas to_csv', pandasRuns);
  const baseline = pandas ? best(pandasRuns) : PANDAS_ANCHOR_MS;
  const ratio = best(converts) / baseline;
  const cpuRatio =
    median(converts.map((x) => x.cpuMs)) / (pandas ? median(pandasRuns.map((x) => x.cpuMs)) : PANDAS_ANCHOR_MS);
  log('');
  log(
    `convert+validate / pandas to_csv${pandas ? '' : ` (anchor ${PANDAS_ANCHOR_MS} ms; pandas is not installed here)`}: ${ratio.toFixed(2)}  (target < ${TARGET})${ratio < TARGET ? '  ok' : '  MISSED'}`,
  );
  log(`  the same with CPU time: ${cpuRatio.toFixed(2)}`);
  let imported;
  if (endToEnd) {
    log('');
    log(
      `end-to-end import into the embedded server (batches of ${batch} records${importRows ? `, the first ${importRows} rows` : ''}) …`,
    );
    imported = runOnce(['import', dir, String(batch), ...(importRows ? [String(importRows)] : [])]);
    log(
      `importTable: ${(imported.ms / 1000).toFixed(1)} s wall, CPU ${(imported.clientCpuMs / 1000).toFixed(1)} s client + ${(imported.serverCpuMs / 1000).toFixed(1)} s server (its own process), ${imported.batches} batches, ${imported.records} records, client peak ${imported.maxRssMiB} MiB`,
    );
    log(
      `  ${Math.round((imported.rows * c.importColumns) / (imported.ms / 1000)).toLocaleString('en')} cells per second`,
    );
    // Against the conversion of the same rows (all of them, or the first rows of a quick run, pro rata).
    const convertedMs = (best(converts) * imported.rows) / c.rows;
    const importRatio = imported.ms / convertedMs;
    log(
      `importTable / convert+validate: ${importRatio.toFixed(1)}  (target <= ${IMPORT_TARGET})${importRatio <= IMPORT_TARGET ? '  ok' : '  MISSED'}`,
    );
    imported.ratio = importRatio;
  }
  log('(time = best wall-clock time of the rounds; CPU time = median, all threads: steadier on a busy machine)');
  return { converts, pandas: pandasRuns, ratio, cpuRatio, imported };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const value = (flag, fallback) => {
    const k = args.indexOf(flag);
    return k >= 0 ? Number(args[k + 1]) : fallback;
  };
  const quick = args.includes('--quick');
  await runWriteBench({
    rounds: value('--rounds', quick ? 1 : 3),
    importRows: value('--import-rows', quick ? 10_000 : undefined),
    records: value('--records', 100_000),
    batch: value('--batch', 1000),
    endToEnd: !args.includes('--no-import'),
    regenerate: args.includes('--regenerate'),
  });
}
