import { type StoredDoc, attachFieldDoc, deleteDoc, fieldDoc, insertDoc, removeFieldDoc } from '../store/docs-store.js';
import { type Cell, RecordWriter } from '../store/record-writer.js';
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
    throw forbidden(
      `You do not have rights to export the field '${slot.field.name}' of the instrument '${slot.field.form}'`,
    );
  }
}

/** Changing a file needs data entry rights on its form (not none, not read only), as a record import does. */
function requireEditable(call: ProjectCall, slot: FileSlot): void {
  const level = call.user.rights.forms[slot.field.form] ?? 1;
  if (level === 0 || level === 2) {
    throw forbidden(
      `You do not have rights to edit data on these instruments: ${slot.field.form} (${slot.field.name})`,
    );
  }
}

/** The slot's file-upload field as a cell of the record. */
function cellOf(slot: FileSlot): Cell {
  return { record: slot.record, eventId: slot.eventId, instance: slot.instance, field: slot.field.name };
}

function storedDoc(call: ProjectCall, slot: FileSlot): StoredDoc | undefined {
  return fieldDoc(call.db, call.project.id, cellOf(slot));
}

/** `content=file, action=export`: the file's bytes, `Content-Type: <mime>; name="<file>"`. */
export const exportFileHandler: ProjectHandler = (call) => {
  requireRights(call, 'api_export');
  const slot = resolveFileSlot(call);
  requireExportable(call, slot);
  const doc = slot.inArm ? storedDoc(call, slot) : undefined;
  if (!doc) throw badRequest('There is no file to download for this record');
  call.log({
    action: 'Download uploaded document (API)',
    logType: 'export',
    record: slot.record,
    eventId: slot.eventId,
    details: `${slot.field.name} = '${doc.name}'`,
  });
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
  const repeatingEvent = schema.isRepeatingEvent(schema.longitudinal ? slot.event : undefined);
  const cell = cellOf(slot);
  let replaced = false;
  db.transaction(() => {
    const old = storedDoc(call, slot);
    if (old) {
      deleteDoc(db, old.doc_id);
      replaced = true;
    }
    const docId = insertDoc(db, pid, { name, mimeType: uploadMimeType(name, upload.mimeType), data: upload.data });
    attachFieldDoc(db, pid, cell, docId);
    const writer = new RecordWriter(db, pid);
    if (!slot.inArm) writer.ensureRecord(slot.record, slot.arm, slot.groupId);
    writer.setValue(cell, name);
    // The record id is stored in every event (and repeating-event instance) that holds data.
    writer.ensureValue(
      { ...cell, instance: repeatingEvent ? slot.instance : 1, field: schema.recordIdField },
      slot.record,
    );
    writer.ensureFormStatus(cell, slot.field.form);
    writer.flush();
  })();
  call.log({
    action: replaced ? 'Update record (API)' : 'Upload document (API)',
    logType: 'record_edit',
    record: slot.record,
    eventId: slot.eventId,
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
    removeFieldDoc(call.db, call.project.id, cellOf(slot), doc.doc_id);
    const writer = new RecordWriter(call.db, call.project.id);
    writer.setValue(cellOf(slot), '');
    writer.flush();
  })();
  call.log({
    action: 'Delete uploaded document (API)',
    logType: 'record_edit',
    record: slot.record,
    eventId: slot.eventId,
    details: `${slot.field.name} = '' (was '${doc.name}')${slot.instance > 1 ? ` [instance ${slot.instance}]` : ''}`,
  });
  return { contentType: CONTENT_TYPES[call.format], body: '' };
};
