/**
 * Test support: a Project wired to an undici MockAgent standing in for
 * REDCap's HTTP answers (never the network), recording what was sent.
 */
import { MockAgent, type Interceptable } from 'undici';
import { Project } from '../../src/api/project.js';
import type { ProjectOptions } from '../../src/api/options.js';

export const TOKEN = '0123456789ABCDEF0123456789ABCDEF';
export const SUPER_TOKEN = 'FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210';
export const ORIGIN = 'https://redcap.test';
export const API_URL = `${ORIGIN}/api/`;

/** One request as REDCap would receive it. */
export interface SeenRequest {
  /** Form fields (last value wins), from a urlencoded or a multipart body (its file part left out). */
  params: Record<string, string>;
  /** Form fields in order, repeated names kept. */
  entries: [string, string][];
  /** The raw body as text. */
  body: string;
  headers: Record<string, string>;
}

export interface Reply {
  status?: number;
  /** Text, bytes, JSON (objects/arrays are serialised), or a function answering later. */
  body?: string | Uint8Array | object | (() => Promise<string>);
  headers?: Record<string, string>;
}

export type Handler = (req: SeenRequest, index: number) => Reply;

function headerMap(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (let i = 0; i < raw.length; i += 2) out[String(raw[i]).toLowerCase()] = String(raw[i + 1]);
  } else if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k.toLowerCase()] = String(v);
  }
  return out;
}

export function seen(opts: { body?: unknown; headers?: unknown }): SeenRequest {
  const raw = opts.body;
  const body =
    typeof raw === 'string' ? raw : raw instanceof Uint8Array ? Buffer.from(raw).toString('latin1') : String(raw ?? '');
  const headers = headerMap(opts.headers);
  const type = headers['content-type'] ?? '';
  const entries: [string, string][] = type.startsWith('application/x-www-form-urlencoded')
    ? [...new URLSearchParams(body).entries()]
    : type.startsWith('multipart/form-data')
      ? multipartFields(body, type)
      : [];
  return { params: Object.fromEntries(entries), entries, body, headers };
}

/** The fields of a multipart body read as latin1 text (values decoded as UTF-8), file parts left out. */
function multipartFields(body: string, type: string): [string, string][] {
  const boundary = /boundary=(.+)$/.exec(type)?.[1] ?? '';
  const fields: [string, string][] = [];
  for (const part of body.split(`--${boundary}`).slice(1, -1)) {
    const end = part.indexOf('\r\n\r\n');
    const head = part.slice(0, end);
    const name = /name="([^"]*)"/.exec(head)?.[1];
    if (name === undefined || /filename=/.test(head)) continue;
    fields.push([name, Buffer.from(part.slice(end + 4, -2), 'latin1').toString('utf8')]);
  }
  return fields;
}

/** Values of an indexed array parameter (`records[0]`, `records[1]`, …) in order. */
export function arrayParam(req: SeenRequest, name: string): string[] {
  return req.entries.filter(([k]) => k.startsWith(`${name}[`)).map(([, v]) => v);
}

export interface MockRedcap {
  agent: MockAgent;
  pool: Interceptable;
  project: Project;
  requests: SeenRequest[];
  /** Answers every later request with the handler. */
  handle(handler: Handler): void;
  /** Answers the next request with this reply only. */
  once(reply: Reply): void;
  /** Fails the next request with a network-level error. */
  failOnce(error: Error): void;
  close(): Promise<void>;
}

function serialise(body: Reply['body']): string | Buffer | ((opts: unknown) => Promise<string>) {
  if (body === undefined) return '';
  if (typeof body === 'string') return body;
  if (typeof body === 'function') return () => body();
  if (body instanceof Uint8Array) return Buffer.from(body);
  return JSON.stringify(body);
}

export function mockRedcap(options: ProjectOptions = {}): MockRedcap {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(ORIGIN);
  const requests: SeenRequest[] = [];
  const reply = (handler: Handler) => (opts: { body?: unknown; headers?: unknown }) => {
    const req = seen(opts);
    requests.push(req);
    const r = handler(req, requests.length - 1);
    return {
      statusCode: r.status ?? 200,
      data: serialise(r.body) as string,
      responseOptions: { headers: r.headers ?? { 'content-type': 'application/json' } },
    };
  };
  const project = new Project(ORIGIN, TOKEN, { dispatcher: agent, backoff: () => 0, ...options });
  return {
    agent,
    pool,
    project,
    requests,
    handle: (handler) => {
      pool.intercept({ path: '/api/', method: 'POST' }).reply(reply(handler)).persist();
    },
    once: (r) => {
      pool.intercept({ path: '/api/', method: 'POST' }).reply(reply(() => r));
    },
    failOnce: (error) => {
      pool.intercept({ path: '/api/', method: 'POST' }).replyWithError(error);
    },
    close: () => agent.close(),
  };
}

/** Everything an error shows: message, stack, causes, String(), JSON and util.inspect. */
export async function everythingShown(error: unknown): Promise<string> {
  const { inspect } = await import('node:util');
  const parts: string[] = [String(error), JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })];
  let e: unknown = error;
  for (let depth = 0; e && depth < 10; depth++) {
    const err = e as Error;
    parts.push(String(err.message), String(err.stack), JSON.stringify(err));
    e = err.cause;
  }
  return parts.join('\n');
}
