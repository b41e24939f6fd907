/**
 * Streaming exports of a project to Arrow IPC and Parquet files: the
 * records are exported batch by batch (one request per batch of
 * records), each batch is typed with one schema and written before the
 * next is typed, so memory holds a bounded number of records whatever
 * the size of the project. The file appears under its name only when
 * complete: it is written beside it as `<file>.partial` and renamed at
 * the end; on any failure the partial file is removed and the error
 * thrown.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Project } from '../../api/project.js';
import type { Schema } from '../../schema/schema.js';
import { frameToArrow, typeSignature } from './arrow-columns.js';
import type { Table as ArrowTable } from '@uwdata/flechette';
import { ArrowIpcWriter, type ByteSink, type IpcFormat } from './ipc-writer.js';
import { ParquetBatchWriter, type ParquetWriteOptions } from './parquet-writer.js';
import { typedBatches, type StreamStats, type TypedBatch, type TypedBatchOptions } from './typed-batches.js';

export interface StreamExportOptions extends TypedBatchOptions {
  /** The project's schema, if already at hand (read through the API otherwise). */
  schema?: Schema;
}

export interface ArrowExportOptions extends StreamExportOptions {
  /** `file` (default): Arrow's random-access file format (`.arrow`); `stream`: its streaming format (`.arrows`). */
  ipcFormat?: IpcFormat;
}

export interface StreamExportResult extends StreamStats {
  file: string;
  bytes: number;
  /** The columns written, with their frame types. */
  columns: { name: string; type: string }[];
}

/** A file opened for writing, with back-pressure. */
class FileSink implements ByteSink {
  readonly stream: WriteStream;
  #failure: Error | undefined;

  constructor(path: string) {
    this.stream = createWriteStream(path);
    this.stream.on('error', (e) => (this.#failure = e));
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.stream.write(bytes)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (e?: Error) => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        if (e) reject(e);
        else resolve();
      };
      this.stream.once('drain', done);
      this.stream.once('error', done);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#failure) {
        reject(this.#failure);
        return;
      }
      this.stream.end((e?: Error | null) => (e ? reject(e) : resolve()));
    });
  }

  destroy(): void {
    this.stream.destroy();
  }
}

function emptyStats(): StreamStats {
  return { batches: 0, records: 0, rows: 0, maxRecordsHeld: 0, maxRowsHeld: 0 };
}

/** Checks that every batch has the first batch's columns and types. */
function schemaGuard(): (batch: TypedBatch) => { name: string; type: string }[] {
  let first: string | undefined;
  let columns: { name: string; type: string }[] = [];
  return (batch) => {
    const signature = typeSignature(batch.frame.columns);
    if (first === undefined) {
      first = signature;
      columns = batch.frame.columns.map((c) => ({ name: c.name, type: c.type }));
    } else if (signature !== first) {
      throw new Error(
        `Streamed export: batch ${batch.index + 1} has other columns than the first batch (did the project's dictionary change during the export?); export again.`,
      );
    }
    return columns;
  };
}

async function writeFile(file: string, body: (sink: FileSink) => Promise<void>): Promise<number> {
  const partial = `${file}.partial`;
  const sink = new FileSink(partial);
  try {
    await body(sink);
    await sink.close();
    await rename(partial, file);
    return sink.stream.bytesWritten;
  } catch (e) {
    sink.destroy();
    await rm(partial, { force: true });
    throw e;
  }
}

/** What both file formats write batches through. */
interface BatchWriter {
  write(table: ArrowTable): Promise<void>;
  finish(): Promise<void>;
  /** Lets go of what a failed export holds. */
  abort?(reason: unknown): void;
}

/** Types the records batch by batch and hands each to the writer `open` makes, into `file` (whole or not at all). */
async function exportBatches(
  project: Project,
  file: string,
  options: StreamExportOptions,
  open: (sink: FileSink) => BatchWriter | Promise<BatchWriter>,
): Promise<StreamExportResult> {
  const schema = options.schema ?? (await project.loadedSchema());
  const stats = emptyStats();
  const guard = schemaGuard();
  let columns: { name: string; type: string }[] = [];
  const bytes = await writeFile(file, async (sink) => {
    const writer = await open(sink);
    try {
      for await (const batch of typedBatches(project, schema, options, stats)) {
        columns = guard(batch);
        await writer.write(frameToArrow(batch.frame));
      }
      await writer.finish();
    } catch (e) {
      writer.abort?.(e);
      throw e;
    }
  });
  return { ...stats, file, bytes, columns };
}

/**
 * Exports the project's records (or a selection) to an Arrow IPC file,
 * one record batch per batch of records.
 */
export function exportToArrow(
  project: Project,
  file: string,
  options: ArrowExportOptions = {},
): Promise<StreamExportResult> {
  return exportBatches(project, file, options, (sink) => new ArrowIpcWriter(sink, options.ipcFormat ?? 'file'));
}

/**
 * Exports the project's records (or a selection) to a Parquet file
 * through parquet-wasm: each batch goes to the Parquet writer as an
 * Arrow record batch, and a row group is written whenever `rowGroupSize`
 * rows have come in, so the writer holds at most one row group.
 */
export function exportToParquet(
  project: Project,
  file: string,
  options: StreamExportOptions & ParquetWriteOptions = {},
): Promise<StreamExportResult> {
  return exportBatches(project, file, options, (sink) => ParquetBatchWriter.open(sink, options));
}
