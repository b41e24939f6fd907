import { randomInt } from 'node:crypto';
import type { Db } from './database.js';

/**
 * Survey participants: for each record, survey, event and instance, the
 * hash of its survey link, its access code and its return code, made the
 * first time they are asked for and kept, so a link never changes. Also
 * each record's survey queue hash.
 */

const HASH_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Codes people type: upper case, without the look-alikes 0/O and 1/I. */
const CODE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function randomText(length: number, chars: string): string {
  let out = '';
  for (let i = 0; i < length; i++) out += chars[randomInt(chars.length)];
  return out;
}

/** A random value not yet used in `column` of `table`. */
function fresh(db: Db, table: string, column: string, length: number, chars: string): string {
  for (;;) {
    const v = randomText(length, chars);
    if (!db.prepare(`SELECT 1 FROM ${table} WHERE ${column} = ?`).get(v)) return v;
  }
}

export interface ParticipantTarget {
  form: string;
  eventId: number;
  record: string;
  instance: number;
}

export interface ParticipantCodes {
  /** 16 characters: the `s` of the survey link. */
  hash: string;
  /** 9 characters. */
  accessCode: string;
  /** 8 characters. */
  returnCode: string;
}

/** The codes of one record's survey (made on first use). */
export function participantCodes(db: Db, projectId: number, t: ParticipantTarget): ParticipantCodes {
  const get = () =>
    db
      .prepare(`SELECT hash, access_code AS accessCode, return_code AS returnCode FROM survey_participants
    WHERE project_id = ? AND form_name = ? AND event_id = ? AND record = ? AND instance = ?`)
      .get(projectId, t.form, t.eventId, t.record, t.instance) as ParticipantCodes | undefined;
  const found = get();
  if (found) return found;
  db.prepare(`INSERT INTO survey_participants (project_id, form_name, event_id, record, instance, hash, access_code, return_code)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
    projectId,
    t.form,
    t.eventId,
    t.record,
    t.instance,
    fresh(db, 'survey_participants', 'hash', 16, HASH_CHARS),
    fresh(db, 'survey_participants', 'access_code', 9, CODE_CHARS),
    randomText(8, CODE_CHARS),
  );
  return get()!;
}

/** The hash of a record's survey queue link (made on first use). */
export function surveyQueueHash(db: Db, projectId: number, record: string): string {
  const found = db
    .prepare('SELECT hash FROM survey_queue_links WHERE project_id = ? AND record = ?')
    .pluck()
    .get(projectId, record) as string | undefined;
  if (found) return found;
  const hash = fresh(db, 'survey_queue_links', 'hash', 16, HASH_CHARS);
  db.prepare('INSERT INTO survey_queue_links (project_id, record, hash) VALUES (?, ?, ?)').run(projectId, record, hash);
  return hash;
}
