/**
 * Writes Arrow IPC one record batch at a time: the schema once, then each
 * batch's messages as they come, so no more than one batch is ever held.
 * `stream` is Arrow's streaming format (`.arrows`); `file` is the random
 * access format (`.arrow`, Feather v2): the same messages between a magic
 * header and a footer listing where each batch lies.
 *
 * Each batch is encoded by flechette as a whole IPC stream (schema +
 * record batch); the record batch messages are cut out of it. Batches
 * carry no dictionaries (text and categories are utf8), so nothing else
 * needs carrying over between batches.
 */
import { tableToIPC, type Table as ArrowTable } from '@uwdata/flechette';
// Not flechette's documented API: see flechette-internals.d.ts for why the version is pinned.
import { Builder } from '@uwdata/flechette/src/encode/builder.js';
import { writeFooter } from '@uwdata/flechette/src/encode/footer.js';

export type IpcFormat = 'file' | 'stream';

/** Where bytes go (a file, with back-pressure). */
export interface ByteSink {
  write(bytes: Uint8Array): Promise<void>;
}

const MESSAGE_SCHEMA = 1;
const MESSAGE_DICTIONARY = 2;
const MESSAGE_RECORD_BATCH = 3;
const CONTINUATION = 0xffffffff;
const MAGIC_PADDED = new Uint8Array([0x41, 0x52, 0x52, 0x4f, 0x57, 0x31, 0, 0]); // "ARROW1" + 2 bytes of padding

const EOS = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/** One encapsulated IPC message: where it lies in the buffer and what it is. */
export interface IpcMessage {
  type: number;
  /** Bytes of the prefix and flatbuffer metadata (padding included). */
  metadataLength: number;
  bodyLength: number;
  bytes: Uint8Array;
}

/** Reads the header type and body length of a Message flatbuffer. */
function readMessageHeader(view: DataView, start: number): { type: number; bodyLength: number } {
  const table = start + view.getUint32(start, true);
  const vtable = table - view.getInt32(table, true);
  const vtableSize = view.getUint16(vtable, true);
  const fieldOffset = (index: number): number => {
    const at = 4 + 2 * index;
    return at < vtableSize ? view.getUint16(vtable + at, true) : 0;
  };
  const typeAt = fieldOffset(1);
  const bodyAt = fieldOffset(3);
  return {
    type: typeAt ? view.getUint8(table + typeAt) : 0,
    bodyLength: bodyAt ? Number(view.getBigInt64(table + bodyAt, true)) : 0,
  };
}

/** The messages of an IPC stream, up to its end-of-stream marker. */
export function ipcMessages(stream: Uint8Array): IpcMessage[] {
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  const out: IpcMessage[] = [];
  let at = 0;
  while (at + 8 <= stream.byteLength) {
    let prefix = 4;
    let length = view.getUint32(at, true);
    if (length === CONTINUATION) {
      prefix = 8;
      length = view.getUint32(at + 4, true);
    }
    if (length === 0) break; // end of stream
    const { type, bodyLength } = readMessageHeader(view, at + prefix);
    const metadataLength = prefix + length;
    const end = at + metadataLength + bodyLength;
    if (end > stream.byteLength) throw new Error(`Arrow IPC message at byte ${at} runs past the end of the stream`);
    out.push({ type, metadataLength, bodyLength, bytes: stream.subarray(at, end) });
    at = end;
  }
  return out;
}

/** A small in-memory sink for flechette's footer builder. */
class FooterSink {
  readonly parts: Uint8Array[] = [];
  write(bytes: Uint8Array): void {
    this.parts.push(bytes.slice());
  }
  pad(count: number): void {
    this.parts.push(new Uint8Array(count));
  }
  finish(): null {
    return null;
  }
}

/** Writes tables with one schema, batch by batch, as Arrow IPC. */
export class ArrowIpcWriter {
  #offset = 0;
  #schema: unknown;
  readonly #blocks: { offset: number; metadataLength: number; bodyLength: number }[] = [];

  constructor(
    private readonly sink: ByteSink,
    readonly format: IpcFormat = 'file',
  ) {}

  /** Bytes written so far. */
  get bytesWritten(): number {
    return this.#offset;
  }

  /** Record batches written so far. */
  get batches(): number {
    return this.#blocks.length;
  }

  private async put(bytes: Uint8Array): Promise<void> {
    await this.sink.write(bytes);
    this.#offset += bytes.byteLength;
  }

  /** Appends a table's rows; the first table also gives the schema. */
  async write(table: ArrowTable): Promise<void> {
    const messages = ipcMessages(tableToIPC(table, { format: 'stream' }) as Uint8Array);
    const first = this.#schema === undefined;
    if (first) {
      this.#schema = table.schema;
      if (this.format === 'file') await this.put(MAGIC_PADDED);
    }
    for (const m of messages) {
      if (m.type === MESSAGE_SCHEMA && !first) continue;
      if (m.type === MESSAGE_DICTIONARY)
        throw new Error('Arrow batches with dictionaries cannot be streamed by this writer');
      if (m.type === MESSAGE_RECORD_BATCH) {
        if (m.bytes.byteLength === 0) continue;
        this.#blocks.push({ offset: this.#offset, metadataLength: m.metadataLength, bodyLength: m.bodyLength });
      }
      await this.put(m.bytes);
    }
  }

  /** Ends the stream (and writes the file footer). Needs at least one table written. */
  async finish(): Promise<void> {
    if (this.#schema === undefined) throw new Error('No Arrow table was written: the schema is unknown');
    await this.put(EOS);
    if (this.format !== 'file') return;
    const footer = new FooterSink();
    writeFooter(new Builder(footer), this.#schema, [], this.#blocks, null);
    // writeFooter ends with the footer size and MAGIC; keep them as flechette writes them.
    for (const part of footer.parts) await this.put(part);
  }
}
