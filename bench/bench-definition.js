// The frames benchmark project (bench/frames-generate.js: schema.json and
// records.csv in <dir>) as a project definition for the embedded server:
// what bench/frames-server.js serves and bench/project-xml.js writes as ODM.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRows } from '../dist/formats/csv.js';
import { buildSchema } from '../dist/schema/index.js';
import { emptyDefinition } from '../dist/server/project-definition.js';

/** The definition; `records` limits it to the first records (all by default). */
export function benchDefinition(dir, records = Infinity) {
  const structure = JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8'));
  const schema = buildSchema(structure);
  const def = emptyDefinition('redcap-frames benchmark: 100,000 x 100');
  def.dictionary = structure.dictionary;
  def.info = { ...def.info, ...structure.info, project_title: def.info.project_title };
  const [header, ...rows] = parseCsvRows(readFileSync(join(dir, 'records.csv'), 'utf8'));
  const columns = header.map((name) => schema.column(name));
  for (const row of rows.slice(0, records)) {
    const record = row[0];
    for (let i = 0; i < header.length; i++) {
      const value = row[i];
      const col = columns[i];
      if (value === '' || !col) continue;
      // A checkbox is stored once per checked option, under its field, as REDCap's EAV table does.
      if (col.code !== undefined) {
        if (value === '1') def.values.push({ record, event: '', field: col.rule.name, instance: 1, value: col.code });
      } else def.values.push({ record, event: '', field: col.name, instance: 1, value });
    }
  }
  return def;
}
