/**
 * Test support for method tests: one call against a MockAgent answer,
 * returning what REDCap would have received (token and returnFormat
 * checked and set aside) and what the method returned.
 */
import { expect } from 'vitest';
import type { Project } from '../../../src/api/project.js';
import type { ProjectOptions } from '../../../src/api/options.js';
import { TOKEN, mockRedcap, type Reply, type SeenRequest } from '../mock-redcap.js';

export interface Sent<T> {
  /** Form parameters other than token and returnFormat. */
  params: Record<string, string>;
  request: SeenRequest;
  result: T;
}

export async function sent<T>(
  call: (project: Project) => Promise<T>,
  reply: Reply = { body: [] },
  options: ProjectOptions = {},
): Promise<Sent<T>> {
  const mock = mockRedcap({ batchSize: false, ...options });
  mock.handle(() => reply);
  try {
    const result = await call(mock.project);
    expect(mock.requests).toHaveLength(1);
    const request = mock.requests[0];
    const { token, returnFormat, ...params } = request.params;
    if (request.entries.length > 0) {
      expect(token).toBe(TOKEN);
      expect(returnFormat).toBe('json');
    }
    return { params, request, result };
  } finally {
    await mock.close();
  }
}

/** A multipart body's form fields and its file part. */
export function multipart(request: SeenRequest): {
  fields: Record<string, string>;
  file?: { fileName: string; contentType: string; data: string };
} {
  const boundary = /boundary=(.+)$/.exec(request.headers['content-type'] ?? '')?.[1];
  expect(boundary).toBeTruthy();
  const fields: Record<string, string> = {};
  let file: { fileName: string; contentType: string; data: string } | undefined;
  for (const part of request.body.split(`--${boundary}`).slice(1, -1)) {
    const [head, ...rest] = part.replace(/^\r\n/, '').split('\r\n\r\n');
    const data = rest.join('\r\n\r\n').replace(/\r\n$/, '');
    const name = /name="([^"]*)"/.exec(head)?.[1] ?? '';
    const fileName = /filename="([^"]*)"/.exec(head)?.[1];
    if (fileName !== undefined) file = { fileName, contentType: /Content-Type: (.*)/.exec(head)?.[1] ?? '', data };
    else fields[name] = data;
  }
  return { fields, file };
}
