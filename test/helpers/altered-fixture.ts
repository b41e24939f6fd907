import { parseOdm } from '../../src/server/odm/parse-odm.js';
import type { ProjectDefinition } from '../../src/server/project-definition.js';
import type { HeldProject, RedcapServer } from '../../src/server/redcap-server.js';
import { fixtureFile } from './server.js';

let copies = 0;

/**
 * A fixture project changed before the server loads it: missing-data
 * codes, a stored value REDCap's rules now reject (data entered before a
 * validation was added), a report, a repeating setup. The server stores
 * what the definition holds, as it does a project XML.
 */
export function alteredFixture(
  server: RedcapServer,
  name: string,
  change: (def: ProjectDefinition) => void,
): HeldProject {
  const def = parseOdm(fixtureFile(name, 'project.xml'));
  change(def);
  return server.addProject(def, `altered:${name}:${copies++}`);
}

/** Sets one stored value (adds it when the record has none there). */
export function setValue(
  def: ProjectDefinition,
  record: string,
  event: string,
  field: string,
  value: string,
  instance = 1,
): void {
  const found = def.values.find(
    (v) => v.record === record && v.event === event && v.field === field && v.instance === instance,
  );
  if (found) found.value = value;
  else def.values.push({ record, event, field, instance, value });
}
