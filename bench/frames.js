// Frames benchmark: a 100,000-record x 100-field REDCap project (about 85 MB
// of raw CSV) read by
//   (a) Arquero's own fromCSV (untyped baseline),
//   (b) our typed reader (readRecords, the one-pass reader),
//   (b') our generic reader (CSV rows, then one value-rule call per cell),
//   pandas' read_csv, untyped and hand-typed, where python3-pandas is installed,
//   (c) end-to-end export from the embedded server into a typed table (the server in its own process).
// Each contender runs in its own process (peak memory is its own), rounds
// interleaved; times are the best and median of the rounds.
//
//   npm run build && node bench/frames.js [--rounds N] [--records N] [--no-generic] [--no-server] [--regenerate]
import { spawnSync } from 'node:child_process';
import { startServerProcess } from './bench-server.js';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DIR, generate } from './frames-generate.js';
import { pandasPython } from './pandas-python.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Targets from the issue: ratios of our typed read to the baselines. */
export const TARGETS = { timeVsArquero: 0.5, timeVsPandas: 0.7, memoryVsPandas: 0.7, endToEndVsTyped: 3 };

const PYTHON = pandasPython();
function hasPandas() {
  return PYTHON !== undefined;
}

function runOnce(name, dir, env = {}) {
  const [cmd, args] = name.startsWith('pandas-')
    ? [PYTHON, [join(here, 'frames-pandas.py'), name.slice('pandas-'.length), dir]]
    : [process.execPath, [join(here, 'frames-contender.js'), name, dir]];
  const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 20, env: { ...process.env, ...env } });
  if (res.status !== 0) throw new Error(`${name} failed: ${res.stderr || res.stdout}`);
  return JSON.parse(res.stdout.trim().split('\n').pop());
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs the benchmark; returns one summary per contender and the ratios. */
export async function runFramesBench({
  dir = DEFAULT_DIR,
  records = 100_000,
  rounds = 3,
  generic = true,
  regenerate = false,
  server = true,
  log = console.log,
} = {}) {
  if (!existsSync(join(here, '..', 'dist', 'frames', 'index.js'))) {
    throw new Error('bench/frames.js reads the built package: run `npm run build` first');
  }
  if (regenerate || !existsSync(join(dir, 'records.csv'))) {
    log(`generating ${records} records in ${dir} …`);
    const g = await generate(dir, records);
    log(`  ${(g.bytes / 1048576).toFixed(1)} MiB, ${g.columns} columns`);
  }
  const contenders = ['baseline', 'arquero-fromCSV', 'typed'];
  if (generic) contenders.push('typed-generic');
  const pandas = hasPandas();
  if (pandas) contenders.push('pandas-untyped', 'pandas-typed');
  const runs = new Map(contenders.map((c) => [c, []]));
  for (let r = 0; r < rounds; r++) {
    for (const c of contenders) runs.get(c).push(runOnce(c, dir));
  }
  if (server) {
    // (c): the same project served by the embedded server (its own process), exported and typed by a client process.
    log('loading the project into the embedded server for (c) …');
    const served = await startServerProcess('frames-server.js', [dir], ['--max-old-space-size=8192']);
    try {
      runs.set('server-export', []);
      for (let r = 0; r < rounds; r++)
        runs
          .get('server-export')
          .push(runOnce('server-export', dir, { BENCH_URL: served.url, BENCH_TOKEN: served.token }));
    } finally {
      await served.stop();
    }
  }
  const summary = {};
  for (const [name, rs] of runs) {
    summary[name] = {
      bestMs: Math.min(...rs.map((x) => x.ms)),
      medianMs: median(rs.map((x) => x.ms)),
      cpuMs: rs[0].cpuMs === undefined ? undefined : median(rs.map((x) => x.cpuMs)),
      peakMiB: median(rs.map((x) => x.maxRssMiB)),
      firstMs: rs[0].ms,
      rows: rs[0].rows,
      columns: rs[0].columns,
    };
  }
  const t = (name) => summary[name]?.bestMs;
  const m = (name) => summary[name]?.peakMiB;
  const cpu = (name) => summary[name]?.cpuMs;
  const ratios = {
    timeVsArquero: t('typed') / t('arquero-fromCSV'),
    cpuVsArquero: cpu('typed') / cpu('arquero-fromCSV'),
    memoryVsArquero: m('typed') / m('arquero-fromCSV'),
    timeVsPandas: pandas ? t('typed') / t('pandas-untyped') : undefined,
    cpuVsPandas: pandas ? cpu('typed') / cpu('pandas-untyped') : undefined,
    memoryVsPandas: pandas ? m('typed') / m('pandas-untyped') : undefined,
    endToEndVsTyped: server ? t('server-export') / t('typed') : undefined,
    endToEndFirstVsTyped: server ? summary['server-export'].firstMs / t('typed') : undefined,
  };

  log('');
  log('contender              best ms  median ms  CPU ms  peak MiB  rows x columns');
  for (const [name, s] of Object.entries(summary)) {
    log(
      `${name.padEnd(22)} ${String(s.bestMs).padStart(7)}  ${String(s.medianMs).padStart(9)}  ${String(s.cpuMs ?? '').padStart(6)}  ${String(s.peakMiB).padStart(8)}  ${s.rows} x ${s.columns}`,
    );
  }
  if (summary['server-export'])
    log(
      'server-export = (c): batched raw CSV export over HTTP from the embedded server, typed in the client (client process memory)',
    );
  log('(baseline = node with the modules loaded and the bytes read, nothing parsed)');
  log('');
  const show = (label, value, target) =>
    log(
      `${label.padEnd(34)} ${value === undefined ? 'n/a' : value.toFixed(2)}${target ? `  (target < ${target})` : ''}${value !== undefined && target ? (value < target ? '  ok' : '  MISSED') : ''}`,
    );
  show('typed / Arquero fromCSV, time', ratios.timeVsArquero, TARGETS.timeVsArquero);
  show('typed / Arquero fromCSV, CPU time', ratios.cpuVsArquero);
  show('typed / Arquero fromCSV, memory', ratios.memoryVsArquero);
  show('typed / pandas read_csv, time', ratios.timeVsPandas, TARGETS.timeVsPandas);
  show('typed / pandas read_csv, CPU time', ratios.cpuVsPandas);
  show('typed / pandas read_csv, memory', ratios.memoryVsPandas, TARGETS.memoryVsPandas);
  show('end to end / typed read, time', ratios.endToEndVsTyped, TARGETS.endToEndVsTyped);
  show('  first export after the load', ratios.endToEndFirstVsTyped);
  if (server)
    log(
      '(end to end: best round; the first export after the load renders every line and keeps it, later ones read the kept lines)',
    );
  log('(time = best wall-clock time of the rounds; CPU time = median, all threads: steadier on a busy machine)');
  if (!pandas)
    log('pandas is not installed here (python3 -c "import pandas" fails): the pandas ratios are not measured');
  return { summary, ratios };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const value = (flag, fallback) => {
    const k = args.indexOf(flag);
    return k >= 0 ? Number(args[k + 1]) : fallback;
  };
  await runFramesBench({
    rounds: value('--rounds', 3),
    records: value('--records', 100_000),
    generic: !args.includes('--no-generic'),
    regenerate: args.includes('--regenerate'),
    server: !args.includes('--no-server'),
  });
}
