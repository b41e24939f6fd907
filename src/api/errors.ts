/**
 * What can go wrong when talking to REDCap, as a small class hierarchy:
 *
 * - `RedcapError`: the base of all.
 *   - `RedcapApiError`: REDCap understood the request and said no.
 *   - `RedcapHttpError`: the answer is not a REDCap answer (an HTML error
 *     page, a PHP fatal error, a body cut short or unparseable).
 *     - `RedcapUrlError`: the URL is not REDCap's API at all (404, 405,
 *       501, a web page): the message says what the API URL looks like.
 *   - `RedcapNetworkError`: no answer (connection refused, reset, closed).
 *   - `RedcapTimeoutError`: no complete answer in time.
 *   - `RedcapUsageError`: the call itself is wrong (bad URL, token shape, option).
 *   - `RedcapBatchError`: a batched import stopped part-way; says what landed.
 *   - `ImportValidationError` (write/problems.ts): a frame failed validation
 *     before anything was sent; lists every problem.
 *
 * No error holds a token: messages and causes are built from redacted text.
 * The guards below work across copies of this module (notebooks may load
 * it twice), because they check a brand rather than the class identity.
 */

const BRAND = Symbol.for('redcap-frames.RedcapError');

export type RedcapErrorKind = 'api' | 'http' | 'network' | 'timeout' | 'usage' | 'batch' | 'validation' | 'other';

/** Which call failed. */
export interface RequestContext {
  /** The client method, e.g. `exportRecords`. */
  method?: string;
  /** REDCap's `content` parameter. */
  content?: string;
  /** REDCap's `action` parameter. */
  action?: string;
  /** The API URL (without credentials). */
  url?: string;
}

export class RedcapError extends Error {
  readonly kind: RedcapErrorKind = 'other';
  readonly method?: string;
  readonly content?: string;
  readonly action?: string;
  readonly url?: string;
  /** Requests sent before giving up (1 when not retried). */
  attempts?: number;

  constructor(message: string, context: RequestContext = {}, cause?: Error) {
    super(message, cause ? { cause } : undefined);
    Object.defineProperty(this, BRAND, { value: true });
    this.name = new.target.name;
    if (context.method !== undefined) this.method = context.method;
    if (context.content !== undefined) this.content = context.content;
    if (context.action !== undefined) this.action = context.action;
    if (context.url !== undefined) this.url = context.url;
  }
}

/** One value REDCap refused in an import, parsed from its error text. */
export interface ImportValueError {
  record: string;
  field: string;
  value: string;
  message: string;
}

/** REDCap said no: a REDCap error body (`{"error": …}`), at any HTTP status. */
export class RedcapApiError extends RedcapError {
  override readonly kind = 'api';
  /** The HTTP status (REDCap sometimes says no with 200). */
  readonly status: number;
  /** REDCap's message, word for word (tokens removed). */
  readonly redcapMessage: string;
  /** For import validation failures: each refused value. */
  readonly valueErrors: ImportValueError[];
  /** Milliseconds the server asked to wait (`Retry-After`), if it did. */
  readonly retryAfterMs?: number;

  constructor(
    status: number,
    redcapMessage: string,
    context: RequestContext,
    valueErrors: ImportValueError[] = [],
    retryAfterMs?: number,
  ) {
    super(`${context.method ?? 'REDCap API'}: REDCap refused the request (HTTP ${status}): ${redcapMessage}`, context);
    this.status = status;
    this.redcapMessage = redcapMessage;
    this.valueErrors = valueErrors;
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
  }
}

/** An answer that is not a REDCap answer: HTML error pages, PHP errors, truncated or unparseable bodies. */
export class RedcapHttpError extends RedcapError {
  override readonly kind = 'http';
  readonly status: number;
  /** A short, redacted excerpt of the body. */
  readonly excerpt: string;
  readonly contentType?: string;
  /** A REDCap message found after PHP error output, if any. */
  readonly redcapMessage?: string;
  readonly retryAfterMs?: number;

  constructor(
    message: string,
    details: { status: number; excerpt: string; contentType?: string; redcapMessage?: string; retryAfterMs?: number },
    context: RequestContext,
  ) {
    super(message, context);
    this.status = details.status;
    this.excerpt = details.excerpt;
    if (details.contentType !== undefined) this.contentType = details.contentType;
    if (details.redcapMessage !== undefined) this.redcapMessage = details.redcapMessage;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }
}

const URL_BRAND = Symbol.for('redcap-frames.RedcapUrlError');

/**
 * The address answered, but not as REDCap's API: a wrong path gets 404 or
 * 405, Apache's 501 "Method Not Implemented", or a web page with status
 * 200. An `RedcapHttpError` too (kind `http`), never retried.
 */
export class RedcapUrlError extends RedcapHttpError {
  /** What to change, e.g. that the API URL ends in `/api/`. */
  readonly advice: string;

