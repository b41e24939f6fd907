import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRowPacks } from './record-packs.js';
import { ROW_LINES_SCHEMA } from './row-lines.js';
import { createValueDocs, moveEavRows } from './value-docs.js';

export type Db = Database.Database;

/**
 * The embedded server's storage: project structure in tables as REDCap
 * keeps it, each record's values as one row of (event, instance, field,
 * value) entries (REDCap's EAV, stored by record: value-docs.ts), files
 * as blobs, users with rights, DAGs, roles and a log of every change.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS projects (
  project_id INTEGER PRIMARY KEY AUTOINCREMENT,
  info_json TEXT NOT NULL,
  -- Settings and ODM extensions with no API name, kept for project XML round trips.
  extras_json TEXT NOT NULL DEFAULT '{}',
  source TEXT,
  created_at TEXT NOT NULL,
  structure_version INTEGER NOT NULL DEFAULT 1,
  next_event_id INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS projects_source ON projects(source);

CREATE TABLE IF NOT EXISTS fields (
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  field_order INTEGER NOT NULL,
  field_name TEXT NOT NULL,
  form_name TEXT NOT NULL,
  row_json TEXT NOT NULL,
  PRIMARY KEY (project_id, field_name)
);

CREATE TABLE IF NOT EXISTS forms (
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  form_order INTEGER NOT NULL,
  form_name TEXT NOT NULL,
  label TEXT NOT NULL,
  PRIMARY KEY (project_id, form_name)
);

CREATE TABLE IF NOT EXISTS arms (
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  arm_num INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (project_id, arm_num)
);

-- Classic projects hold one hidden event (event_1_arm_1), as REDCap does.
CREATE TABLE IF NOT EXISTS events (
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  event_id INTEGER NOT NULL,
  arm_num INTEGER NOT NULL,
  event_order INTEGER NOT NULL,
  event_name TEXT NOT NULL,
  unique_event_name TEXT NOT NULL,
  custom_event_label TEXT NOT NULL DEFAULT '',
  days_offset REAL NOT NULL DEFAULT 0,
  offset_min REAL NOT NULL DEFAULT 0,
  offset_max REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, event_id),
  UNIQUE (project_id, unique_event_name)
);

CREATE TABLE IF NOT EXISTS form_events (
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  event_id INTEGER NOT NULL,
  form_name TEXT NOT NULL,
  PRIMARY KEY (project_id, event_id, form_name)
);

-- form_name '' marks a repeating event.
CREATE TABLE IF NOT EXISTS repeating (
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  event_id INTEGER NOT NULL,
  form_name TEXT NOT NULL,
  custom_label TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (project_id, event_id, form_name)
);

CREATE TABLE IF NOT EXISTS dags (
  group_id INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  group_name TEXT NOT NULL,
  unique_name TEXT NOT NULL,
  UNIQUE (project_id, unique_name)
);

CREATE TABLE IF NOT EXISTS records (
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  arm_num INTEGER NOT NULL,
  record TEXT NOT NULL,
  group_id INTEGER REFERENCES dags ON DELETE SET NULL,
  created_seq INTEGER NOT NULL,
  PRIMARY KEY (project_id, arm_num, record)
);
-- Records are looked up by name alone (batches of an export, DAG checks); the key leads with the arm.
CREATE INDEX IF NOT EXISTS records_name ON records(project_id, record);

-- Record values: see value-docs.ts (record_values, one row per record).

CREATE TABLE IF NOT EXISTS docs (
  doc_id INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  name TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  data BLOB NOT NULL,
  created_at TEXT NOT NULL
);

-- Which document sits in which file-upload field.
CREATE TABLE IF NOT EXISTS record_files (
  project_id INTEGER NOT NULL,
  event_id INTEGER NOT NULL,
  record TEXT NOT NULL,
  field_name TEXT NOT NULL,
  instance INTEGER NOT NULL DEFAULT 1,
  doc_id INTEGER NOT NULL REFERENCES docs ON DELETE CASCADE,
  PRIMARY KEY (project_id, event_id, record, field_name, instance)
);

CREATE TABLE IF NOT EXISTS repo_folders (
  folder_id INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  parent_id INTEGER,
  name TEXT NOT NULL,
  group_id INTEGER,
  role_id INTEGER
);

CREATE TABLE IF NOT EXISTS repo_files (
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  doc_id INTEGER PRIMARY KEY REFERENCES docs ON DELETE CASCADE,
  folder_id INTEGER
);

CREATE TABLE IF NOT EXISTS roles (
  role_id INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  unique_role_name TEXT NOT NULL,
  role_label TEXT NOT NULL,
  rights_json TEXT NOT NULL,
  UNIQUE (project_id, unique_role_name)
);

CREATE TABLE IF NOT EXISTS users (
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  username TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  firstname TEXT NOT NULL DEFAULT '',
  lastname TEXT NOT NULL DEFAULT '',
  expiration TEXT NOT NULL DEFAULT '',
  group_id INTEGER REFERENCES dags ON DELETE SET NULL,
  role_id INTEGER REFERENCES roles ON DELETE SET NULL,
  rights_json TEXT NOT NULL,
  token TEXT,
  token_hash TEXT,
  PRIMARY KEY (project_id, username)
);
CREATE UNIQUE INDEX IF NOT EXISTS users_token ON users(token_hash);

CREATE TABLE IF NOT EXISTS super_tokens (
  token_hash TEXT PRIMARY KEY,
  username TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS surveys (
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  form_name TEXT NOT NULL,
  title TEXT NOT NULL,
  settings_json TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (project_id, form_name)
);

CREATE TABLE IF NOT EXISTS reports (
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  report_id INTEGER NOT NULL,
  title TEXT NOT NULL,
  def_json TEXT NOT NULL,
  PRIMARY KEY (project_id, report_id)
);

CREATE TABLE IF NOT EXISTS log (
  log_id INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id INTEGER NOT NULL,
  ts TEXT NOT NULL,
  username TEXT NOT NULL,
  action TEXT NOT NULL,
  log_type TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '',
  record TEXT,
  event_id INTEGER,
  group_id INTEGER
);
CREATE INDEX IF NOT EXISTS log_project ON log(project_id, ts);

-- Survey links and codes, made once per record, survey, event and instance (survey-participants.ts).
CREATE TABLE IF NOT EXISTS survey_participants (
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  form_name TEXT NOT NULL,
  event_id INTEGER NOT NULL,
  record TEXT NOT NULL,
  instance INTEGER NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  access_code TEXT NOT NULL UNIQUE,
  return_code TEXT NOT NULL,
  PRIMARY KEY (project_id, form_name, event_id, record, instance)
);
CREATE TABLE IF NOT EXISTS survey_queue_links (
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  record TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  PRIMARY KEY (project_id, record)
);

-- The DAG Switcher's choices per user; group 0 is no group (dag-assignments.ts).
CREATE TABLE IF NOT EXISTS user_dag_choices (
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  username TEXT NOT NULL,
  group_id INTEGER NOT NULL,
  PRIMARY KEY (project_id, username, group_id)
);

-- Randomizations and their allocation tables (randomization.ts).
CREATE TABLE IF NOT EXISTS randomization (
  randomization_id INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  target_field TEXT NOT NULL,
  target_event_id INTEGER NOT NULL,
  strata_json TEXT NOT NULL DEFAULT '[]',
  by_group INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS allocations (
  allocation_id INTEGER PRIMARY KEY AUTOINCREMENT,
  randomization_id INTEGER NOT NULL REFERENCES randomization ON DELETE CASCADE,
  stratum TEXT NOT NULL,
  target_value TEXT NOT NULL,
  target_alt TEXT NOT NULL DEFAULT '',
  record TEXT,
  allocated_at TEXT
);
CREATE INDEX IF NOT EXISTS allocations_free ON allocations(randomization_id, stratum, record);
`;

/** Opens (creating if needed) a database file, or `:memory:`. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  createValueDocs(db);
  moveEavRows(db);
  createRowPacks(db);
  db.exec(ROW_LINES_SCHEMA);
  return db;
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/** Statements kept per database; the oldest goes first (lists of `?` come in many lengths). */
const KEPT_STATEMENTS = 64;

/** The statement for `sql`, prepared once per database: for statements run once per record or request. */
export function prepared(db: Db, sql: string): Database.Statement {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map()));
  let stmt = byText.get(sql);
  if (stmt) return stmt;
  if (byText.size >= KEPT_STATEMENTS) byText.delete(byText.keys().next().value!);
  byText.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}
