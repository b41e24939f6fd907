// One contender of the write benchmark, in its own process (peak memory is its own):
//   node bench/write-contender.js convert|import <dir> [batchSize] [rows]
// convert: the typed frame of the frames benchmark (read first, not timed)
//          converted and validated into import bytes (CSV), timed.
// import:  the same frame imported end to end into the embedded server
//          (an in-memory project with the benchmark dictionary), batched.
// Prints one JSON line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [mode, dir, batchArg, rowsArg] = process.argv.slice(2);
const { readRecords } = await import('../dist/frames/index.js');
const { buildSchema } = await import('../dist/schema/index.js');
const { tableToImportRows, importTable } = await import('../dist/write/index.js');
const input = JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8'));
const schema = buildSchema(input);
const frame = readRecords(readFileSync(join(dir, 'records.csv')), schema);
const rows = frame.table.numRows();
const columns = frame.table.numCols();

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
} else if (mode === 'import') {
  const { RedcapServer } = await import('../dist/server/redcap-server.js');
  const { emptyDefinition } = await import('../dist/server/project-definition.js');
  const { Project } = await import('../dist/api/project.js');
  const server = await RedcapServer.start({ db: ':memory:', port: 0 });
  const def = emptyDefinition('write benchmark');
  def.dictionary = input.dictionary;
  def.instruments = [...new Set(input.dictionary.map((f) => f.form_name))].map((f) => ({
    instrument_name: f,
    instrument_label: f,
  }));
  def.info = { project_title: 'write benchmark', missing_data_codes: input.info.missing_data_codes };
  const project = new Project(server.url, server.addProject(def).token, { timeout: 0 });
  const batchSize = Number(batchArg ?? 1000);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // The first rows only, when asked (a quick run).
  const source = rowsArg ? { ...frame, table: frame.table.slice(0, Number(rowsArg)) } : frame;
  const result = await importTable(project, source, { dropReadOnly: true, batchSize, schema });
  const ms = performance.now() - t0;
  await project.close();
  await server.close();
  console.log(
    JSON.stringify({
      name: 'import',
      ms: Math.round(ms),
      ...usage(cpu0),
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