  constructor(
    message: string,
    details: { status: number; excerpt: string; contentType?: string },
    context: RequestContext,
    advice: string,
  ) {
    super(message, details, context);
    Object.defineProperty(this, URL_BRAND, { value: true });
    this.advice = advice;
  }
}

/** No answer: the connection failed, was refused, reset or closed early. */
export class RedcapNetworkError extends RedcapError {
  override readonly kind = 'network';
  /** The system or undici error code, e.g. `ECONNREFUSED`, `UND_ERR_SOCKET`. */
  readonly code?: string;

  constructor(message: string, context: RequestContext, cause?: Error, code?: string) {
    super(message, context, cause);
    if (code !== undefined) this.code = code;
  }
}

/** No complete answer within the time allowed. */
export class RedcapTimeoutError extends RedcapError {
  override readonly kind = 'timeout';
  readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number, context: RequestContext, cause?: Error) {
    super(message, context, cause);
    this.timeoutMs = timeoutMs;
  }
}

/** The call is wrong before anything is sent: URL, token shape, options. */
export class RedcapUsageError extends RedcapError {
  override readonly kind = 'usage';
}

/** What happened to one batch of a batched import. */
export interface BatchOutcome {
  /** 1-based, in the order sent. */
  batch: number;
  records: string[];
  status: 'landed' | 'failed' | 'not sent';
  error?: RedcapError;
}

/**
 * A batched import stopped: some batches landed (they are saved), one or
 * more failed, the rest were not sent. `cause` is the first failure.
 */
export class RedcapBatchError extends RedcapError {
  override readonly kind = 'batch';
  readonly batches: BatchOutcome[];

  constructor(context: RequestContext, batches: BatchOutcome[]) {
    const failed = batches.filter((b) => b.status === 'failed');
    const first = failed[0]?.error;
    super(describeBatches(context.method ?? 'import', batches), context, first);
    this.batches = batches;
  }

  get landed(): BatchOutcome[] {
    return this.batches.filter((b) => b.status === 'landed');
  }

  get failed(): BatchOutcome[] {
    return this.batches.filter((b) => b.status === 'failed');
  }

  get notSent(): BatchOutcome[] {
    return this.batches.filter((b) => b.status === 'not sent');
  }

  /** Records saved by the landed batches. */
  get landedRecords(): string[] {
    return this.landed.flatMap((b) => b.records);
  }

  /** Records in failed or unsent batches: what still has to be imported. */
  get pendingRecords(): string[] {
    return this.batches.filter((b) => b.status !== 'landed').flatMap((b) => b.records);
  }
}

function span(records: readonly string[]): string {
  if (records.length === 0) return 'no records';
  if (records.length === 1) return `record "${records[0]}"`;
  return `${records.length} records "${records[0]}"…"${records[records.length - 1]}"`;
}

function list(outcomes: readonly BatchOutcome[]): string {
  return outcomes.map((b) => `${b.batch} (${span(b.records)})`).join(', ');
}

function describeBatches(method: string, batches: readonly BatchOutcome[]): string {
  const landed = batches.filter((b) => b.status === 'landed');
  const failed = batches.filter((b) => b.status === 'failed');
  const notSent = batches.filter((b) => b.status === 'not sent');
  const parts = [`${method}: ${failed.length} of ${batches.length} batches failed: ${list(failed)}.`];
  const reason = failed[0]?.error;
  if (reason) parts.push(`First failure: ${reason.message}`);
  parts.push(landed.length ? `Landed (saved): batches ${list(landed)}.` : 'No batch landed.');
  if (notSent.length) parts.push(`Not sent: batches ${list(notSent)}.`);
  return parts.join(' ');
}

function hasKind(value: unknown, kind?: RedcapErrorKind): boolean {
  if (typeof value !== 'object' || value === null || !(BRAND in value)) return false;
  return kind === undefined || (value as unknown as RedcapError).kind === kind;
}

export function isRedcapError(value: unknown): value is RedcapError {
  return hasKind(value);
}
export function isRedcapApiError(value: unknown): value is RedcapApiError {
  return hasKind(value, 'api');
}
export function isRedcapHttpError(value: unknown): value is RedcapHttpError {
  return hasKind(value, 'http');
}
export function isRedcapUrlError(value: unknown): value is RedcapUrlError {
  return hasKind(value, 'http') && URL_BRAND in (value as object);
}
export function isRedcapNetworkError(value: unknown): value is RedcapNetworkError {
  return hasKind(value, 'network');
}
export function isRedcapTimeoutError(value: unknown): value is RedcapTimeoutError {
  return hasKind(value, 'timeout');
}
export function isRedcapUsageError(value: unknown): value is RedcapUsageError {
  return hasKind(value, 'usage');
}
export function isRedcapBatchError(value: unknown): value is RedcapBatchError {
  return hasKind(value, 'batch');
}
