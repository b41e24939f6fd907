/**
 * Keeps API tokens out of everything an error can show: messages, stacks,
 * `cause` chains, and text a server or undici echoed back (undici's mock
 * and some of its errors quote the request body, which holds the token).
 */

const REPLACEMENT = '[redacted]';

// `token=...` in a form body or URL, and `"token":"..."` in JSON, whatever the token.
const TOKEN_PARAM = /(\btoken=)[^&\s'"]*/gi;
const TOKEN_JSON = /("token"\s*:\s*")[^"]*(")/gi;
// Anything shaped like a REDCap token (32 or 64 upper-case hex characters), e.g. a new project's token.
const TOKEN_SHAPED = /(?<![0-9A-Za-z])[0-9A-F]{32}(?:[0-9A-F]{32})?(?![0-9A-Za-z])/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Removes known secrets (and anything sent as a `token` parameter) from text. */
export class Redactor {
  private readonly patterns: RegExp[];

  constructor(secrets: readonly string[]) {
    this.patterns = secrets
      .filter((s) => s.length >= 8)
      .flatMap((s) => [s, encodeURIComponent(s)])
      .map((s) => new RegExp(escapeRegExp(s), 'gi'));
  }

  text(value: string): string {
    let out = value
      .replace(TOKEN_PARAM, `$1${REPLACEMENT}`)
      .replace(TOKEN_JSON, `$1${REPLACEMENT}$2`)
      .replace(TOKEN_SHAPED, REPLACEMENT);
    for (const p of this.patterns) out = out.replace(p, REPLACEMENT);
    return out;
  }

  /**
   * A clean copy of an error to use as a `cause`: same name, message, code
   * and stack with secrets removed, and none of the original's other
   * properties (undici errors can carry request options, body included).
   */
  error(value: unknown, depth = 0): Error | undefined {
    if (value === undefined || value === null) return undefined;
    if (!(value instanceof Error)) return new Error(this.text(String(value)));
    let message = value.message;
    // Node's connection errors are often an AggregateError with an empty message.
    if (!message && value instanceof AggregateError && value.errors.length > 0) {
      message = value.errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ');
    }
    const code = (value as { code?: unknown }).code;
    const inner = depth < 4 ? this.error(value.cause, depth + 1) : undefined;
    const copy = new Error(this.text(message), inner ? { cause: inner } : undefined);
    copy.name = value.name;
    if (typeof code === 'string') (copy as Error & { code: string }).code = code;
    copy.stack = value.stack ? this.text(value.stack) : copy.stack;
    return copy;
  }
}

/** The URL without user name or password (kept out of messages too). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}
