export {
  exportToArrow,
  exportToParquet,
  type ArrowExportOptions,
  type StreamExportOptions,
  type StreamExportResult,
} from './export-stream.js';
export {
  typedBatches,
  readRecordNames,
  type BatchProgress,
  type StreamStats,
  type TypedBatch,
  type TypedBatchOptions,
  type RecordSelection,
} from './typed-batches.js';
export { frameToArrow, arrowTypeOf } from './arrow-columns.js';
export { ArrowIpcWriter, ipcMessages, type IpcFormat, type ByteSink } from './ipc-writer.js';
export { ParquetBatchWriter, loadParquetWasm, type ParquetWriteOptions } from './parquet-writer.js';
