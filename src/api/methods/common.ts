/**
 * The shapes most methods share: export rows in a format, import data and
 * get a count back, delete by a list and get a count back.
 */
import type { ApiContext } from '../context.js';
import { RedcapUsageError } from '../errors.js';
import type { Params } from '../params.js';
import { readCount, readRows } from '../response.js';
import type { Format, Formatted, ImportData } from '../types/common.js';

export interface Endpoint {
  method: string;
  content: string;
  /** Sent as `action`; `export`/`import` when not given, none when null. */
  action?: string | null;
}

function action(endpoint: Endpoint, fallback: string): string | undefined {
  return endpoint.action === null ? undefined : (endpoint.action ?? fallback);
}

/** An export answering rows: parsed for json, text for csv/xml. */
export async function exportRows<T, F extends Format>(
  ctx: ApiContext,
  endpoint: Endpoint,
  format: F | undefined,
  params: Params = {},
): Promise<Formatted<F, T[]>> {
  const f = (format ?? 'json') as F;
  const answer = await ctx.transport.call({ ...endpoint, action: action(endpoint, 'export'), format: f, params });
  return readRows<T, F>(answer, f);
}

/** `data` as sent: rows as JSON, text as it is in its format (csv unless said). */
export function importPayload<Row>(
  data: ImportData<Row>,
  format: Format | undefined,
): { format: Format; data: string } {
  if (typeof data === 'string') return { format: format ?? 'csv', data };
  return { format: 'json', data: JSON.stringify(data) };
}

/** An import answering a count. */
export async function importRows<Row>(
  ctx: ApiContext,
  endpoint: Endpoint,
  data: ImportData<Row>,
  format: Format | undefined,
  params: Params = {},
): Promise<number> {
  const payload = importPayload(data, format);
  const answer = await ctx.transport.call({
    ...endpoint,
    action: action(endpoint, 'import'),
    write: true,
    format: payload.format,
    params: { ...params, data: payload.data },
  });
  return readCount(answer);
}

/** A delete of named things answering a count; an empty list sends nothing. */
export async function deleteNamed(
  ctx: ApiContext,
  endpoint: Endpoint,
  param: string,
  names: readonly (string | number)[],
  params: Params = {},
): Promise<number> {
  if (!Array.isArray(names))
    throw new RedcapUsageError(`${endpoint.method}: pass a list of names to delete.`, { method: endpoint.method });
  if (names.length === 0) return 0;
  const answer = await ctx.transport.call({
    ...endpoint,
    action: 'delete',
    write: true,
    format: 'json',
    params: { ...params, [param]: names.map(String) },
  });
  return readCount(answer);
}
