// Types of load-driver.js, for the TypeScript load test.
export interface LoadOp {
  kind: 'import' | 'delete';
  records: string[];
  version?: number;
  sent: number;
  acked: number;
  ok: boolean;
  absent?: boolean;
  error?: string;
  ms: number;
}
export interface LoadRead {
  kind: 'export';
  records: string[];
  sent: number;
  done: number;
  ok?: boolean;
  error?: string;
  rows: Record<string, string>[];
  ms: number;
}
export interface LoadRun {
  ops: LoadOp[];
  reads: LoadRead[];
  probes: number[];
  durationMs: number;
  pool: string[];
}
export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}
export interface LoadOptions {
  Project: new (url: string, token: string, options?: object) => unknown;
  url: string;
  token: string;
  clients?: number;
  durationMs?: number;
  records?: number;
  seed?: number;
  probeMs?: number;
  batchSize?: number | false;
}
export function loadProjectDefinition(title?: string): import('../src/server/project-definition.js').ProjectDefinition;
export function seededRandom(seed: number): () => number;
export function percentiles(values: readonly number[]): Percentiles;
export function tornRows(rows: readonly Record<string, string>[]): Record<string, string>[];
export function runLoad(options: LoadOptions): Promise<LoadRun>;
export function verifyLoad(
  run: LoadRun,
  finalRows: readonly Record<string, string>[],
): { torn: string[]; stale: string[]; lost: string[]; failed: string[] };
export function summarise(run: LoadRun): {
  seconds: number;
  operations: number;
  perSecond: number;
  imports: Percentiles;
  exports: Percentiles;
  deletes: Percentiles;
  probe: Percentiles;
  rowsRead: number;
  recordsWritten: number;
};
