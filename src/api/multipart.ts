/**
 * A `multipart/form-data` body with form fields and one file part named
 * `file`, as REDCap's file imports expect. Built by hand so the bytes are
 * exactly what is sent (and easy to check in tests).
 */
import { randomBytes } from 'node:crypto';
import { paramEntries, type Params } from './params.js';

export interface FilePart {
  data: Uint8Array;
  fileName: string;
  contentType: string;
}

function quoted(text: string): string {
  // Header values cannot hold line breaks or raw quotes.
  return text.replace(/[\r\n]+/g, ' ').replace(/"/g, '%22');
}

export function multipartBody(params: Params, file: FilePart): { body: Uint8Array; contentType: string } {
  const boundary = `----redcap-frames-${randomBytes(12).toString('hex')}`;
  const chunks: Uint8Array[] = [];
  const enc = new TextEncoder();
  for (const [name, value] of paramEntries(params)) {
    chunks.push(
      enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`),
    );
  }
  chunks.push(
    enc.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoted(file.fileName)}"\r\n` +
        `Content-Type: ${quoted(file.contentType)}\r\n\r\n`,
    ),
  );
  chunks.push(file.data);
  chunks.push(enc.encode(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
