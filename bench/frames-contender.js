// One contender of the frames benchmark, run in its own process so that
// peak memory is its own:  node bench/frames-contender.js <name> <dir>
// Prints one JSON line: { name, ms, cpuMs, maxRssMiB, rows, columns }
// (cpuMs counts every thread, the garbage collector's helpers included).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [name, dir] = process.argv.slice(2);
const bytes = readFileSync(join(dir, 'records.csv'));
let rows = 0;
let columns = 0;
let extra = {};
// Modules are loaded and the schema built before the clock starts: only the read is timed.
const aq = await import('arquero');
const { readRecords } = await import('../dist/frames/index.js');
const { buildSchema } = await import('../dist/schema/index.js');
const schema = buildSchema(JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8')));
// (c) reads from the server started by frames.js; the client is made before the clock starts.
const project =
  name === 'server-export'
    ? new (await import('../dist/api/index.js')).Project(process.env.BENCH_URL, process.env.BENCH_TOKEN, {
        batchSize: 10000,
        concurrency: 2,
      })
    : undefined;
const { exportTable } = await import('../dist/frames/index.js');
const cpu0 = process.cpuUsage();
const t0 = performance.now();
switch (name) {
  case 'arquero-fromCSV': {
    const table = aq.fromCSV(new TextDecoder().decode(bytes));
    rows = table.numRows();
    columns = table.numCols();
    break;
  }
  case 'server-export': {
    // End to end: record names, batched raw CSV export over HTTP, typed in one pass.
    const frame = await exportTable(project, { schema });
    rows = frame.table.numRows();
    columns = frame.table.numCols();
    await project.close();
    break;
  }
  case 'typed':
  case 'typed-generic': {
    const frame = readRecords(bytes, schema, { reader: name === 'typed' ? 'fast' : 'generic' });
    rows = frame.table.numRows();
    columns = frame.table.numCols();
    extra = { invalid: frame.invalid.length, missing: frame.missing.length };
    break;
  }
  case 'baseline':
    // Modules loaded and bytes read, nothing parsed: the floor under every contender.
    break;
  default:
    throw new Error(`unknown contender ${name}`);
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
const maxRssMiB = process.resourceUsage().maxRSS / 1024;
console.log(
  JSON.stringify({ name, ms: Math.round(ms), cpuMs, maxRssMiB: Math.round(maxRssMiB), rows, columns, ...extra }),
);
