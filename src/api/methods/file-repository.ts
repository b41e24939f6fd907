/**
 * The project's file repository: folders and files.
 */
import type { ApiContext } from '../context.js';
import { RedcapHttpError } from '../errors.js';
import { readFile, readJson } from '../response.js';
import type { Format, FormatOption, Formatted } from '../types/common.js';
import type { FileDownload, FileRepositoryItem, FileUpload } from '../types/files.js';
import { exportRows } from './common.js';
import { filePart } from './files.js';

export interface CreateFolderOptions {
  /** The folder to create it in (the top level when not given). */
  parentFolderId?: number;
  /** Limit access to one data access group or user role. */
  dagId?: number;
  roleId?: number;
}

/** Creates a folder; answers its id. */
export async function createFolder(
  ctx: ApiContext,
  name: string,
  options: CreateFolderOptions = {},
): Promise<{ folder_id: number }> {
  const method = 'createFolder';
  const answer = await ctx.transport.call({
    method,
    content: 'fileRepository',
    action: 'createFolder',
    write: true,
    format: 'json',
    params: { name, folder_id: options.parentFolderId, dag_id: options.dagId, role_id: options.roleId },
  });
  const value = readJson<unknown>(answer);
  const first = Array.isArray(value) ? value[0] : value;
  const id = Number((first as { folder_id?: unknown } | undefined)?.folder_id);
  if (!Number.isInteger(id)) {
    throw new RedcapHttpError(
      `${method}: REDCap's answer has no folder_id.`,
      { status: answer.status, excerpt: answer.redact(answer.text.slice(0, 100)) },
      answer.context,
    );
  }
  return { folder_id: id };
}

export interface ListFolderOptions {
  /** The folder to list (the top level when not given). */
  folderId?: number;
}

export function listFileRepository<F extends Format = 'json'>(
  ctx: ApiContext,
  options: ListFolderOptions & FormatOption<F> = {},
): Promise<Formatted<F, FileRepositoryItem[]>> {
  return exportRows<FileRepositoryItem, F>(
    ctx,
    { method: 'listFileRepository', content: 'fileRepository', action: 'list' },
    options.format,
    {
      folder_id: options.folderId,
    },
  );
}

export async function exportRepositoryFile(ctx: ApiContext, docId: number): Promise<FileDownload> {
  const answer = await ctx.transport.call({
    method: 'exportRepositoryFile',
    content: 'fileRepository',
    action: 'export',
    format: 'json',
    expectFile: true,
    params: { doc_id: docId },
  });
  return readFile(answer);
}

export async function importRepositoryFile(
  ctx: ApiContext,
  file: FileUpload,
  options: ListFolderOptions = {},
): Promise<void> {
  const method = 'importRepositoryFile';
  await ctx.transport.call({
    method,
    content: 'fileRepository',
    action: 'import',
    write: true,
    format: 'json',
    params: { folder_id: options.folderId },
    file: filePart(file, method),
  });
}

export async function deleteRepositoryFile(ctx: ApiContext, docId: number): Promise<void> {
  await ctx.transport.call({
    method: 'deleteRepositoryFile',
    content: 'fileRepository',
    action: 'delete',
    write: true,
    format: 'json',
    params: { doc_id: docId },
  });
}
