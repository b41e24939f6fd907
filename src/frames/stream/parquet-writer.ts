/**
 * Parquet written batch by batch with parquet-wasm's streaming writer:
 * Arrow record batches go in one at a time (each `write` waits until the
 * writer has taken the previous one), and Parquet bytes come out one
 * row group at a time into the sink.
 *
 * Memory: the writer buffers rows until a row group is full
 * (`rowGroupSize` rows, default 65,536), then encodes and emits it; so
 * what is held is at most one row group in WebAssembly memory plus one
 * batch in JavaScript. WebAssembly memory grows to its high-water mark
 * and is not given back while the process runs.
 */
import { tableToIPC, type Table as ArrowTable } from '@uwdata/flechette';
import { wholeNumberOption } from '../../api/option-checks.js';
import type { ByteSink } from './ipc-writer.js';

type ParquetWasm = typeof import('parquet-wasm/node');

export interface ParquetWriteOptions {
  /** Rows per row group (default 65,536). */
  rowGroupSize?: number;
  /** Column compression (default `snappy`, which DuckDB, Spark and pandas all read). */
  compression?: 'snappy' | 'zstd' | 'gzip' | 'uncompressed';
}

let wasm: Promise<ParquetWasm> | undefined;

/** parquet-wasm, loaded on first use (its WebAssembly module is large). */
export function loadParquetWasm(): Promise<ParquetWasm> {
  wasm ??= import('parquet-wasm/node');
  return wasm;
}

export const DEFAULT_ROW_GROUP_SIZE = 65_536;

export class ParquetBatchWriter {
  #controller!: ReadableStreamDefaultController<unknown>;
  #wanted: (() => void) | undefined;
  #pulled = false;
  #failure: unknown;
  #pump!: Promise<void>;

  private constructor(private readonly pw: ParquetWasm) {}

  static async open(sink: ByteSink, options: ParquetWriteOptions = {}): Promise<ParquetBatchWriter> {
    const pw = await loadParquetWasm();
    const writer = new ParquetBatchWriter(pw);
    const input = new ReadableStream<unknown>(
      {
        start: (controller) => {
          writer.#controller = controller;
        },
        pull: () => {
          writer.#pulled = true;
          writer.#wanted?.();
        },
      },
      { highWaterMark: 0 },
    );
    const codec = {
      snappy: pw.Compression.SNAPPY,
      zstd: pw.Compression.ZSTD,
      gzip: pw.Compression.GZIP,
      uncompressed: pw.Compression.UNCOMPRESSED,
    }[options.compression ?? 'snappy'];
    const rows = wholeNumberOption('rowGroupSize', options.rowGroupSize ?? DEFAULT_ROW_GROUP_SIZE);
    const props = new pw.WriterPropertiesBuilder()
      .setCompression(codec)
      .setMaxRowGroupSize(rows)
      .setCreatedBy('redcap-frames')
      .build();
    // The writer reads the first batch (for the schema) before it hands out
    // its output stream, so that stream is awaited in the pump, not here.
    writer.#pump = (async () => {
      const output = await pw.transformParquetStream(input, props);
      const reader = output.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        await sink.write(value as Uint8Array);
      }
    })();
    writer.#pump.catch((e: unknown) => {
      writer.#failure ??= e;
      writer.#wanted?.();
    });
    return writer;
  }

  /** Waits until the Parquet writer asks for the next batch. */
  private nextPull(): Promise<void> {
    if (this.#pulled) return Promise.resolve();
    return new Promise((resolve) => {
      this.#wanted = () => {
        this.#wanted = undefined;
        resolve();
      };
    });
  }

  /** Hands one table's rows to the writer (as one Arrow record batch). */
  async write(table: ArrowTable): Promise<void> {
    await this.nextPull();
    if (this.#failure !== undefined) throw this.#failure;
    const wasmTable = this.pw.Table.fromIPCStream(tableToIPC(table, { format: 'stream' }) as Uint8Array);
    try {
      for (let i = 0; i < wasmTable.numBatches; i++) {
        const batch = wasmTable.recordBatch(i);
        // Empty batches too: a selection with no rows still gives the file its columns.
        if (batch) {
          this.#pulled = false;
          this.#controller.enqueue(batch);
        }
      }
    } finally {
      wasmTable.free();
    }
  }

  /** Writes the last row group and the footer; resolves when all bytes are in the sink. */
  async finish(): Promise<void> {
    this.#controller.close();
    await this.#pump;
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** Stops the writer after a failure elsewhere. */
  abort(reason: unknown): void {
    this.#failure ??= reason;
    try {
      this.#controller.error(reason);
    } catch {
      /* already closed */
    }
  }
}
