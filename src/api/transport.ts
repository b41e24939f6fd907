/**
 * One REDCap call: `POST <base>/api/` with a form body (multipart when a
 * file goes along), a time limit covering headers and body, retries for
 * calls that only read, and every answer classified before it is used:
 * REDCap errors, non-REDCap bodies, network failures and timeouts each
 * become their own error class. The token lives only here, in a private
 * field, and only ever goes into request bodies.
 */
import { Pacer } from './pacer.js';
import { Agent, request, type Dispatcher } from 'undici';
import {
  bodyExcerpt,
  looksLikeHtml,
  mayNotBeTheAnswer,
  notTheApi,
  parseValueErrors,
  redcapErrorMessage,
  retryAfterMs,
  trailingRedcapError,
} from './classify.js';
import {
  RedcapApiError,
  type RedcapError,
  RedcapHttpError,
  RedcapNetworkError,
  RedcapTimeoutError,
  RedcapUrlError,
  isRedcapError,
  type RequestContext,
} from './errors.js';
import { multipartBody, type FilePart } from './multipart.js';
import { formBody, type Params } from './params.js';
import { Redactor, displayUrl } from './redact.js';
import { shouldRetry, sleep, type RetryPolicy } from './retry.js';
import type { Format } from './types/common.js';

/** What one call sends. */
export interface CallSpec {
  /** The client method, for messages (`exportRecords`). */
  method: string;
  content: string;
  action?: string;
  /** Changes data: not retried unless the user opted in. */
  write?: boolean;
  /** Sent as `format`; errors always come back as JSON (`returnFormat=json`). */
  format?: Format;
  params?: Params;
  /** Sent as multipart with a part named `file`. */
  file?: FilePart;
  /** A successful answer is a file's bytes (file, PDF and repository exports). */
  expectFile?: boolean;
  /** A successful answer ends with what is wanted and may follow other output (project creation). */
  trailingAnswer?: boolean;
  /** Spaces this request from the others of a batched export (each attempt waits its turn). */
  pacer?: Pacer;
}

/** A classified, successful answer. */
export interface Answer {
  status: number;
  headers: Readonly<Record<string, string>>;
  bytes: Uint8Array;
  /** The body as UTF-8 text. */
  readonly text: string;
  context: RequestContext;
  /** Removes the token from text taken from the body before it goes into an error. */
  redact(text: string): string;
}

export interface TransportSettings {
  /** The normalised API URL. */
  url: string;
  token: string;
  /** Milliseconds for one attempt, headers and body together; 0 for none. */
  timeoutMs: number;
  retry: RetryPolicy;
  /** The user's undici dispatcher (proxy, TLS); a pooled keep-alive Agent otherwise. */
  dispatcher?: Dispatcher;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
// Failures before anything was sent: a write cannot have landed.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_MOCK_ERR_MOCK_NOT_MATCHED',
]);
/** How much of an answer's start tells whether it may be an error or a page. */
const HEAD_BYTES = 1024;
const decodeUtf8 = (bytes: Uint8Array): string => new TextDecoder('utf-8').decode(bytes);
const PASSIVE_TYPES = /^(?:text\/html|application\/json|text\/plain|text\/xml|application\/xml)\b/i;

