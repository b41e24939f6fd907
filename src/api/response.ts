/**
 * Reading successful answers: JSON, text in the format asked for, counts,
 * and files. A body that cannot be read as what the method returns is a
 * RedcapHttpError (it is not a REDCap answer, e.g. cut short).
 */
import { bodyExcerpt } from './classify.js';
import { parseCsvRows } from '../formats/csv.js';
import { RedcapHttpError } from './errors.js';
import type { Answer } from './transport.js';
import type { Format, Formatted } from './types/common.js';
import type { FileDownload } from './types/files.js';

function notAnAnswer(answer: Answer, what: string): RedcapHttpError {
  const text = answer.text;
  // The end shows where a body was cut short; the start shows what it was.
  const excerpt = answer.redact(
    text.length > 160
      ? `${bodyExcerpt(text.slice(0, 80), 80)} … ${bodyExcerpt(text.slice(-80), 80)}`
      : bodyExcerpt(text),
  );
  return new RedcapHttpError(
    `${answer.context.method}: REDCap's answer (HTTP ${answer.status}, ${answer.bytes.length} bytes) is not ${what}; it may have been cut short: "${excerpt}"`,
    { status: answer.status, excerpt, contentType: answer.headers['content-type'] },
    answer.context,
  );
}

/** The body parsed as JSON. */
export function readJson<T>(answer: Answer): T {
  try {
    return JSON.parse(answer.text) as T;
  } catch {
    throw notAnAnswer(answer, 'valid JSON');
  }
}

/** A JSON array; an empty body counts as no rows. */
export function readJsonArray<T>(answer: Answer): T[] {
  if (answer.text.trim() === '') return [];
  const value = readJson<unknown>(answer);
  if (!Array.isArray(value)) throw notAnAnswer(answer, 'a JSON array');
  return value as T[];
}

/** A JSON object (not an array). */
export function readJsonObject<T>(answer: Answer): T {
  const value = readJson<unknown>(answer);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw notAnAnswer(answer, 'a JSON object');
  return value as T;
}

/** Parsed rows for json, REDCap's text as is for csv and xml. */
export function readRows<T, F extends Format>(answer: Answer, format: F): Formatted<F, T[]> {
  return (format === 'json' ? readJsonArray<T>(answer) : answer.text) as Formatted<F, T[]>;
}

/** Plain text answers (version, survey links, next record name), trimmed. */
export function readText(answer: Answer): string {
  return answer.text.trim();
}

/**
 * A count: `{"count": 3}`, `3` or `"3"` in JSON, or bare `3`; XML
 * `<count>3</count>` is accepted too in case a server ignores `returnFormat`.
 */
export function readCount(answer: Answer): number {
  const text = answer.text.trim();
  const xml = /^(?:<\?xml[^>]*\?>)?\s*<count>\s*(\d+)\s*<\/count>$/.exec(text);
  if (xml) return Number(xml[1]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw notAnAnswer(answer, 'a count');
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) value = (value as { count?: unknown }).count;
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw notAnAnswer(answer, 'a count');
  return n;
}

function xmlText(text: string): string {
  return text
    .replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * A list of record names (import `returnContent=ids`, or `new,sent` pairs
 * for `auto_ids`), in whatever format the server chose: a JSON array, XML
 * `<ids><id>…</id></ids>`, or CSV lines under an `id` header. REDCap's
 * answer format for imports varies (returnFormat or the data's format).
 */
export function readIdList(answer: Answer): string[] {
  const text = answer.text.replace(/^\uFEFF/, '').trim();
  if (text === '') return [];
  if (text.startsWith('[')) {
    return readJsonArray<unknown>(answer).map((item) => {
      if (item !== null && typeof item === 'object') return Object.values(item).map(String).join(',');
      return String(item);
    });
  }
  if (text.startsWith('<')) {
    return [...text.matchAll(/<id>([\s\S]*?)<\/id>/g)].map((m) => xmlText(m[1].trim()));
  }
  const rows = parseCsvRows(text).filter((cells) => !(cells.length === 1 && cells[0] === ''));
  if (rows.length > 0 && /^(?:id|record|record_id)$/i.test(rows[0][0]) && rows[0].length <= 2) rows.shift();
  return rows.map((cells) => cells.join(','));
}

function headerParam(header: string, name: string): string | undefined {
  // name*=UTF-8''encoded (RFC 5987) first, then name="quoted" or name=bare.
  const star = new RegExp(`(?:^|;)\\s*${name}\\*\\s*=\\s*([^']*)'[^']*'([^;]+)`, 'i').exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[2].trim());
    } catch {
      return star[2].trim();
    }
  }
  const plain = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]+))`, 'i').exec(header);
  if (!plain) return undefined;
  return (plain[1] ?? plain[2]).replace(/\\(.)/g, '$1').trim();
}

/** File bytes with REDCap's file name and media type. */
export function readFile(answer: Answer): FileDownload {
  const type = answer.headers['content-type'] ?? '';
  const disposition = answer.headers['content-disposition'] ?? '';
  const fileName = headerParam(type, 'name') ?? headerParam(disposition, 'filename') ?? '';
  const contentType = type.split(';')[0].trim().toLowerCase() || 'application/octet-stream';
  return { data: answer.bytes, fileName, contentType };
}
