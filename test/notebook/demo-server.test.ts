import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEMO_TOKENS_ENV,
  DEMO_URL_ENV,
  demoServer,
  demoTokensEnv,
  startDemoServer,
} from '../../src/notebook/demo-server.js';

describe('demoServer', () => {
  const saved = { url: process.env[DEMO_URL_ENV], tokens: process.env[DEMO_TOKENS_ENV] };
  afterEach(() => {
    for (const [k, v] of [
      [DEMO_URL_ENV, saved.url],
      [DEMO_TOKENS_ENV, saved.tokens],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('starts an embedded server with both demo projects when no URL is set, and never shows a token', async () => {
    delete process.env[DEMO_URL_ENV];
    const demo = await demoServer();
    try {
      expect(demo.embedded).toBe(true);
      expect(demo.projectNames).toEqual(['tutorial', 'clinical-study']);
      const info = await demo.project('clinical-study').exportProjectInfo();
      expect(info.project_title).toBe('redcap-frames demo: clinical study');
      const tutorial = demo.project('tutorial');
      const token = tutorial.revealToken();
      for (const shown of [String(demo), inspect(demo), JSON.stringify(demo)]) {
        expect(shown).toContain(demo.url);
        expect(shown).not.toContain(token);
      }
      expect(() => demo.project('nope' as 'tutorial')).toThrow(
        'The demo server has no project "nope" (it has: tutorial, clinical-study).',
      );
      // The bare-HTTP part of notebook 1 gets the same token for its own calls.
      expect(demo.revealToken('tutorial')).toBe(token);
      expect(() => demo.revealToken('nope' as 'tutorial')).toThrow('The demo server has no project "nope"');
      await tutorial.close();
    } finally {
      await demo.close();
    }
  });

  it('connects to the server named in the environment, with the tokens given there', async () => {
    const { server, tokens } = await startDemoServer();
    try {
      process.env[DEMO_URL_ENV] = server.url;
      process.env[DEMO_TOKENS_ENV] = demoTokensEnv(tokens);
      const demo = await demoServer();
      expect(demo.embedded).toBe(false);
      expect(demo.url).toBe(server.url);
      const rows = await demo.project('tutorial').exportRecords({ fields: ['study_id'] });
      expect(rows.map((r) => r.study_id)).toEqual(['1', '2', '3']);
      await demo.close(); // leaves the given server running
      expect((await demo.project('tutorial').exportVersion()).length).toBeGreaterThan(0);
      process.env[DEMO_TOKENS_ENV] = 'not json';
      await expect(demoServer()).rejects.toThrow(`${DEMO_TOKENS_ENV} must be a JSON object of project name → token.`);
    } finally {
      await server.close();
    }
  });
});
