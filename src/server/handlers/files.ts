import { timestamp } from '../store/create-project.js';
import { exportableFields } from '../access/form-rights.js';
import { badRequest, forbidden } from '../refusal.js';
import { CONTENT_TYPES } from '../http/formats.js';
import { resolveFileSlot, type FileSlot } from './file-slot.js';
import { fileResponse, uploadMimeType } from './file-response.js';
import { requireRights, type ProjectCall, type ProjectHandler } from './handler.js';

/** Export rights per form apply to files as to their field's value in a record export. */
function requireExportable(call: ProjectCall, slot: FileSlot): void {
  const allowed = exportableFields(call.project, call.user);
  if (allowed && !allowed.has(slot.field.name)) {
    throw forbidden(`You do not have rights to export the field '${slot.field.name}' of the instrument '${slot.field.form}'`);
  }
}

/** Changing a file needs data entry rights on its form (not none, not read only), as a record import does. */
function requireEditable(call: ProjectCall, slot: FileSlot): void {
  const level = call.user.rights.forms[slot.field.form] ?? 1;
  if (level === 0 || level === 2) {
    throw forbidden(`You do not have rights to edit data on these instruments: ${slot.field.form} (${slot.field.name})`);
  }
}

interface StoredDoc {
  doc_id: number;
  name: string;
  mime_type: string;
  data: Buffer;
}

function storedDoc(call: ProjectCall, slot: FileSlot): StoredDoc | undefined {
  return call.db.prepare(`SELECT d.doc_id, d.name, d.mime_type, d.data FROM record_files rf JOIN docs d ON d.doc_id = rf.doc_id
    WHERE rf.project_id = ? AND rf.event_id = ? AND rf.record = ? AND rf.field_name = ? AND rf.instance = ?`)
    .get(call.project.id, slot.eventId, slot.record, slot.field.name, slot.instance) as StoredDoc | undefined;
}

/** `content=file, action=export`: the file's bytes, `Content-Type: <mime>; name="<file>"`. */
export const exportFileHandler: ProjectHandler = (call) => {
  requireRights(call, 'api_export');
  const slot = resolveFileSlot(call);
  requireExportable(call, slot);
  const doc = slot.inArm ? storedDoc(call, slot) : undefined;
  if (!doc) throw badRequest('There is no file to download for this record');
  call.log({ action: 'Download uploaded document (API)', logType: 'export', record: slot.record, eventId: slot.eventId, details: `${slot.field.name} = '${doc.name}'` });
  return fileResponse(doc.data, doc.name, doc.mime_type);
};

/**
 * `content=file, action=import`: stores the multipart `file` part in the
 * field, replacing a file already there; the field's value becomes the
 * file name. As with a record import, the form's status becomes
 * Incomplete when it had none, and a record new to the event's arm joins it.
 */