function headerRecord(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Values longer than this (an import's `data`) go as multipart/form-data,
 * sent as they are instead of percent-encoded: for a batch of 1,000
 * records × 130 fields that saves encoding a third more bytes here and
 * decoding them on the server. REDCap reads its parameters from either
 * body, as PHP fills `$_POST` from both: REDCapR's playgrounds read
 * records with `RCurl::postForm`, whose default style is multipart, and
 * PyCap sends every parameter of a file import as a multipart field.
 */
const LONG_VALUE = 64 * 1024;

const holdsLongValue = (params: Params): boolean =>
  Object.values(params).some((v) => typeof v === 'string' && v.length > LONG_VALUE);

export class Transport {
  readonly url: string;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  #token: string;
  readonly #redactor: Redactor;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;

  constructor(settings: TransportSettings) {
    this.url = settings.url;
    this.timeoutMs = settings.timeoutMs;
    this.retry = settings.retry;
    this.#token = settings.token;
    this.#redactor = new Redactor([settings.token]);
    this.#ownsDispatcher = !settings.dispatcher;
    this.#dispatcher = settings.dispatcher ?? new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });
  }

  /** Removes the token from text that may be shown. */
  redact(text: string): string {
    return this.#redactor.text(text);
  }

  /** The token, for the rare caller that must hand it over (Project.create). */
  revealToken(): string {
    return this.#token;
  }

  context(spec: Pick<CallSpec, 'method' | 'content' | 'action'>): RequestContext {
    return { method: spec.method, content: spec.content, action: spec.action, url: displayUrl(this.url) };
  }

  /** Sends a call, retrying transient failures of reads (and of writes when opted in). */
  async call(spec: CallSpec): Promise<Answer> {
    for (let retriesDone = 0; ; retriesDone++) {
      try {
        return await this.attempt(spec);
      } catch (thrown) {
        if (!isRedcapError(thrown)) throw thrown; // a bug, not a failure of REDCap's
        const error = thrown;
        error.attempts = retriesDone + 1;
        if (!shouldRetry(this.retry, error, spec.write ?? false, retriesDone)) {
          if (retriesDone > 0) error.message += ` (gave up after ${retriesDone + 1} attempts)`;
          throw error;
        }
        await sleep(this.retry.backoff(retriesDone + 1, error));
      }
    }
  }

  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  private body(spec: CallSpec): { body: string | Uint8Array; contentType: string } {
    const params: Params = {
      // The project's token always; a parameter named token cannot replace it.
      token: this.#token,
      content: spec.content,
      action: spec.action,
      format: spec.format,
      returnFormat: 'json',
      ...spec.params,
    };
    if (spec.params && 'token' in spec.params) (params as Record<string, unknown>).token = this.#token;
    if (spec.file || holdsLongValue(params)) return multipartBody(params, spec.file);
    return { body: formBody(params), contentType: 'application/x-www-form-urlencoded' };
  }

  private async attempt(spec: CallSpec): Promise<Answer> {
    const { body, contentType } = this.body(spec);
    const controller = new AbortController();
    let timedOut = false;
    const timer =
      this.timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, this.timeoutMs)
        : undefined;
    let status: number;
    let headers: Record<string, string>;
    let bytes: Uint8Array;
    try {
      const res = await Pacer.sendWhenAllowed(spec.pacer, () =>
        request(this.url, {
          method: 'POST',
          body,
          headers: { 'content-type': contentType, accept: 'application/json, text/csv, application/xml, */*' },
          dispatcher: this.#dispatcher,
          signal: controller.signal,
          // undici's own limits follow ours; 0 turns them off (its default would be 300 s).
          headersTimeout: this.timeoutMs,
          bodyTimeout: this.timeoutMs,
        }),
      );
      status = res.statusCode;
      headers = headerRecord(res.headers);
      bytes = new Uint8Array(await res.body.arrayBuffer());
    } catch (thrown) {
      throw this.failure(thrown, spec, timedOut);
    } finally {
      if (timer) clearTimeout(timer);
    }
    return this.classify(spec, status, headers, bytes);
  }

  private classify(spec: CallSpec, status: number, headers: Record<string, string>, bytes: Uint8Array): Answer {
    const context = this.context(spec);
    let text: string | undefined;
    const answer: Answer = {
      status,
      headers,
      bytes,
      get text() {
        return (text ??= decodeUtf8(bytes));
      },
      context,
      redact: (value) => this.redact(value),
    };
    const contentType = headers['content-type'] ?? '';
    const ok = status >= 200 && status < 300;
    if (spec.expectFile && ok && (/;\s*name=/i.test(contentType) || !PASSIVE_TYPES.test(contentType))) return answer;
    const method = spec.method;
    const wait = retryAfterMs(headers['retry-after']);
    if (status >= 300 && status < 400) {
      const location = headers.location ? displayUrl(headers.location) : 'another address';
      throw new RedcapHttpError(
        `${method}: REDCap answered with a redirect (HTTP ${status}) to ${this.redact(location)}; use that address as the project URL.`,
        { status, excerpt: '', contentType },
        context,
      );
    }
    // A long answer is decoded whole only when its start says it may not be the answer asked for.
    if (ok && bytes.length > HEAD_BYTES && !mayNotBeTheAnswer(decodeUtf8(bytes.subarray(0, HEAD_BYTES)))) return answer;
    const body = answer.text;
    const apiMessage = redcapErrorMessage(body);
    if (apiMessage !== undefined) {
      const message = this.redact(apiMessage);
      throw new RedcapApiError(status, message, context, parseValueErrors(message), wait);
    }
    if (!(spec.trailingAnswer && ok) && notTheApi(status, body))
      throw this.wrongUrl(method, status, body, contentType, context);
    if (looksLikeHtml(body) && !(spec.trailingAnswer && ok)) {
      const tail = trailingRedcapError(body);
      const excerpt = this.redact(bodyExcerpt(body));
      const what =
        tail !== undefined
          ? `PHP error output followed by the REDCap error "${this.redact(tail)}"`
          : `an HTML page or PHP error instead of an API answer: "${excerpt}"`;
      throw new RedcapHttpError(
        `${method}: REDCap answered HTTP ${status} with ${what}`,
        {
          status,
          excerpt,
          contentType,
          redcapMessage: tail === undefined ? undefined : this.redact(tail),
          retryAfterMs: wait,
        },
        context,
      );
    }
    if (!ok) {
      const excerpt = this.redact(bodyExcerpt(body));
      throw new RedcapHttpError(
        `${method}: REDCap answered HTTP ${status} without a REDCap error message${excerpt ? `: "${excerpt}"` : ' (empty body)'}`,
        { status, excerpt, contentType, retryAfterMs: wait },
        context,
      );
    }
    return answer;
  }

  /** The URL answered as a web server or web page, not as REDCap's API: say what the API URL looks like. */
  private wrongUrl(
    method: string,
    status: number,
    body: string,
    contentType: string,
    context: RequestContext,
  ): RedcapUrlError {
    const excerpt = this.redact(bodyExcerpt(body));
    const what = looksLikeHtml(body)
      ? `an HTML page${excerpt ? ` ("${excerpt}")` : ''}`
      : `no REDCap answer${excerpt ? ` ("${excerpt}")` : ' (empty body)'}`;
    const advice =
      "The API URL is the REDCap server's address followed by /api/ (e.g. https://redcap.example.org/api/ or https://example.org/redcap/api/), as the project's API page shows it.";
    return new RedcapUrlError(
      `${method}: ${context.url} answered HTTP ${status} with ${what}: it is not a REDCap API URL. ${advice}`,
      { status, excerpt, contentType },
      context,
      advice,
    );
  }

  /** A thrown network-level failure as a token-free RedcapNetworkError or RedcapTimeoutError. */
  private failure(thrown: unknown, spec: CallSpec, timedOut: boolean): RedcapError {
    if (isRedcapError(thrown)) return thrown;
    const cause = this.#redactor.error(thrown);
    const code = (thrown as { code?: unknown } | undefined)?.code;
    const codeText = typeof code === 'string' ? code : undefined;
    const context = this.context(spec);
    const where = `REDCap at ${context.url}`;
    const unsure =
      spec.write && !(codeText && NOT_SENT_CODES.has(codeText))
        ? ' It is not known whether REDCap applied the request: check before sending it again.'
        : '';
    if (timedOut || (codeText && TIMEOUT_CODES.has(codeText))) {
      return new RedcapTimeoutError(
        `${spec.method}: ${where} sent no complete answer within ${duration(this.timeoutMs)}.${unsure}`,
        this.timeoutMs,
        context,
        cause,
      );
    }
    const detail = cause?.message ? `: ${cause.message}` : '';
    return new RedcapNetworkError(
      `${spec.method}: no answer from ${where}${detail}${codeText ? ` (${codeText})` : ''}.${unsure}`,
      context,
      cause,
      codeText,
    );
  }
}
