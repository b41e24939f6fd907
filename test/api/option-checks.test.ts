import { describe, expect, it } from 'vitest';
import { isRedcapUsageError } from '../../src/api/errors.js';
import { wholeNumberOption } from '../../src/api/option-checks.js';
import { resolveOptions } from '../../src/api/options.js';
import { UsageError, numberOption } from '../../src/cli/export.js';
import { parseArgs } from '../../src/cli/args.js';
import { ParquetBatchWriter } from '../../src/frames/stream/parquet-writer.js';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  throw new Error('nothing was thrown');
}

describe('whole-number options', () => {
  it('pass whole numbers from the minimum on, numbers written as text included', () => {
    expect([
      wholeNumberOption('batchSize', 1),
      wholeNumberOption('retries', 0, 0),
      wholeNumberOption('--batch-size', '250'),
    ]).toEqual([1, 0, 250]);
  });

  it('refuse anything else with a RedcapUsageError naming the option and the value given', () => {
    for (const [value, shown] of [
      [0, '0'],
      [2.5, '2.5'],
      ['ten', '"ten"'],
      ['', '""'],
      [null, 'null'],
      [Number.NaN, 'NaN'],
    ] as const) {
      const err = thrown(() => wholeNumberOption('batchSize', value));
      expect(isRedcapUsageError(err)).toBe(true);
      expect((err as Error).message).toBe(`The option batchSize must be a whole number of at least 1, not ${shown}.`);
    }
    expect((thrown(() => wholeNumberOption('retries', -1, 0)) as Error).message).toMatch(
      /retries must be a whole number of at least 0, not -1/,
    );
  });

  it('are the one check behind the client, the stream writers and the command line', async () => {
    expect(isRedcapUsageError(thrown(() => resolveOptions({ concurrency: 0 })))).toBe(true);
    const cli = thrown(() => numberOption(parseArgs(['--batch-size', '0'], new Set()), 'batch-size')) as Error;
    expect(cli).toBeInstanceOf(UsageError); // the command line's exit code 2
    expect(cli.message).toBe('The option --batch-size must be a whole number of at least 1, not "0".');
    const sink = { write: async () => {} };
    await expect(ParquetBatchWriter.open(sink, { rowGroupSize: 0 })).rejects.toSatisfy(isRedcapUsageError);
  });
});
