/**
 * Option and result shapes shared by many API methods.
 */

/** The formats REDCap answers in. */
export type Format = 'json' | 'csv' | 'xml';

/**
 * What a method returns for a format: parsed data for json (the default),
 * REDCap's own text for csv and xml.
 */
export type Formatted<F extends Format, T> = F extends 'csv' | 'xml' ? string : T;

/** The `format` option of a method that can answer in any format. */
export interface FormatOption<F extends Format> {
  /** `json` (default) returns parsed data; `csv` and `xml` return REDCap's text as is. */
  format?: F;
}

/** Values REDCap's `csvDelimiter` accepts (`tab` is a tab character). */
export type CsvDelimiter = ',' | 'tab' | ';' | '|' | '^';

/** A record name; numbers are sent as their decimal text. */
export type RecordId = string | number;

/** `raw` codes or `label` texts. */
export type RawOrLabel = 'raw' | 'label';

/**
 * Data to import: rows (sent as JSON), or text in the format named by the
 * `format` option (csv when not given).
 */
export type ImportData<Row> = readonly Row[] | string;

/** The options of every import that takes `data`. */
export interface ImportFormatOption {
  /** The format of `data` when it is text (default csv). Rows are always sent as JSON. */
  format?: Format;
}

/** Reported while a batched export or import runs. */
export interface ProgressEvent {
  /** The client method, e.g. `exportRecords`. */
  method: string;
  /** `ids`: the record names were read; `export` / `import`: a batch finished. */
  phase: 'ids' | 'export' | 'import';
  /** Batches finished. */
  done: number;
  /** Batches in all. */
  total: number;
  /** Records in the finished batches. */
  records: number;
  /** Records in all the batches. */
  totalRecords: number;
}

export type ProgressListener = (event: ProgressEvent) => void;

/** Options of the methods that split their work in batches of records. */
export interface BatchOptions {
  /** Records per request; `false` sends one request. Overrides the project's setting. */
  batchSize?: number | false;
  /** Requests in flight at once. Overrides the project's setting. */
  concurrency?: number;
  /** Called after the record names are read and after each batch. */
  onProgress?: ProgressListener;
  /**
   * Milliseconds between the starts of consecutive requests of a batched
   * export (the record-name request included), for busy servers. Default 0.
   */
  interBatchDelayMs?: number;
}
