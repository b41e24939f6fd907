import type { ApiResponse } from './handler.js';

/** A name safe in a quoted header parameter: ASCII without quotes or backslashes. */
function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\]/g, '_');
}

/**
 * Bytes of a stored file, named as REDCap names them: `Content-Type:
 * <mime>; name="<file>"`. Names outside ASCII also go as RFC 5987
 * `name*=UTF-8''…` (HTTP headers cannot carry raw UTF-8 safely), with an
 * ASCII stand-in in the plain parameter for clients that do not read it.
 */
export function fileResponse(data: Buffer, name: string, mimeType: string): ApiResponse {
  const plain = asciiName(name);
  const mime = mimeType || 'application/octet-stream';
  const extended = plain === name ? '' : `; name*=UTF-8''${encodeURIComponent(name)}`;
  const filenameExtended = plain === name ? '' : `; filename*=UTF-8''${encodeURIComponent(name)}`;
  return {
    // Text files name their charset after the name, as REDCap does: PyCap's doctests
    // read `{'name': 'test.txt', 'charset': 'UTF-8'}` from the header (methods/files.py).
    contentType: `${mime}; name="${plain}"${extended}${mime.startsWith('text/') ? '; charset=UTF-8' : ''}`,
    headers: { 'Content-Disposition': `attachment; filename="${plain}"${filenameExtended}` },
    body: data,
  };
}

const MIME_BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain',
  csv: 'text/csv',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  json: 'application/json',
  xml: 'application/xml',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html',
  htm: 'text/html',
  rtf: 'application/rtf',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  wav: 'audio/wav',
};

/**
 * The media type to store for an upload: the one the client sent, or,
 * when it sent only the generic `application/octet-stream`, one guessed
 * from the file extension (as a web server would when serving the file).
 */
export function uploadMimeType(name: string, sent: string): string {
  const type = sent.split(';')[0].trim().toLowerCase();
  if (type !== '' && type !== 'application/octet-stream') return type;
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1].toLowerCase() ?? '';
  return MIME_BY_EXTENSION[ext] ?? 'application/octet-stream';
}
