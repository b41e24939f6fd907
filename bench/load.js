// Load benchmark: N clients (default 16) mix imports (50%), exports (35%)
// and deletes (15%) on a shared pool of records against the embedded
// server, run in its own process, for a bounded time; a probe asks the
// version every 50 ms. Prints throughput and p50/p95/p99 latencies, and
// checks the run (no lost write, no torn or stale read).
//
//   npm run build && node bench/load.js [--clients 16] [--seconds 20] [--records 64] [--json] [--quick]
// --quick runs 5 seconds.
import { Project } from '../dist/api/index.js';
import { startBenchServer } from './bench-server.js';
import { runLoad, summarise, verifyLoad } from './load-driver.js';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const clients = arg('clients', 16);
const seconds = arg('seconds', process.argv.includes('--quick') ? 5 : 20);
const records = arg('records', 64);

const server = await startBenchServer(['load']);
try {
  const run = await runLoad({
    Project,
    url: server.url,
    token: server.token,
    clients,
    durationMs: seconds * 1000,
    records,
    seed: 1,
  });
  const reader = new Project(server.url, server.token);
  const final = await reader.exportRecords();
  await reader.close();
  const problems = verifyLoad(run, final);
  const s = summarise(run);
  const fmt = (p) =>
    `p50 ${p.p50.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms, max ${p.max.toFixed(1)} ms (n=${p.n})`;
  if (process.argv.includes('--json')) {
    console.log(
      JSON.stringify({
        clients,
        records,
        ...s,
        problems: Object.fromEntries(Object.entries(problems).map(([k, v]) => [k, v.length])),
      }),
    );
  } else {
    console.log(
      `load: ${clients} clients, ${records} shared records, ${s.seconds.toFixed(1)} s, server in its own process`,
    );
    console.log(
      `  ${s.operations} operations, ${s.perSecond.toFixed(0)} per second; ${s.recordsWritten} record writes, ${s.rowsRead} rows read`,
    );
    console.log(`  imports  ${fmt(s.imports)}`);
    console.log(`  exports  ${fmt(s.exports)}`);
    console.log(`  deletes  ${fmt(s.deletes)}`);
    console.log(`  probe    ${fmt(s.probe)}`);
    console.log(
      `  checks: ${problems.lost.length} lost writes, ${problems.torn.length} torn rows, ${problems.stale.length} stale reads, ${problems.failed.length} failed calls`,
    );
  }
  if (Object.values(problems).some((p) => p.length > 0)) {
    console.error(JSON.stringify(problems, null, 2).slice(0, 4000));
    process.exitCode = 1;
  }
} finally {
  await server.stop();
}
