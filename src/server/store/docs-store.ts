import type { Db } from './database.js';
import type { Cell } from './record-writer.js';
import { timestamp } from './timestamp.js';

export interface StoredDoc {
  doc_id: number;
  name: string;
  mime_type: string;
  data: Buffer;
}

export interface NewDoc {
  name: string;
  mimeType: string;
  data: Uint8Array;
}

/** Stores a document (a field's file or a File Repository file) and returns its id. */
export function insertDoc(db: Db, projectId: number, doc: NewDoc, createdAt = timestamp()): number {
  const data = Buffer.isBuffer(doc.data) ? doc.data : Buffer.from(doc.data);
  return Number(
    db
      .prepare('INSERT INTO docs (project_id, name, mime_type, size, data, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(projectId, doc.name, doc.mimeType, data.byteLength, data, createdAt).lastInsertRowid,
  );
}

export function deleteDoc(db: Db, docId: number): void {
  db.prepare('DELETE FROM docs WHERE doc_id = ?').run(docId);
}

export function docBytes(db: Db, docId: number): Buffer {
  return db.prepare('SELECT data FROM docs WHERE doc_id = ?').pluck().get(docId) as Buffer;
}

/** The document in a file-upload field of a record, if any. */
export function fieldDoc(db: Db, projectId: number, c: Cell): StoredDoc | undefined {
  return db
    .prepare(`SELECT d.doc_id, d.name, d.mime_type, d.data FROM record_files rf JOIN docs d ON d.doc_id = rf.doc_id
    WHERE rf.project_id = ? AND rf.event_id = ? AND rf.record = ? AND rf.field_name = ? AND rf.instance = ?`)
    .get(projectId, c.eventId, c.record, c.field, c.instance) as StoredDoc | undefined;
}

/** Files the document in a file-upload field, replacing the one there. */
export function attachFieldDoc(db: Db, projectId: number, c: Cell, docId: number): void {
  db.prepare(
    'INSERT OR REPLACE INTO record_files (project_id, event_id, record, field_name, instance, doc_id) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(projectId, c.eventId, c.record, c.field, c.instance, docId);
}

/** Removes a field's document and its link to the field. */
export function removeFieldDoc(db: Db, projectId: number, c: Cell, docId: number): void {
  deleteDoc(db, docId);
  db.prepare(
    'DELETE FROM record_files WHERE project_id = ? AND event_id = ? AND record = ? AND field_name = ? AND instance = ?',
  ).run(projectId, c.eventId, c.record, c.field, c.instance);
}

export interface FieldDoc {
  record: string;
  event_id: number;
  instance: number;
  field_name: string;
  name: string;
  mime_type: string;
  data: Buffer;
}

/** Every document stored in the given file-upload fields, with where it sits. */
export function docsOfFields(db: Db, projectId: number, fields: readonly string[]): FieldDoc[] {
  return db
    .prepare(`SELECT rf.record, rf.event_id, rf.instance, rf.field_name, d.name, d.mime_type, d.data FROM record_files rf
    JOIN docs d ON d.doc_id = rf.doc_id WHERE rf.project_id = ? AND rf.field_name IN (${fields.map(() => '?').join(',')})`)
    .all(projectId, ...fields) as FieldDoc[];
}
