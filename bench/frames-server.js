// The embedded server holding the frames benchmark project, for contender (c):
//   node bench/frames-server.js <dir>
// Loads <dir>/schema.json and <dir>/records.csv into an in-memory server
// (not timed), then prints one JSON line { url, token } and serves until killed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRows } from '../dist/formats/csv.js';
import { buildSchema } from '../dist/schema/index.js';
import { RedcapServer } from '../dist/server/redcap-server.js';
import { emptyDefinition } from '../dist/server/project-definition.js';

const dir = process.argv[2];

/** The project as a definition; built in a function so that nothing of it stays reachable once the server holds it. */
function definition() {
  const structure = JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8'));
  const schema = buildSchema(structure);
  const def = emptyDefinition('redcap-frames benchmark: 100,000 x 100');
  def.dictionary = structure.dictionary;
  def.info = { ...def.info, ...structure.info, project_title: def.info.project_title };
  const [header, ...rows] = parseCsvRows(readFileSync(join(dir, 'records.csv'), 'utf8'));
  const columns = header.map((name) => schema.column(name));
  for (const row of rows) {
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
const server = await RedcapServer.start({ db: ':memory:', port: 0 });
const held = server.addProject(definition());
console.log(JSON.stringify({ url: server.url, token: held.token }));
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
