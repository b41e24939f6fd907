import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';

// ipc-writer.ts uses two of flechette's internal modules (the Arrow file
// footer): the installed copy must be the exact version the package pins, and
// arquero must share it (one flechette, one set of internals).
it('flechette is a direct dependency pinned to the installed version, shared with arquero', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
  const require = createRequire(import.meta.url);
  const installed = require('@uwdata/flechette/package.json').version;
  expect(pkg.dependencies['@uwdata/flechette']).toBe(installed);
  expect(pkg.overrides['@uwdata/flechette']).toBe(installed);
  const fromArquero = createRequire(require.resolve('arquero'))('@uwdata/flechette/package.json').version;
  expect(fromArquero).toBe(installed);
});
