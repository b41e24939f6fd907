import { describe, expect, test } from 'vitest';
import { isRedcapHttpError } from '../../../src/api/errors.js';
import { multipart, sent } from './sent.js';

describe('file repository', () => {
  test('createFolder', async () => {
    const { params, result } = await sent(
      (p) => p.createFolder('Consent forms', { parentFolderId: 4, dagId: 2, roleId: 9 }),
      { body: [{ folder_id: 12 }] },
    );
    expect(params).toEqual({
      content: 'fileRepository',
      action: 'createFolder',
      format: 'json',
      name: 'Consent forms',
      folder_id: '4',
      dag_id: '2',
      role_id: '9',
    });
    expect(result).toEqual({ folder_id: 12 });
    await expect(sent((p) => p.createFolder('x'), { body: [] })).rejects.toSatisfy(isRedcapHttpError);
  });

  test('listFileRepository', async () => {
    const items = [
      { folder_id: 12, name: 'Consent forms' },
      { doc_id: 301, name: 'protocol.pdf' },
    ];
    const { params, result } = await sent((p) => p.listFileRepository({ folderId: 12 }), { body: items });
    expect(params).toEqual({ content: 'fileRepository', action: 'list', format: 'json', folder_id: '12' });
    expect(result).toEqual(items);
  });

  test('export, import and delete a file', async () => {
    const out = await sent((p) => p.exportRepositoryFile(301), {
      body: 'PDF',
      headers: { 'content-type': 'application/pdf; name="protocol.pdf"' },
    });
    expect(out.params).toEqual({ content: 'fileRepository', action: 'export', format: 'json', doc_id: '301' });
    expect(out.result.fileName).toBe('protocol.pdf');
    const imp = await sent(
      (p) =>
        p.importRepositoryFile({ data: 'abc', fileName: 'notes.txt', contentType: 'text/plain' }, { folderId: 12 }),
      { body: '' },
    );
    expect(multipart(imp.request).fields).toMatchObject({
      content: 'fileRepository',
      action: 'import',
      folder_id: '12',
    });
    expect(multipart(imp.request).file).toEqual({ fileName: 'notes.txt', contentType: 'text/plain', data: 'abc' });
    const del = await sent((p) => p.deleteRepositoryFile(301), { body: '' });
    expect(del.params).toEqual({ content: 'fileRepository', action: 'delete', format: 'json', doc_id: '301' });
  });
});
