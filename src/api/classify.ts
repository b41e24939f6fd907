/**
 * Telling a REDCap answer from everything else. REDCap reports errors in
 * the body (`{"error":"…"}`, `ERROR: …`, `<hash><error>…</error></hash>`),
 * sometimes with status 200; PHP can print HTML errors before (or instead
 * of) the answer; proxies answer with HTML pages.
 */
import type { ImportValueError } from './errors.js';
import { parseCsvRows } from '../formats/csv.js';

const XML_ERROR = /^\s*(?:<\?xml[^>]*\?>)?\s*<hash>\s*<error>([\s\S]*?)<\/error>\s*<\/hash>\s*$/;

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

/** REDCap's error message if the whole body is a REDCap error, else undefined. */
export function redcapErrorMessage(body: string): string | undefined {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const error = (parsed as { error?: unknown }).error;
        if (typeof error === 'string') return error;
      }
    } catch {
      return undefined;
    }
    return undefined;
  }
  if (text.startsWith('ERROR:')) return text.slice('ERROR:'.length).trim();
  const xml = XML_ERROR.exec(text);
  if (xml) return decodeXml(xml[1].trim());
  return undefined;
}

// What HTML pages and PHP's error output start with.
const HTML_START =
  /^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<title[\s>]|<br\s*\/?>|<b>|<p[\s>]|<div[\s>]|<h1[\s>]|<center[\s>])/i;
const PHP_ERROR_START = /^\s*(?:PHP )?(?:Fatal error|Parse error|Warning|Notice|Deprecated)\s*:/i;

/** True when the body is (or begins with) an HTML page or PHP error output. */
export function looksLikeHtml(body: string): boolean {
  const text = body.replace(/^\uFEFF/, '');
  return HTML_START.test(text) || PHP_ERROR_START.test(text);
}

/**
 * Whether an answer starting with `head` may be something other than the
 * API's answer: every REDCap error (`{"error"`, `ERROR:`, `<hash>`), every
 * HTML page and all of PHP's error output start with `{`, `<`, `ERROR:` or
 * PHP's words, so a CSV or JSON-array export that starts otherwise need not
 * be decoded whole only to be checked (100 MB take 0.3 s to decode).
 */
export function mayNotBeTheAnswer(head: string): boolean {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  return text === '' || text[0] === '{' || text[0] === '<' || text.startsWith('ERROR:') || PHP_ERROR_START.test(text);
}

// A whole web page (a login page, a site's home), unlike PHP's error output.
const HTML_PAGE_START = /^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>])/i;
// What a web server answers a POST to a path that is not REDCap's API.
const WRONG_PATH_STATUSES: ReadonlySet<number> = new Set([404, 405, 501]);

/**
 * True when an answer without a REDCap error says the URL is not REDCap's
 * API. The classic API tutorial (Scott Burns, "Intro to the REDCap API",
 * 2013) warns: "if you mess up the URL, nothing will work and you'll
 * probably get 501 "Method Not Implemented" responses"; a path that is not
 * the API gets 404 (or 405) from the web server, and a REDCap or site page
 * answers a POST with its HTML and 200.
 */
export function notTheApi(status: number, body: string): boolean {
  if (WRONG_PATH_STATUSES.has(status)) return true;
  return (
    status >= 200 &&
    status < 300 &&
    HTML_PAGE_START.test(body.replace(/^\uFEFF/, '')) &&
    trailingRedcapError(body) === undefined
  );
}

/**
 * A REDCap error printed after PHP's own error output, e.g. an HTML
 * "Fatal error: Allowed memory size…" followed by
 * `{"error":"REDCap ran out of server memory…"}`.
 */
export function trailingRedcapError(body: string): string | undefined {
  const at = body.lastIndexOf('{"error"');
  if (at <= 0) return undefined;
  return redcapErrorMessage(body.slice(at));
}

/** A short, single-line view of a body: the title of an HTML page, else its text without tags. */
export function bodyExcerpt(body: string, max = 200): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body);
  const text = (title ? title[1] : body)
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const decoded = decodeXml(text);
  return decoded.length > max ? `${decoded.slice(0, max)}…` : decoded;
}

/**
 * Import validation failures come as lines of `"record","field","value","message"`.
 * Returns them parsed, or an empty list when the message is something else.
 */
export function parseValueErrors(message: string): ImportValueError[] {
  if (!message.startsWith('"')) return [];
  let rows: string[][];
  try {
    rows = parseCsvRows(message);
  } catch {
    return [];
  }
  if (rows.length === 0 || rows.some((r) => r.length !== 4)) return [];
  return rows.map(([record, field, value, msg]) => ({ record, field, value, message: msg }));
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), if present and sane. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  if (Number.isFinite(date)) return Math.max(0, date - now);
  return undefined;
}