export const importFileHandler: ProjectHandler = (call) => {
  requireRights(call, 'api_import');
  const slot = resolveFileSlot(call);
  requireEditable(call, slot);
  const upload = call.params.file;
  if (!upload) throw badRequest('No file was uploaded: send it as the multipart part named "file"');
  const { db } = call;
  const pid = call.project.id;
  const { schema } = call.project;
  const name = upload.name.trim() || 'file';
  const repeatingEvent = schema.isRepeatingEvent(call.project.info.is_longitudinal === 1 ? slot.event : undefined);
  let replaced = false;
  db.transaction(() => {
    const old = storedDoc(call, slot);
    if (old) {
      db.prepare('DELETE FROM docs WHERE doc_id = ?').run(old.doc_id);
      replaced = true;
    }
    const docId = Number(db.prepare('INSERT INTO docs (project_id, name, mime_type, size, data, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(pid, name, uploadMimeType(name, upload.mimeType), upload.data.byteLength, upload.data, timestamp()).lastInsertRowid);
    db.prepare('INSERT OR REPLACE INTO record_files (project_id, event_id, record, field_name, instance, doc_id) VALUES (?, ?, ?, ?, ?, ?)')
      .run(pid, slot.eventId, slot.record, slot.field.name, slot.instance, docId);
    if (!slot.inArm) {
      const seq = db.prepare('SELECT COALESCE(MAX(created_seq), 0) + 1 FROM records WHERE project_id = ?').pluck().get(pid) as number;
      db.prepare('INSERT OR IGNORE INTO records (project_id, arm_num, record, group_id, created_seq) VALUES (?, ?, ?, ?, ?)').run(pid, slot.arm, slot.record, slot.groupId, seq);
    }
    setValue(call, slot, slot.field.name, name);
    const idInstance = repeatingEvent ? slot.instance : 1;
    const hasId = db.prepare('SELECT 1 FROM data WHERE project_id = ? AND event_id = ? AND record = ? AND field_name = ? AND instance = ?')
      .get(pid, slot.eventId, slot.record, schema.recordIdField, idInstance);
    if (!hasId) db.prepare('INSERT INTO data (project_id, event_id, record, field_name, instance, value) VALUES (?, ?, ?, ?, ?, ?)')
      .run(pid, slot.eventId, slot.record, schema.recordIdField, idInstance, slot.record);
    const complete = `${slot.field.form}_complete`;
    const hasStatus = db.prepare('SELECT 1 FROM data WHERE project_id = ? AND event_id = ? AND record = ? AND field_name = ? AND instance = ?')
      .get(pid, slot.eventId, slot.record, complete, slot.instance);
    if (!hasStatus) db.prepare('INSERT INTO data (project_id, event_id, record, field_name, instance, value) VALUES (?, ?, ?, ?, ?, ?)')
      .run(pid, slot.eventId, slot.record, complete, slot.instance, '0');
  })();
  call.log({
    action: replaced ? 'Update record (API)' : 'Upload document (API)', logType: 'record_edit', record: slot.record, eventId: slot.eventId,
    details: `${slot.field.name} = '${name}'${slot.instance > 1 ? ` [instance ${slot.instance}]` : ''}`,
  });
  return { contentType: CONTENT_TYPES[call.format], body: '' };
};

/** `content=file, action=delete`: removes the file and blanks the field. */
export const deleteFileHandler: ProjectHandler = (call) => {
  requireRights(call, 'api_import');
  const slot = resolveFileSlot(call);
  requireEditable(call, slot);
  const doc = slot.inArm ? storedDoc(call, slot) : undefined;
  if (!doc) throw badRequest('There is no file to delete for this record');
  call.db.transaction(() => {
    call.db.prepare('DELETE FROM docs WHERE doc_id = ?').run(doc.doc_id);
    call.db.prepare('DELETE FROM record_files WHERE project_id = ? AND event_id = ? AND record = ? AND field_name = ? AND instance = ?')
      .run(call.project.id, slot.eventId, slot.record, slot.field.name, slot.instance);
    setValue(call, slot, slot.field.name, '');
  })();
  call.log({
    action: 'Delete uploaded document (API)', logType: 'record_edit', record: slot.record, eventId: slot.eventId,
    details: `${slot.field.name} = '' (was '${doc.name}')${slot.instance > 1 ? ` [instance ${slot.instance}]` : ''}`,
  });
  return { contentType: CONTENT_TYPES[call.format], body: '' };
};

function setValue(call: ProjectCall, slot: FileSlot, field: string, value: string): void {
  call.db.prepare('DELETE FROM data WHERE project_id = ? AND event_id = ? AND record = ? AND field_name = ? AND instance = ?')
    .run(call.project.id, slot.eventId, slot.record, field, slot.instance);
  if (value !== '') {
    call.db.prepare('INSERT INTO data (project_id, event_id, record, field_name, instance, value) VALUES (?, ?, ?, ?, ?, ?)')
      .run(call.project.id, slot.eventId, slot.record, field, slot.instance, value);
  }
}
