// One contender of the write benchmark, in its own process (peak memory is its own):
//   node bench/write-contender.js convert|import <dir> [batchSize] [rows]
// convert: the typed frame of the frames benchmark (read first, not timed)
//          converted and validated into import bytes (CSV), timed.
// import:  the same frame imported end to end into the embedded server
//          (an in-memory project with the benchmark dictionary, served by
//          bench/frames-server.js in its own process), batched.
// import-in-process: the same with the server in this process.
// BENCH_SERVER_FLAGS: node flags for the server process (e.g. to profile it:
// "--cpu-prof --cpu-prof-dir=/tmp/prof").
// Prints one JSON line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServerProcess } from './bench-server.js';

const [mode, dir, batchArg, rowsArg] = process.argv.slice(2);
const { readRecords } = await import('../dist/frames/index.js');
const { buildSchema } = await import('../dist/schema/index.js');
const { tableToImportRows, importTable } = await import('../dist/write/index.js');
const input = JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8'));
const schema = buildSchema(input);
const frame = readRecords(readFileSync(join(dir, 'records.csv')), schema);
const rows = frame.table.numRows();
const columns = frame.table.numCols();

/** bench/frames-server.js serving an empty project with the benchmark's dictionary. */
async function serveEmptyProject() {
  const flags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
  const served = await startServerProcess('frames-server.js', [dir, '0'], flags);
  return { ...served, cpuMs: () => processCpuMs(served.pid) };
}

/** User and system CPU time of a process, from /proc (Linux; 0 elsewhere). */
function processCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** The same server in this process. */
async function inProcessServer() {
  const { RedcapServer } = await import('../dist/server/redcap-server.js');
  const { benchDefinition } = await import('./bench-definition.js');
  const server = await RedcapServer.start({ db: ':memory:', port: 0 });
  const { token } = server.addProject(benchDefinition(dir, 0));
  return { url: server.url, token, cpuMs: () => 0, stop: () => server.close() };
}

function usage(cpu0) {
  const cpu = process.cpuUsage(cpu0);
  return {
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

if (mode === 'convert') {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const converted = tableToImportRows(frame, schema, { dropReadOnly: true });
  const t1 = performance.now();
  const bytes = converted.rows.toCsvBytes();
  const t2 = performance.now();
  console.log(
    JSON.stringify({
      name: 'convert',
      ms: Math.round(t2 - t0),
      convertMs: Math.round(t1 - t0),
      csvMs: Math.round(t2 - t1),
      ...usage(cpu0),
      rows,
      columns,
      importColumns: converted.rows.header.length,
      problems: converted.problems.length,
      warnings: converted.warnings.length,
      bytes: bytes.length,
    }),
  );
} else if (mode === 'import' || mode === 'import-in-process') {
  // The server runs in its own process, as `redcap-frames serve` and a real REDCap do
  // (and as the export benchmark serves): the client's frame is not in its heap.
  // `import-in-process` keeps both in this process, one core for both.
  const { Project } = await import('../dist/api/project.js');
  const server = mode === 'import' ? await serveEmptyProject() : await inProcessServer();
  const project = new Project(server.url, server.token, { timeout: 0 });
  const batchSize = Number(batchArg ?? 1000);
  const cpu0 = process.cpuUsage();
  const serverCpu0 = server.cpuMs();
  const t0 = performance.now();
  // The first rows only, when asked (a quick run).
  const source = rowsArg ? { ...frame, table: frame.table.slice(0, Number(rowsArg)) } : frame;
  const result = await importTable(project, source, { dropReadOnly: true, batchSize, schema });
  const ms = performance.now() - t0;
  const serverCpuMs = server.cpuMs() - serverCpu0;
  await project.close();
  await server.stop();
  const own = usage(cpu0);
  console.log(
    JSON.stringify({
      name: mode,
      ms: Math.round(ms),
      ...own,
      clientCpuMs: own.cpuMs,
      serverCpuMs,
      cpuMs: own.cpuMs + (mode === 'import' ? serverCpuMs : 0),
      rows: result.rows,
      columns,
      batchSize,
      batches: result.batches.length,
      records: result.count,
    }),
  );
} else {
  throw new Error(`unknown contender ${mode}`);
}
