import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isSuperToken, userByToken } from '../auth/api-user.js';
import type { ApiResponse, ServerInfo } from '../handlers/handler.js';
import { PROJECT_HANDLERS, SUPER_HANDLERS, KNOWN_CONTENTS } from '../handlers/registry.js';
import type { Db } from '../store/database.js';
import { writeLog } from '../store/log-store.js';
import { projectState } from '../store/project-state.js';
import { PROJECT_TOKEN, SUPER_TOKEN } from '../store/tokens.js';
import { ApiError, apiErrorOf } from './api-error.js';
import { CONTENT_TYPES, renderError, type Format } from './formats.js';
import type { ApiParams } from './params.js';
import { readParams } from './read-request.js';

export interface HttpOptions {
  /** Largest request body accepted, in bytes (default 256 MiB). */
  maxBodyBytes?: number;
  /** REDCap version reported by `content=version` (default 14.7.3). */
  version?: string;
  /** Called with one line per failed request (never holding a token). */
  onError?: (line: string) => void;
  /**
   * The server's address as users reach it (behind a proxy, or the URL a
   * test suite expects), e.g. `https://redcap.example.org/`. Survey links
   * are built from it; default: the loopback address it listens on.
   */
  publicUrl?: string;
}

const FORMATS = ['json', 'csv', 'xml'] as const;

/**
 * The action of a call that names none. REDCap imports when a `data`
 * parameter is present and exports otherwise; an explicit `action` wins.
 * Evidence: PyCap sends no `action` on any of its imports (records,
 * metadata, users, roles, DAGs, arms, events, mappings, repeating setup,
 * project settings: `redcap/methods/*.py` set `payload["action"]` only for
 * deletes, files, switch and the file repository) and its live-server
 * suites expect those imports to land and answer a count.
 */
function defaultAction(content: string, params: ApiParams): string {
  if (params.has('data')) return 'import';
  return content === 'fileRepository' ? 'list' : 'export';
}

/**
 * The REDCap API over HTTP: `POST /api/` with a urlencoded or multipart
 * body, dispatched by `content` and `action` to a handler, answered in
 * the requested format with REDCap's statuses and error shapes.
 */
export class ApiHttpServer {
  private readonly http: Server;
  private readonly info: ServerInfo;
  private readonly maxBody: number;
  private readonly onError: (line: string) => void;
  private readonly publicUrl: string | undefined;

  constructor(
    private readonly db: Db,
    opts: HttpOptions = {},
  ) {
    this.maxBody = opts.maxBodyBytes ?? 256 * 1024 * 1024;
    this.publicUrl = opts.publicUrl?.replace(/\/+$/, '');
    this.info = { version: opts.version ?? '14.7.3', baseUrl: this.publicUrl ?? '' };
    this.onError = opts.onError ?? (() => {});
    this.http = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.onError(`internal error: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent)
          send(res, {
            status: 500,
            contentType: CONTENT_TYPES.json,
            body: renderError('An unexpected error occurred on the server', 'json'),
          });
        else res.destroy();
      });
    });
    this.http.keepAliveTimeout = 30_000;
  }

  /** Starts listening; resolves with the API URL (`http://host:port/api/`). */
  listen(port = 8080, host = '127.0.0.1'): Promise<string> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        const addr = this.http.address() as AddressInfo;
        const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
        const local = `http://${shown}:${addr.port}`;
        this.info.baseUrl = this.publicUrl ?? local;
        resolve(`${local}/api/`);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '');
    if (path !== '/api') {
      req.resume();
      send(res, {
        status: 404,
        contentType: 'text/html; charset=utf-8',
        body: '<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>',
      });
      return;
    }
    if (req.method !== 'POST') {
      req.resume();
      send(res, {
        status: 501,
        contentType: CONTENT_TYPES.xml,
        body: renderError('The requested method is not implemented.', 'xml'),
      });
      return;
    }
    let errorFormat: Format = 'xml';
    try {
      const params = await readParams(req, this.maxBody);
      const format = pickFormat(params, 'format', 'xml');
      errorFormat = pickFormat(params, 'returnFormat', format);
      const response = await this.dispatch(params, format, errorFormat);
      send(res, response);
    } catch (err) {
      const refusal = apiErrorOf(err);
      if (refusal) {
        send(res, {
          status: refusal.status,
          contentType: CONTENT_TYPES[errorFormat],
          body: renderError(refusal.message, errorFormat),
        });
        return;
      }
      this.onError(`internal error: ${err instanceof Error ? err.message : String(err)}`);
      send(res, {
        status: 500,
        contentType: CONTENT_TYPES[errorFormat],
        body: renderError('An unexpected error occurred on the server', errorFormat),
      });
    }
  }

  private dispatch(params: ApiParams, format: Format, returnFormat: Format): ApiResponse | Promise<ApiResponse> {
    const token = params.text('token');
    const content = params.text('content');
    if (token === '') throw new ApiError(401, 'You do not have permissions to use the API');
    const upper = token.toUpperCase();
    if (!PROJECT_TOKEN.test(upper) && !SUPER_TOKEN.test(upper))
      throw new ApiError(401, 'You do not have permissions to use the API');
    if (!KNOWN_CONTENTS.has(content)) throw new ApiError(400, 'The value of the parameter "content" is not valid');
    const action = params.text('action') || defaultAction(content, params);

    if (SUPER_TOKEN.test(upper)) {
      const username = isSuperToken(this.db, upper);
      const handler = SUPER_HANDLERS[`${content}:${action}`];
      if (!username || !handler) throw new ApiError(403, 'You do not have permissions to use the API');
      return handler({ db: this.db, params, content, action, format, returnFormat, username, server: this.info });
    }
    const user = userByToken(this.db, upper);
    if (!user) throw new ApiError(403, 'You do not have permissions to use the API');
    const project = projectState(this.db, user.projectId);
    if (!project) throw new ApiError(403, 'You do not have permissions to use the API');
    const handler = PROJECT_HANDLERS[`${content}:${action}`];
    if (!handler) throw new ApiError(400, 'The value of the parameter "action" is not valid');
    return handler({
      db: this.db,
      params,
      content,
      action,
      format,
      returnFormat,
      project,
      user,
      server: this.info,
      log: (entry) =>
        writeLog(this.db, {
          ...entry,
          projectId: user.projectId,
          username: user.username,
          groupId: entry.groupId ?? user.groupId,
        }),
    });
  }
}

function pickFormat(params: ApiParams, key: string, fallback: Format): Format {
  const v = params.text(key).toLowerCase();
  return (FORMATS as readonly string[]).includes(v) ? (v as Format) : fallback;
}

function send(res: ServerResponse, r: ApiResponse): void {
  res.statusCode = r.status ?? 200;
  res.setHeader('Content-Type', r.contentType);
  for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v);
  if (typeof r.body === 'string' || Buffer.isBuffer(r.body)) {
    res.end(r.body);
    return;
  }
  // Chunked bodies (large exports): write with back-pressure.
  const it = r.body[Symbol.iterator]();
  const pump = (): void => {
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = it.next();
      } catch (err) {
        // Headers are gone: all that is left is to cut the answer short, which the client sees.
        res.destroy(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      if (next.done) {
        res.end();
        return;
      }
      if (!res.write(next.value)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  pump();
}
