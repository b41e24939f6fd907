// npm run bench: every benchmark in turn, each printing its figures and
// ratios against a baseline measured in the same run.
//
//   npm run bench [-- --only frames,write] [-- --quick]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SUITES = [
  { name: 'frames', file: 'frames.js', about: 'typed read of a 100,000 x 100 export vs Arquero fromCSV and pandas' },
  {
    name: 'write',
    file: 'write.js',
    about: 'frame -> validated import bytes vs pandas to_csv; import into the embedded server',
  },
  {
    name: 'project-xml',
    file: 'project-xml.js',
    about: 'loading a 100,000 x 100 project XML (--project) vs parsing the XML alone',
  },
  {
    name: 'load',
    file: 'load.js',
    about: 'embedded server under concurrent clients: throughput and latency percentiles',
  },
  {
    name: 'stream',
    file: 'stream.js',
    about: 'streaming export of a large project to Arrow and Parquet: time and peak memory',
  },
];

const args = process.argv.slice(2);
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? new Set(args[onlyIndex + 1].split(',')) : undefined;
const passThrough = onlyIndex >= 0 ? args.filter((_, i) => i !== onlyIndex && i !== onlyIndex + 1) : args;

let failed = 0;
for (const suite of SUITES) {
  if (only && !only.has(suite.name)) continue;
  const file = join(here, suite.file);
  if (!existsSync(file)) continue;
  console.log(`\n=== ${suite.name}: ${suite.about}`);
  const res = spawnSync(process.execPath, [file, ...passThrough], { stdio: 'inherit' });
  if (res.status !== 0) {
    failed++;
    console.log(`${suite.name} failed (exit ${res.status})`);
  }
}
process.exitCode = failed ? 1 : 0;
