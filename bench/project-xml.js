// Project XML benchmark: the frames benchmark project (100,000 records x
// 100 fields, bench/frames-generate.js) as a REDCap project XML (CDISC
// ODM, about 0.9 GB), loaded the way `redcap-frames serve --project FILE`
// loads it, against the time to parse the same XML alone with saxes.
// Each contender runs in its own process, interleaved over rounds.
//
//   npm run build && node bench/project-xml.js [--rounds N] [--regenerate]
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DIR, generate } from './frames-generate.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Target: loading the project at most 10 times the XML parse alone. */
export const TARGET = 10;

function runOnce(args) {
  const res = spawnSync(process.execPath, [join(here, 'project-xml-contender.js'), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    timeout: 3_600_000,
  });
  if (res.status !== 0) throw new Error(`${args[0]} failed: ${res.stderr || res.stdout || res.error}`);
  return JSON.parse(res.stdout.trim().split('\n').pop());
}

export async function runProjectXmlBench({
  dir = DEFAULT_DIR,
  rounds = 2,
  regenerate = false,
  log = console.log,
} = {}) {
  if (!existsSync(join(here, '..', 'dist', 'server', 'odm', 'read-odm-file.js'))) {
    throw new Error('bench/project-xml.js runs the built package: run `npm run build` first');
  }
  if (regenerate || !existsSync(join(dir, 'records.csv'))) {
    log(`generating the records in ${dir} …`);
    await generate(dir, 100_000);
  }
  const xml = join(dir, 'project.xml');
  // Written again when the records are newer than it.
  if (regenerate || !existsSync(xml) || statSync(xml).mtimeMs < statSync(join(dir, 'records.csv')).mtimeMs) {
    log(`writing ${xml} (about a minute) …`);
    runOnce(['write', dir]);
  }
  const parses = [];
  const loads = [];
  for (let r = 0; r < rounds; r++) {
    parses.push(runOnce(['parse', dir]));
    loads.push(runOnce(['load', dir]));
  }
  const best = (runs) => Math.min(...runs.map((x) => x.ms));
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const p = parses[0];
  log('');
  log(`project XML of ${loads[0].records} records: ${(p.bytes / 2 ** 20).toFixed(0)} MiB, ${p.elements} elements`);
  log('contender                 best ms  median ms  CPU ms  peak MiB');
  const line = (name, runs) =>
    log(
      `${name.padEnd(24)} ${String(best(runs)).padStart(8)}  ${String(median(runs.map((x) => x.ms))).padStart(9)}  ${String(median(runs.map((x) => x.cpuMs))).padStart(6)}  ${String(median(runs.map((x) => x.maxRssMiB))).padStart(8)}`,
    );
  line('XML parse alone (saxes)', parses);
  line('project load (--project)', loads);
  const ratio = best(loads) / best(parses);
  log('');
  log(`project load / XML parse: ${ratio.toFixed(2)}  (target <= ${TARGET})${ratio <= TARGET ? '  ok' : '  MISSED'}`);
  log('(time = best wall-clock time of the rounds; CPU time = median)');
  return { parses, loads, ratio };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const k = args.indexOf('--rounds');
  await runProjectXmlBench({
    rounds: k >= 0 ? Number(args[k + 1]) : args.includes('--quick') ? 1 : 2,
    regenerate: args.includes('--regenerate'),
  });
}
