// Scale benchmark: a project of N records (default 1,000,000) in the
// embedded server (its own process), exported by the client to Parquet
// and Arrow IPC batch by batch with exportToParquet /
// exportToArrow. Prints the time, rows per second and the client's peak
// memory (maximum resident set size, and the largest JS heap seen).
//
//   npm run build && node bench/stream.js [--records 1000000] [--batch 5000] [--formats parquet,arrow] [--out DIR] [--quick]
// --quick exports 100,000 records.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Project } from '../dist/api/index.js';
import { exportToArrow, exportToParquet, loadParquetWasm } from '../dist/frames/stream/index.js';
import { startBenchServer } from './bench-server.js';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

/** Seconds for 1,000,000 records before issue 15, measured on this 2-core machine (the anchor). */
const BEFORE_S = { parquet: 138.6, arrow: 118.5 };
/** Target: at least this many times faster than the anchor. */
const TARGET = 3;

const records = Number(arg('records', process.argv.includes('--quick') ? 100_000 : 1_000_000));
const batchSize = Number(arg('batch', 5000));
const outDir = arg('out', mkdtempSync(join(tmpdir(), 'redcap-stream-')));
const formats = arg('formats', 'parquet,arrow').split(',');

const seeding = performance.now();
const server = await startBenchServer(['scale', String(records)]);
console.log(
  `stream: ${records.toLocaleString('en')} records seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s (server in its own process)`,
);

let heapPeak = 0;
const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 50);
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
try {
  const project = new Project(server.url, server.token, { timeout: 0 });
  for (const format of formats) {
    const file = join(outDir, `scale.${format}`);
    const started = performance.now();
    let last = started;
    const onBatch = (p) => {
      if (performance.now() - last > 10_000) {
        last = performance.now();
        console.log(
          `  ${format}: ${p.recordsDone.toLocaleString('en')} / ${p.totalRecords.toLocaleString('en')} records, heap ${mb(process.memoryUsage().heapUsed)}`,
        );
      }
    };
    const result =
      format === 'parquet'
        ? await exportToParquet(project, file, { batchSize, onBatch })
        : await exportToArrow(project, file, { batchSize, onBatch });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `  ${format}: ${result.rows.toLocaleString('en')} rows x ${result.columns.length} columns in ${seconds.toFixed(1)} s ` +
        `(${Math.round(result.rows / seconds).toLocaleString('en')} rows/s), ${result.batches} batches of ${batchSize}, file ${mb(statSync(file).size)}, ` +
        `at most ${result.maxRecordsHeld.toLocaleString('en')} records held at once`,
    );
    // The anchor is for 1,000,000 records: other sizes are compared as projected to that many.
    const projected = (seconds * 1_000_000) / result.rows;
    const faster = BEFORE_S[format] / projected;
    console.log(
      `  ${format}: ${BEFORE_S[format]} s before issue 15 / ${projected.toFixed(1)} s${result.rows === 1_000_000 ? '' : ' (projected to 1,000,000)'}: ` +
        `${faster.toFixed(2)}x faster  (target >= ${TARGET})${faster >= TARGET ? '  ok' : '  MISSED'}`,
    );
  }
  await project.close();
  const wasm = (await loadParquetWasm()).wasmMemory().buffer.byteLength;
  console.log(
    `  client peak: resident ${mb(process.resourceUsage().maxRSS * 1024)}, JS heap ${mb(heapPeak)}, WebAssembly memory ${mb(wasm)}`,
  );
} finally {
  clearInterval(sampler);
  await server.stop();
  if (!process.argv.includes('--out')) rmSync(outDir, { recursive: true, force: true });
}
