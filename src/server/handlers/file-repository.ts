import { badRequest } from '../refusal.js';
import { CONTENT_TYPES } from '../http/formats.js';
import { deleteDoc, docBytes, insertDoc } from '../store/docs-store.js';
import { fileInFolder, folderFiles, folderNameTaken, insertFolder } from '../store/repository-store.js';
import { roleExists } from '../store/roles-store.js';
import { renderStructure } from '../structure/structure-io.js';
import { fileResponse, uploadMimeType } from './file-response.js';
import { requireRights, type ProjectHandler } from './handler.js';
import { RepositoryAccess } from './repository-access.js';

/**
 * `content=fileRepository, action=createFolder`: a folder at the top level
 * or in `folder_id`, optionally limited to a DAG (`dag_id`) or a role
 * (`role_id`). A user in a DAG creates folders limited to that DAG, as
 * REDCap keeps DAG users inside their group. Answers `[{"folder_id":N}]`.
 */
export const createFolderHandler: ProjectHandler = (call) => {
  requireRights(call, 'file_repository', 'api_import');
  const access = new RepositoryAccess(call);
  const name = call.params.text('name');
  if (name === '') throw badRequest('The parameter "name" is missing');
  if (name.length > 150) throw badRequest('The folder name cannot be longer than 150 characters');
  const parent = access.folderParam();
  const dagText = call.params.text('dag_id');
  let groupId: number | null = null;
  if (dagText !== '') {
    if (!/^\d+$/.test(dagText) || !call.project.dags.some((d) => d.group_id === Number(dagText))) {
      throw badRequest(`The dag_id '${dagText}' is not a valid data access group of the project`);
    }
    groupId = Number(dagText);
  }
  if (access.groupId !== null) {
    if (groupId !== null && groupId !== access.groupId)
      throw badRequest('You are in a data access group and cannot create a folder for another group');
    groupId = access.groupId;
  }
  const roleText = call.params.text('role_id');
  let roleId: number | null = null;
  if (roleText !== '') {
    const known = /^\d+$/.test(roleText) && roleExists(call.db, call.project.id, Number(roleText));
    if (!known) throw badRequest(`The role_id '${roleText}' is not a valid user role of the project`);
    roleId = Number(roleText);
  }
  if (folderNameTaken(call.db, call.project.id, parent, name))
    throw badRequest(`A folder named '${name}' already exists in this folder`);
  const folderId = insertFolder(call.db, call.project.id, {
    parent_id: parent,
    name,
    group_id: groupId,
    role_id: roleId,
  });
  call.log({
    action: 'Create folder in File Repository (API)',
    logType: 'manage',
    details: `Folder '${name}' (folder_id ${folderId})`,
  });
  return {
    contentType: CONTENT_TYPES[call.format],
    body: renderStructure([{ folder_id: folderId }], call.format, ['folder_id'], 'items'),
  };
};

/**
 * `content=fileRepository, action=list`: the folders (`{folder_id, name}`)
 * then the files (`{doc_id, name}`) of the top level or of `folder_id`,
 * each by name. CSV and XML carry both id columns, one of them blank.
 */
export const listRepositoryHandler: ProjectHandler = (call) => {
  requireRights(call, 'file_repository', 'api_export');
  const access = new RepositoryAccess(call);
  const folder = access.folderParam();
  const rows: Record<string, string | number>[] = access
    .children(folder)
    .map((f) => ({ folder_id: f.folder_id, name: f.name }));
  const files = folderFiles(call.db, call.project.id, folder);
  rows.push(...files.map((f) => ({ doc_id: f.doc_id, name: f.name })));
  return {
    contentType: CONTENT_TYPES[call.format],
    body: renderStructure(rows, call.format, ['folder_id', 'doc_id', 'name'], 'items'),
  };
};

/** `content=fileRepository, action=export`: the bytes of `doc_id`, named. */
export const exportRepositoryFileHandler: ProjectHandler = (call) => {
  requireRights(call, 'file_repository', 'api_export');
  const file = new RepositoryAccess(call).fileParam();
  const data = docBytes(call.db, file.doc_id);
  call.log({
    action: 'Download file from File Repository (API)',
    logType: 'export',
    details: `${file.name} (doc_id ${file.doc_id})`,
  });
  return fileResponse(data, file.name, file.mime_type);
};

/** `content=fileRepository, action=import`: stores the multipart `file` at the top level or in `folder_id`. */
export const importRepositoryFileHandler: ProjectHandler = (call) => {
  requireRights(call, 'file_repository', 'api_import');
  const access = new RepositoryAccess(call);
  const folder = access.folderParam();
  const upload = call.params.file;
  if (!upload) throw badRequest('No file was uploaded: send it as the multipart part named "file"');
  const name = upload.name.trim() || 'file';
  const docId = call.db.transaction(() => {
    const id = insertDoc(call.db, call.project.id, {
      name,
      mimeType: uploadMimeType(name, upload.mimeType),
      data: upload.data,
    });
    fileInFolder(call.db, call.project.id, id, folder);
    return id;
  })();
  call.log({ action: 'Upload file to File Repository (API)', logType: 'manage', details: `${name} (doc_id ${docId})` });
  return { contentType: CONTENT_TYPES[call.format], body: '' };
};

/** `content=fileRepository, action=delete`: removes the file `doc_id`. */
export const deleteRepositoryFileHandler: ProjectHandler = (call) => {
  requireRights(call, 'file_repository', 'api_import');
  const file = new RepositoryAccess(call).fileParam();
  deleteDoc(call.db, file.doc_id);
  call.log({
    action: 'Delete file from File Repository (API)',
    logType: 'manage',
    details: `${file.name} (doc_id ${file.doc_id})`,
  });
  return { contentType: CONTENT_TYPES[call.format], body: '' };
};
