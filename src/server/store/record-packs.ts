/**
 * Each record's values packed into one JSON text, kept beside the EAV
 * table so that an export reads one row per record instead of
 * aggregating a hundred. The pack is only a copy: triggers drop a
 * record's pack whenever any of its values is written (by any code
 * path), and a read packs again what it finds missing, so the EAV table
 * stays the truth and every rule that reads it is unchanged.
 */
export const RECORD_PACKS_SCHEMA = `
CREATE TABLE IF NOT EXISTS record_packs (
  project_id INTEGER NOT NULL,
  record TEXT NOT NULL,
  packed TEXT NOT NULL,
  PRIMARY KEY (project_id, record)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS data_insert_unpacks AFTER INSERT ON data BEGIN
  DELETE FROM record_packs WHERE project_id = NEW.project_id AND record = NEW.record;
END;
CREATE TRIGGER IF NOT EXISTS data_update_unpacks AFTER UPDATE ON data BEGIN
  DELETE FROM record_packs WHERE project_id = OLD.project_id AND record = OLD.record;
  DELETE FROM record_packs WHERE project_id = NEW.project_id AND record = NEW.record;
END;
CREATE TRIGGER IF NOT EXISTS data_delete_unpacks AFTER DELETE ON data BEGIN
  DELETE FROM record_packs WHERE project_id = OLD.project_id AND record = OLD.record;
END;
`;
