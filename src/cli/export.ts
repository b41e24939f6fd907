import { extname, resolve } from 'node:path';
import { wholeNumberOption } from '../api/option-checks.js';
import { Project } from '../api/project.js';
import type { ProgressEvent } from '../api/types/common.js';
import { exportTable, type ExportTableOptions } from '../frames/project-frames.js';
import { exportToArrow, exportToParquet } from '../frames/stream/export-stream.js';
import type { BatchProgress } from '../frames/stream/typed-batches.js';
import { frameFileFormat, writeFrameFile } from '../write/frame-files.js';
import { option, parseArgs, type ParsedArgs } from './args.js';

export const URL_ENV = 'REDCAP_API_URL';
export const TOKEN_ENV = 'REDCAP_API_TOKEN';

export const EXPORT_HELP = `redcap-frames export --out FILE [options]

Exports a project's records typed by its data dictionary and writes them
to FILE: .arrow keeps the types (numbers, dates, booleans, checkbox
lists) and what the frame knew (time zone, missing-data codes); .csv and
.json hold text REDCap reads back (codes or labels, true/false,
YYYY-MM-DD dates, datetimes on --time-zone's clock). .parquet (and .arrow
with --stream) is written batch by batch, never holding the whole export:
the way to take a large project to DuckDB or Spark.

  --url URL              the REDCap API URL (or ${URL_ENV})
  --token TOKEN          the project's API token; prefer ${TOKEN_ENV},
                         which keeps it out of the shell's history
  --fields a,b           fields to export (repeatable); --forms, --events
                         and --records likewise
  --filter-logic LOGIC   REDCap logic choosing records, e.g. "[age] > 30"
  --time-zone ZONE       clock of datetimes, e.g. Europe/Paris (default UTC)
  --choices labels|codes radio/dropdown values (default labels)
  --complete-as labels|codes  form status (default labels)
  --checkboxes columns|list   a boolean per option (default) or one list
  --event-labels         add redcap_event_label
  --survey-fields        add survey identifiers and timestamps
  --dags                 add redcap_data_access_group
  --batch-size N         records per request (default 1000)
  --stream               write .arrow batch by batch (always for .parquet)
A progress bar is shown when stderr is a terminal.`;

/** Where a command writes: lines for the user, and a terminal (or not) for progress. */
export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Progress goes to stderr when it is a terminal. */
  progress?: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

export function defaultIo(): CommandIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    progress: process.stderr.isTTY ? process.stderr : undefined,
    env: process.env,
  };
}

/** Comma-separated values of a repeatable option. */
export function listOption(args: ParsedArgs, name: string): string[] | undefined {
  const values = args.options
    .get(name)
    ?.flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return values?.length ? values : undefined;
}

