/**
 * `redcap-frames export --url URL --out FILE [--format parquet|arrow]
 * [--batch-size N] [--filter LOGIC] [--fields a,b]`: a project's records
 * streamed to a Parquet or Arrow file batch by batch (bounded memory).
 * The token comes from the REDCAP_TOKEN environment variable, never from
 * the command line (where other users of the machine could see it).
 */
import { Project } from '../api/project.js';
import { exportToArrow, exportToParquet } from '../frames/stream/index.js';
import { option, parseArgs } from './args.js';

export const EXPORT_HELP = `redcap-frames export --url URL --out FILE [--format parquet|arrow] [--batch-size N] [--filter LOGIC] [--fields a,b,c]
  The project token is read from REDCAP_TOKEN. The file appears only when complete.`;

/** Runs the command; resolves with the exit code. */
export async function exportStream(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.error): Promise<number> {
  const args = parseArgs(argv, new Set());
  const url = option(args, 'url');
  const out = option(args, 'out');
  const token = env.REDCAP_TOKEN?.trim();
  if (!url || !out || !token) {
    log(`${!token ? 'Set REDCAP_TOKEN to the project token.\n' : ''}${EXPORT_HELP}`);
    return 2;
  }
  const format = option(args, 'format', out.endsWith('.parquet') ? 'parquet' : 'arrow');
  if (format !== 'parquet' && format !== 'arrow') {
    log(`--format must be parquet or arrow, not "${format}".`);
    return 2;
  }
  const batchSize = Number(option(args, 'batch-size', '1000'));
  const fields = option(args, 'fields')?.split(',').map((f) => f.trim()).filter(Boolean);
  const project = new Project(url, token);
  try {
    const options = {
      batchSize, fields, filterLogic: option(args, 'filter'),
      onBatch: (p: { recordsDone: number; totalRecords: number }) => log(`${p.recordsDone} / ${p.totalRecords} records`),
    };
    const result = format === 'parquet' ? await exportToParquet(project, out, options) : await exportToArrow(project, out, options);
    log(`Wrote ${result.rows} rows (${result.records} records, ${result.columns.length} columns) to ${out}.`);
    return 0;
  } catch (e) {
    log(`Export failed: ${(e as Error).message}`);
    return 1;
  } finally {
    await project.close();
  }
}
