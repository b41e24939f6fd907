import { execFileSync } from 'node:child_process';

/** A Python that can import pandas: the one on PATH, else Debian's (python3-pandas); undefined when neither can. */
export function pandasPython() {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(python, ['-c', 'import pandas'], { stdio: 'ignore' });
      return python;
    } catch {
      // try the next one
    }
  }
  return undefined;
}
