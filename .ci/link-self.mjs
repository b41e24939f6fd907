// Lets notebooks and examples inside this repository import the package by
// its name ('redcap-frames'), as a user would: node_modules/redcap-frames → ..
import { existsSync, lstatSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

const link = join(process.cwd(), 'node_modules', 'redcap-frames');
if (existsSync(join(process.cwd(), 'node_modules'))) {
  let present = false;
  try {
    present = lstatSync(link).isSymbolicLink() || existsSync(link);
  } catch {
    present = false;
  }
  if (!present) symlinkSync('..', link, 'dir');
}
