import { joinError } from '../api/batch-export.js';
import { CsvJoiner } from '../api/csv-batches.js';
import type { Schema } from '../schema/schema.js';
import type { ResolvedFrameOptions } from './options.js';
import { CsvPartsReader } from './read-csv-fast.js';
import { assembleFrame, readColumns, type TypedFrame } from './typed-frame.js';

/** Chunks (64 KB each) typed per turn of the event loop. */
const CHUNKS_PER_TURN = 4;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Types the CSV answers of a batched export as they come (in record
 * order) into the same columns, so that typing one batch overlaps the
 * download of the next; the frame is the one the joined answers give.
 * Answers that come before the schema wait for it. The fast reader only.
 */
export class BatchReader {
  #schema: Schema | undefined;
  #reader: CsvPartsReader | undefined;
  readonly #joiner = new CsvJoiner();
  /** Answers with rows not typed yet (before the schema came), with their shifts. */
  readonly #waiting: [Uint8Array, number][] = [];
  /** The first answer without rows, read when no answer has rows (as one request's would be). */
  #blank: Uint8Array | undefined;
  #expected = 1;
  /** Typing of the answers come so far, a chunk at a time. */
  #typing: Promise<void> = Promise.resolve();

  constructor(
    private readonly opts: ResolvedFrameOptions,
    private readonly method = 'exportRecords',
  ) {}

  /** The schema to type with; answers that came before it are typed now. */
  start(schema: Schema): void {
    this.#schema = schema;
    for (const [part, shift] of this.#waiting.splice(0)) this.#type(part, shift);
  }

  /** The next answer, of `count` in all. */
  add(bytes: Uint8Array, count = 1): void {
    this.#expected = Math.max(this.#expected, count);
    let shift: number | undefined;
    try {
      shift = this.#joiner.add(bytes);
    } catch (e) {
      throw joinError(this.method, e);
    }
    if (shift === undefined) this.#blank ??= bytes;
    else if (this.#schema) this.#type(bytes, shift);
    else this.#waiting.push([bytes, shift]);
  }

  /**
   * Types an answer after those before it, a chunk of it per turn of the
   * event loop: the downloads of later batches, on the same thread, are
   * read meanwhile rather than stalled for the whole batch.
   */
  #type(bytes: Uint8Array, shift: number): void {
    this.#reader ??= new CsvPartsReader(bytes, this.#schema!, this.opts, this.#expected);
    const reader = this.#reader;
    this.#typing = this.#typing.then(async () => {
      let chunks = 0;
      for (const _ of reader.add(bytes, shift)) if (++chunks % CHUNKS_PER_TURN === 0) await nextTurn();
    });
    // Awaited by finish; a failure meanwhile is not an unhandled rejection.
    this.#typing.catch(() => {});
  }

  /** The frame of all answers. */
  async finish(): Promise<TypedFrame> {
    const schema = this.#schema;
    if (!schema) throw new Error('BatchReader.finish before start');
    await this.#typing;
    const read = this.#reader
      ? this.#reader.finish(this.#joiner.bytes())
      : readColumns(this.#blank ?? new Uint8Array(0), schema, this.opts);
    return assembleFrame(read, schema, this.opts);
  }
}
