import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURE_ROOT = join(import.meta.dirname, '..', '..', 'fixtures', 'redcapr');

/** Every fixture folder that holds a project.xml, by name. */
export const ODM_FIXTURES: readonly string[] = readdirSync(FIXTURE_ROOT)
  .filter((name) => existsSync(join(FIXTURE_ROOT, name, 'project.xml')))
  .sort();

export function fixtureXml(name: string): string {
  return readFileSync(join(FIXTURE_ROOT, name, 'project.xml'), 'utf8');
}

export function fixtureFile(name: string, file: string): string | undefined {
  const path = join(FIXTURE_ROOT, name, file);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
