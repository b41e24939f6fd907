/**
 * Triggers that delete a copy table's rows of a record (keyed by
 * project_id and record) whenever the record's values are written, by any
 * code path: what keeps the export packs and the kept lines true.
 */
export function dropCopiesOnWrite(table: string): string {
  const drop = (row: 'NEW' | 'OLD') =>
    `  DELETE FROM ${table} WHERE project_id = ${row}.project_id AND record = ${row}.record;\n`;
  return `
CREATE TRIGGER IF NOT EXISTS values_insert_drops_${table} AFTER INSERT ON record_values BEGIN
${drop('NEW')}END;
CREATE TRIGGER IF NOT EXISTS values_update_drops_${table} AFTER UPDATE ON record_values BEGIN
${drop('OLD')}${drop('NEW')}END;
CREATE TRIGGER IF NOT EXISTS values_delete_drops_${table} AFTER DELETE ON record_values BEGIN
${drop('OLD')}END;
`;
}
