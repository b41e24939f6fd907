/**
 * A record import in batches of whole records (every row of a record in
 * the same batch, so REDCap validates a record's rows together). Batches
 * are sent in order; when one fails, no further batch is sent and the
 * error says which batches landed (REDCap saved them) and which did not.
 */
import type { BatchPlan } from './context.js';
import { chunk, runLimited } from './concurrency.js';
import { RedcapBatchError, RedcapError, RedcapUsageError, isRedcapError, type BatchOutcome } from './errors.js';
import { csvLine, parseCsvRows } from '../formats/csv.js';

export interface ImportBatch<D> {
  records: string[];
  data: D;
}

function groupByRecord<Row>(rows: readonly Row[], recordOf: (row: Row, index: number) => string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  rows.forEach((row, i) => {
    const record = recordOf(row, i);
    let group = groups.get(record);
    if (!group) groups.set(record, (group = []));
    group.push(row);
  });
  return groups;
}

/**
 * Records in batches of at most `size` whole records (`false`: one batch),
 * each batch's data built from its records: where every batched import,
 * the client's and write-back's, is cut.
 */
export function recordBatches<D>(
  records: readonly string[],
  size: number | false,
  build: (records: string[]) => D,
): ImportBatch<D>[] {
  const slices = size === false ? [[...records]] : chunk(records, size);
  return slices.map((ids) => ({ records: ids, data: build(ids) }));
}

function batchesOf<Row, D>(groups: Map<string, Row[]>, size: number, build: (rows: Row[]) => D): ImportBatch<D>[] {
  return recordBatches([...groups.keys()], size, (records) => build(records.flatMap((r) => groups.get(r) ?? [])));
}

/** Rows (objects) in batches of `size` records, keyed by `idField`. */
export function splitRowsByRecord<Row extends object>(
  rows: readonly Row[],
  idField: string,
  size: number,
  method: string,
): ImportBatch<Row[]>[] {
  const groups = groupByRecord(rows, (row, i) => {
    const value = (row as Record<string, unknown>)[idField];
    if (value === undefined || value === null || value === '') {
      throw new RedcapUsageError(
        `${method}: row ${i + 1} has no value for the record id field "${idField}"; every row needs one.`,
        { method },
      );
    }
    return String(value);
  });
  return batchesOf(groups, size, (r) => r);
}

/**
 * CSV text in batches of `size` records, each with the header. The record
 * is the `idField` column, or the first column when there is none (REDCap
 * reads the first column as the record).
 */
export function splitCsvByRecord(
  text: string,
  delimiter: string,
  idField: string,
  size: number,
  method: string,
): ImportBatch<string>[] {
  const rows = parseCsvRows(text, delimiter);
  if (rows.length === 0) return [];
  const [header, ...body] = rows;
  // -1 (no such column) becomes 0.
  const column = Math.max(header.indexOf(idField), 0);
  const filled = body.filter((cells) => !(cells.length === 1 && cells[0] === ''));
  const groups = groupByRecord(filled, (cells, i) => {
    const value = cells[column] ?? '';
    if (value === '')
      throw new RedcapUsageError(`${method}: CSV row ${i + 2} has no value in the record column "${header[column]}".`, {
        method,
      });
    return value;
  });
  const head = csvLine(header, delimiter);
  return batchesOf(groups, size, (r) => head + r.map((cells) => csvLine(cells, delimiter)).join(''));
}

export interface BatchedImport<D, R, P = D> {
  method: string;
  plan: BatchPlan;
  batches: ImportBatch<D>[];
  /**
   * Makes a batch's request data (its CSV text, say). The next batch's is
   * made while the server works on the one sent, so that the server does
   * not wait for it between two batches.
   */
  prepare?(data: D): P;
  send(data: P): Promise<R>;
}

/** Sends the batches; the answers in batch order, or a RedcapBatchError. */
export async function batchedImport<D, R, P = D>(job: BatchedImport<D, R, P>): Promise<R[]> {
  const { plan, batches } = job;
  const totalRecords = batches.reduce((n, b) => n + b.records.length, 0);
  let done = 0;
  let records = 0;
  const prepare = (i: number): P => (job.prepare ? job.prepare(batches[i].data) : (batches[i].data as unknown as P));
  // Batches made ahead, and those already sent (never made ahead again).
  const ahead = new Map<number, P>();
  const taken = new Set<number>();
  const settled = await runLimited(batches.length, plan.concurrency, async (i) => {
    taken.add(i);
    const data = ahead.get(i) ?? prepare(i);
    ahead.delete(i);
    const sent = job.send(data);
    // Once the request is on its way (a turn of the event loop later), the next batch is made.
    if (job.prepare && i + 1 < batches.length)
      setImmediate(() => {
        if (!taken.has(i + 1) && !ahead.has(i + 1)) ahead.set(i + 1, prepare(i + 1));
      });
    const answer = await sent;
    done += 1;
    records += batches[i].records.length;
    plan.progress({ phase: 'import', done, total: batches.length, records, totalRecords });
    return answer;
  });
  if (settled.every((s) => s.status === 'fulfilled')) {
    return settled.map((s) => (s as { value: R }).value);
  }
  const outcomes: BatchOutcome[] = settled.map((s, i) => {
    const base = { batch: i + 1, records: batches[i].records };
    if (s.status === 'fulfilled') return { ...base, status: 'landed' };
    if (s.status === 'skipped') return { ...base, status: 'not sent' };
    const reason = s.reason;
    const error = isRedcapError(reason)
      ? reason
      : new RedcapError(`${job.method}: ${(reason as Error)?.message ?? String(reason)}`, { method: job.method });
    return { ...base, status: 'failed', error };
  });
  throw new RedcapBatchError({ method: job.method }, outcomes);
}
