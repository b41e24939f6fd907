/**
 * A `multipart/form-data` body with form fields and, for file imports, one
 * file part named `file`, as REDCap's file imports expect. Built by hand so
 * the bytes are exactly what is sent (and easy to check in tests).
 */
import { randomBytes } from 'node:crypto';
import { paramEntries, type Params } from './params.js';

export interface FilePart {
  data: Uint8Array;
  fileName: string;
  contentType: string;
}

const bytesOf = (data: Uint8Array): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

function quoted(text: string): string {
  // Header values cannot hold line breaks or raw quotes.
  return text.replace(/[\r\n]+/g, ' ').replace(/"/g, '%22');
}

export function multipartBody(params: Params, file?: FilePart): { body: Uint8Array; contentType: string } {
  const entries = paramEntries(params);
  let boundary: string;
  // A boundary must not stand in any value (a random one almost never does: made again if it does).
  do boundary = `----redcap-frames-${randomBytes(12).toString('hex')}`;
  while (entries.some(([, value]) => value.includes(boundary)) || (file && bytesOf(file.data).includes(boundary)));
  const chunks: Uint8Array[] = [];
  const enc = new TextEncoder();
  for (const [name, value] of entries) {
    chunks.push(
      enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`),
    );
  }
  if (file) {
    chunks.push(
      enc.encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoted(file.fileName)}"\r\n` +
          `Content-Type: ${quoted(file.contentType)}\r\n\r\n`,
      ),
    );
    chunks.push(file.data, enc.encode('\r\n'));
  }
  chunks.push(enc.encode(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
