import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { ApiError } from './api-error.js';
import { formPairs } from './form-body.js';
import { ApiParams } from './params.js';

/** Reads a body up to `limit` bytes; a larger one is refused with 413 before it is all read. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      reject(tooLarge(limit));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(tooLarge(limit));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, `The request body is larger than the server accepts (${limit} bytes)`);
}

function readMultipart(req: IncomingMessage, limit: number): Promise<ApiParams> {
  return new Promise((resolve, reject) => {
    const params = new ApiParams();
    let bb: busboy.Busboy;
    try {
      // Browsers and fetch send file names as raw UTF-8; busboy would read them as latin1.
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fileSize: limit, fieldSize: limit } });
    } catch {
      reject(new ApiError(400, 'The multipart request could not be read'));
      return;
    }
    let failed = false;
    bb.on('field', (name, value) => params.add(name, value));
    bb.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        failed = true;
        reject(tooLarge(limit));
      });
      stream.on('end', () => {
        if (name === 'file') {
          params.file = {
            name: info.filename ?? 'file',
            mimeType: info.mimeType || 'application/octet-stream',
            data: Buffer.concat(chunks),
          };
        }
      });
    });
    // Each field and file has its own limit in busboy; the body as a whole must keep to the limit too.
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit && !failed) {
        failed = true;
        req.unpipe(bb);
        req.resume();
        reject(tooLarge(limit));
      }
    });
    bb.on('error', () => {
      if (!failed) reject(new ApiError(400, 'The multipart request could not be read'));
    });
    bb.on('close', () => {
      if (!failed) resolve(params);
    });
    req.pipe(bb);
  });
}

/** The call's parameters from a urlencoded or multipart body. */
export async function readParams(req: IncomingMessage, limit: number): Promise<ApiParams> {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      req.resume();
      throw tooLarge(limit);
    }
    return readMultipart(req, limit);
  }
  const body = await readBody(req, limit);
  const params = new ApiParams();
  for (const [k, v] of formPairs(body)) params.add(k, v);
  return params;
}
