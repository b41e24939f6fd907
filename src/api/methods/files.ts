/**
 * Files in records' file-upload fields.
 */
import type { ApiContext } from '../context.js';
import { RedcapUsageError } from '../errors.js';
import type { FilePart } from '../multipart.js';
import { readFile } from '../response.js';
import type { RecordId } from '../types/common.js';
import type { FileDownload, FileUpload } from '../types/files.js';

export interface FileFieldOptions {
  /** Unique event name (longitudinal projects). */
  event?: string;
  repeatInstance?: number;
}

/** A FileUpload as the bytes and headers sent. */
export function filePart(file: FileUpload, method: string): FilePart {
  if (!file || typeof file.fileName !== 'string' || file.fileName === '') {
    throw new RedcapUsageError(`${method}: the file needs a fileName (REDCap stores and shows it).`, { method });
  }
  const data =
    typeof file.data === 'string'
      ? new TextEncoder().encode(file.data)
      : file.data instanceof Uint8Array
        ? file.data
        : new Uint8Array(file.data);
  return { data, fileName: file.fileName, contentType: file.contentType ?? 'application/octet-stream' };
}

function where(record: RecordId, field: string, options: FileFieldOptions) {
  return { record: String(record), field, event: options.event, repeat_instance: options.repeatInstance };
}

export async function exportFile(
  ctx: ApiContext,
  record: RecordId,
  field: string,
  options: FileFieldOptions = {},
): Promise<FileDownload> {
  const answer = await ctx.transport.call({
    method: 'exportFile',
    content: 'file',
    action: 'export',
    format: 'json',
    expectFile: true,
    params: where(record, field, options),
  });
  return readFile(answer);
}

export async function importFile(
  ctx: ApiContext,
  record: RecordId,
  field: string,
  file: FileUpload,
  options: FileFieldOptions = {},
): Promise<void> {
  const method = 'importFile';
  await ctx.transport.call({
    method,
    content: 'file',
    action: 'import',
    write: true,
    format: 'json',
    params: where(record, field, options),
    file: filePart(file, method),
  });
}

export async function deleteFile(
  ctx: ApiContext,
  record: RecordId,
  field: string,
  options: FileFieldOptions = {},
): Promise<void> {
  await ctx.transport.call({
    method: 'deleteFile',
    content: 'file',
    action: 'delete',
    write: true,
    format: 'json',
    params: where(record, field, options),
  });
}
