/**
 * A misbehaving REDCap in front of the real embedded server: a loopback
 * node:http server that forwards each API call, or answers it badly, as
 * a plan decides per request (drop the connection, stall, cut the body
 * short, answer an HTML 500 or a 200 with a REDCap error, lose the answer
 * of a call that was applied). Every call that reached the real server is
 * recorded, so tests can tell what landed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | 'pass'
  /** Close the connection before the call reaches REDCap (nothing applied). */
  | 'drop'
  /** Forward the call (it is applied), then close the connection without an answer. */
  | 'drop-after'
  /** Forward, then send the headers with the full length and only part of the body, and close. */
  | 'truncate'
  /** Never answer (nothing forwarded). */
  | 'stall'
  /** Forward, send the headers and part of the body, then never send the rest. */
  | 'stall-body'
  /** An Apache/PHP error page, HTTP 500 (nothing forwarded); it echoes the request as some do. */
  | 'html-500'
  /** HTTP 200 with a REDCap error body (nothing forwarded). */
  | 'error-200'
  /** HTTP 502 from a gateway (nothing forwarded). */
  | 'bad-gateway'
  /**
   * Forward, then answer a complete HTTP response whose body stops at a line
   * break part-way, as PHP does when a script hits its time limit with error
   * display off: the connection ends cleanly, the body is just shorter.
   */
  | 'cut-at-line';

export interface SeenCall {
  /** 1-based order of arrival. */
  n: number;
  params: URLSearchParams;
  fault: Fault;
  /** The call reached the real server. */
  forwarded: boolean;
}

export type FaultPlan = (call: { n: number; params: URLSearchParams }) => Fault;

export class FaultProxy {
  readonly calls: SeenCall[] = [];
  plan: FaultPlan = () => 'pass';
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly target: string,
  ) {}

  static async start(target: string): Promise<FaultProxy> {
    let proxy: FaultProxy | undefined;
    const server = createServer((req, res) => void proxy!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    proxy = new FaultProxy(server, `http://127.0.0.1:${port}/api/`, target);
    server.on('connection', (s) => {
      proxy!.sockets.add(s);
      s.on('close', () => proxy!.sockets.delete(s));
    });
    return proxy;
  }

  /** Calls of a content/action that reached the real server. */
  forwarded(content: string, action = 'export'): SeenCall[] {
    return this.calls.filter(
      (c) => c.forwarded && c.params.get('content') === content && (c.params.get('action') ?? 'export') === action,
    );
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const params = new URLSearchParams(
      String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded') ? body.toString('utf8') : '',
    );
    const n = this.calls.length + 1;
    const fault = this.plan({ n, params });
    const seen: SeenCall = { n, params, fault, forwarded: false };
    this.calls.push(seen);
    switch (fault) {
      case 'drop':
        req.socket.destroy();
        return;
      case 'stall':
        return;
      case 'html-500':
        res.writeHead(500, { 'content-type': 'text/html; charset=UTF-8' });
        res.end(
          `<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1><p>Request: ${body.toString('utf8').slice(0, 300)}</p></body></html>`,
        );
        return;
      case 'error-200':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'The server is busy: try again later (injected)' }));
        return;
      case 'bad-gateway':
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
        return;
      default:
        break;
    }
    const answer = await fetch(this.target, {
      method: 'POST',
      headers: { 'content-type': String(req.headers['content-type']) },
      body,
    });
    const bytes = Buffer.from(await answer.arrayBuffer());
    seen.forwarded = true;
    const headers = { 'content-type': answer.headers.get('content-type') ?? 'text/plain' };
    switch (fault) {
      case 'drop-after':
        req.socket.destroy();
        return;
      case 'truncate':
        res.writeHead(answer.status, { ...headers, 'content-length': String(bytes.length) });
        res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
        res.socket?.destroy();
        return;
      case 'cut-at-line': {
        const cut = bytes.lastIndexOf(10, Math.floor(bytes.length * 0.6));
        res.writeHead(answer.status, headers);
        res.end(bytes.subarray(0, cut + 1));
        return;
      }
      case 'stall-body':
        res.writeHead(answer.status, { ...headers, 'content-length': String(bytes.length) });
        res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
        return;
      default:
        res.writeHead(answer.status, headers);
        res.end(bytes);
    }
  }
}
