import { resolve } from 'node:path';
import { isRedcapBatchError } from '../api/errors.js';
import { frameFileFormat, readFrameFile } from '../write/frame-files.js';
import { importTable, type ImportPlan } from '../write/import-table.js';
import type { LeftOutColumn } from '../write/left-out.js';
import { importNotices } from '../write/import-report.js';
import { describeProblems, isImportValidationError, type ImportProblem } from '../write/problems.js';
import { option, parseArgs } from './args.js';
import {
  TOKEN_ENV,
  URL_ENV,
  UsageError,
  choiceOption,
  usage,
  defaultIo,
  numberOption,
  progressBar,
  projectFrom,
  type CommandIo,
} from './export.js';

export const IMPORT_HELP = `redcap-frames import FILE [options]

Imports FILE (.arrow, .csv or .json) into a project. Every value is
converted by its field and checked with REDCap's rules first: when any
fails, the problems are listed (row, record, field, value, reason), the
exit code is 1, and nothing is sent. Values outside their field's
min/max are warnings, listed the same way before sending: REDCap imports
them, and so does this command. Read-only columns (calculated fields,
file uploads, survey timestamps, columns added for reading) are left out,
named in one line.

.arrow files (as written by \`export\`) are read with their types, time
zone and missing-data codes. .csv and .json cells are read as text, each
column by its field, as REDCap reads an import: codes or labels,
1/0 or true/false, YYYY-MM-DD dates, YYYY-MM-DD HH:MM datetimes on
--time-zone's clock, HH:MM times, checkbox lists as "A | B"; a CSV blank
is a blank. So a file written by \`export\` and a raw REDCap export both
import.

  --url URL, --token TOKEN  as for export (or ${URL_ENV}, ${TOKEN_ENV})
  --dry-run              check and compare with the project; write nothing
  --erase-blanks         blanks erase stored values (REDCap's overwrite),
                         for the file's columns only; says how many first
  --time-zone ZONE       clock of datetimes in .csv/.json (default UTC)
  --choices auto|labels|codes  how to read values that are both one option's
                         code and another's label (default auto: refuse)
  --drop-unknown         leave out columns the project does not know
  --send-calculated      send the values of calculated fields too (REDCap
                         accepts them; by default they are left out)
  --batch-size N         records per request (default 1000)`;

/** Problems as indented lines, the library's option names said as this command's flags. */
function problemLines(problems: readonly ImportProblem[], limit: number): string {
  return describeProblems(problems, limit)
    .replace(/pass dropUnknown: true/g, 'use --drop-unknown')
    .replace(/with choices: 'codes' or 'labels'/g, 'with --choices codes or --choices labels')
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

/** `redcap-frames import`: answers the exit code. */
export async function importCommand(argv: readonly string[], io: CommandIo = defaultIo()): Promise<number> {
  // --drop-read-only is still accepted: read-only columns are always left out now.
  const args = parseArgs(
    argv,
    new Set(['help', 'dry-run', 'erase-blanks', 'drop-unknown', 'drop-read-only', 'send-calculated']),
  );
  if (args.options.has('help')) {
    io.out(IMPORT_HELP);
    return 0;
  }
  const file = args.positionals[0];
  if (!file) throw new UsageError('Name the file to import: redcap-frames import FILE (.arrow, .csv or .json).');
  const format = usage(() => frameFileFormat(file));
  const dryRun = args.options.has('dry-run');
  const erase = args.options.has('erase-blanks');
  const batchSize = numberOption(args, 'batch-size');
  const choices = choiceOption(args, 'choices', ['auto', 'labels', 'codes'] as const);
  const read = await readFrameFile(resolve(file), format);
  const project = projectFrom(args, io.env);
  const bar = progressBar(io.progress, 'import');
  // Left-out columns and warnings are said before anything is sent (or, failing, with the problems).
  const notices = (
    r: { dropped: string[]; leftOut: LeftOutColumn[]; warnings: ImportProblem[] },
    say = io.out,
  ): void => {
    for (const line of importNotices(r)) say(line.replace(/sendCalculated: true/g, '--send-calculated'));
    if (r.warnings.length) say(problemLines(r.warnings, 50));
  };
  try {
    const schema = await project.loadedSchema();
    const result = await importTable(project, read.table, {
      schema,
      ...read.options,
      timeZone: option(args, 'time-zone') ?? read.options.timeZone,
      choices: choices ?? read.options.choices,
      dropUnknown: args.options.has('drop-unknown'),
      sendCalculated: args.options.has('send-calculated'),
      dryRun,
      erase,
      batchSize,
      onPlan: (plan: ImportPlan) => {
        notices(plan);
        io.out(
          `Writing ${plan.rows} rows of ${plan.records} records in ${plan.batches} batch${plan.batches === 1 ? '' : 'es'}${erase ? `; erasing ${plan.erased} stored value${plan.erased === 1 ? '' : 's'}` : ''}.`,
        );
      },
      onProgress: (e) => {
        if (e.phase === 'import') bar.update(e);
      },
    });
    bar.end();
    if (result.problems.length) {
      io.err(`${file}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}; nothing was sent.`);
      io.err(problemLines(result.problems, 50));
      notices(result, io.err);
      return 1;
    }
    if (dryRun) {
      notices(result);
      io.out(`Dry run: nothing was written. ${result.rows} rows of ${result.records.length} records checked.`);
      io.out(result.diff!.toString(20));
      return 0;
    }
    io.out(
      `Imported ${result.records.length} records (${result.rows} rows) in ${result.batches.length} batch${result.batches.length === 1 ? '' : 'es'}${erase ? `; ${result.erased} stored values erased` : ''}.`,
    );
    return 0;
  } catch (err) {
    bar.end();
    if (isImportValidationError(err)) {
      io.err(`${file}: ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}; nothing was sent.`);
      io.err(problemLines(err.problems, 50));
      if (err.warnings.length) notices({ dropped: [], leftOut: [], warnings: err.warnings }, io.err);
      return 1;
    }
    if (isRedcapBatchError(err)) {
      io.err(err.message);
      io.err(`Saved: ${err.landedRecords.length} records. Still to import: ${err.pendingRecords.length} records.`);
      return 1;
    }
    throw err;
  } finally {
    await project.close();
  }
}