export function choiceOption<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[]): T | undefined {
  const value = option(args, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${name} must be ${allowed.join(' or ')}, not "${value}"`);
  return value as T;
}

export function numberOption(args: ParsedArgs, name: string): number | undefined {
  const value = option(args, name);
  if (value === undefined) return undefined;
  return usage(() => wholeNumberOption(`--${name}`, value));
}

/** A mistake in the command line (exit code 2). */
export class UsageError extends Error {}

/** Runs a check of the command line, its error becoming a UsageError. */
export function usage<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** The project from --url/--token or the environment; the token is never shown. */
export function projectFrom(args: ParsedArgs, env: NodeJS.ProcessEnv): Project {
  const url = option(args, 'url') ?? env[URL_ENV];
  const token = option(args, 'token') ?? env[TOKEN_ENV];
  if (!url) throw new UsageError(`Give the REDCap API URL with --url or ${URL_ENV}.`);
  if (!token) throw new UsageError(`Give the project's API token in ${TOKEN_ENV} (or with --token).`);
  return new Project(url, token, { timeout: 0 });
}

/** A one-line progress bar redrawn in place on a terminal. */
export function progressBar(
  stream: NodeJS.WriteStream | undefined,
  label: string,
): { update(e: Pick<ProgressEvent, 'done' | 'total' | 'records' | 'totalRecords'>): void; end(): void } {
  let drawn = false;
  return {
    update(e) {
      if (!stream || e.total <= 0) return;
      stream.write(`\r${renderProgress(label, e, stream.columns ?? 80)}`);
      drawn = true;
    },
    end() {
      if (stream && drawn) stream.write(`\r${' '.repeat(Math.max(0, (stream.columns ?? 80) - 1))}\r`);
      drawn = false;
    },
  };
}

/** `label [#####.....] 12/40 batches, 1200/4000 records`, fitted to a width. */
export function renderProgress(
  label: string,
  e: Pick<ProgressEvent, 'done' | 'total' | 'records' | 'totalRecords'>,
  width: number,
): string {
  const tail = ` ${e.done}/${e.total} batches, ${e.records}/${e.totalRecords} records`;
  const room = Math.max(10, Math.min(40, width - label.length - tail.length - 4));
  const filled = Math.round((room * Math.min(e.done, e.total)) / e.total);
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(room - filled)}]${tail}`;
}

/** `redcap-frames export`: answers the exit code. */
export async function exportCommand(argv: readonly string[], io: CommandIo = defaultIo()): Promise<number> {
  const args = parseArgs(argv, new Set(['help', 'event-labels', 'survey-fields', 'dags', 'stream']));
  if (args.options.has('help')) {
    io.out(EXPORT_HELP);
    return 0;
  }
  const out = option(args, 'out') ?? args.positionals[0];
  if (!out) throw new UsageError('Say where to write the export: --out FILE (.arrow, .parquet, .csv or .json).');
  // Parquet, and Arrow with --stream, are written batch by batch in bounded memory.
  const streamed =
    extname(out).toLowerCase() === '.parquet' ? 'parquet' : args.options.has('stream') ? 'arrow' : undefined;
  if (args.options.has('stream') && streamed === 'arrow' && usage(() => frameFileFormat(out)) !== 'arrow') {
    throw new UsageError('--stream writes Arrow or Parquet: give a .arrow or .parquet file.');
  }
  const project = projectFrom(args, io.env);
  const bar = progressBar(io.progress, 'export');
  try {
    const options: ExportTableOptions = {
      fields: listOption(args, 'fields'),
      forms: listOption(args, 'forms'),
      events: listOption(args, 'events'),
      records: listOption(args, 'records'),
      filterLogic: option(args, 'filter-logic'),
      timeZone: option(args, 'time-zone'),
      choices: choiceOption(args, 'choices', ['labels', 'codes'] as const),
      completeAs: choiceOption(args, 'complete-as', ['labels', 'codes'] as const),
      checkboxes: choiceOption(args, 'checkboxes', ['columns', 'list'] as const),
      eventLabels: args.options.has('event-labels') || undefined,
      exportSurveyFields: args.options.has('survey-fields') || undefined,
      exportDataAccessGroups: args.options.has('dags') || undefined,
      batchSize: numberOption(args, 'batch-size'),
      onProgress: (e) => {
        if (e.phase === 'export') bar.update(e);
      },
    };
    if (streamed) {
      const { onProgress: _progress, batchSize, ...selection } = options;
      const streamOptions = {
        ...selection,
        batchSize: batchSize === false ? undefined : batchSize,
        onBatch: (p: BatchProgress) =>
          bar.update({ done: p.batch, total: p.batches, records: p.recordsDone, totalRecords: p.totalRecords }),
      };
      const result =
        streamed === 'parquet'
          ? await exportToParquet(project, resolve(out), streamOptions)
          : await exportToArrow(project, resolve(out), streamOptions);
      bar.end();
      io.out(
        `Wrote ${out}: ${result.rows} rows x ${result.columns.length} columns (${streamed}, streamed in ${result.batches} batches, ${result.bytes} bytes).`,
      );
      return 0;
    }
    const format = usage(() => frameFileFormat(out));
    const frame = await exportTable(project, options);
    bar.end();
    const bytes = await writeFrameFile(frame, resolve(out), format);
    io.out(
      `Wrote ${out}: ${frame.table.numRows()} rows x ${frame.table.numCols()} columns (${format}, ${bytes} bytes).`,
    );
    if (frame.missing.length)
      io.out(
        `${frame.missing.length} missing-data codes${format === 'arrow' ? " kept in the file's metadata" : ' written as themselves'}.`,
      );
    if (frame.invalid.length) {
      io.err(`${frame.invalid.length} stored values did not follow their field's rules and are blank in the file:`);
      for (const v of frame.invalid.rows.slice(0, 10))
        io.err(
          `  record ${v.record}${v.event ? ` (${v.event})` : ''}, ${v.field} = ${JSON.stringify(v.value)}: ${v.reason}`,
        );
      if (frame.invalid.length > 10) io.err(`  … ${frame.invalid.length - 10} more`);
    }
    return 0;
  } finally {
    bar.end();
    await project.close();
  }
}
