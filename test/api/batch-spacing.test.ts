import { Agent, type Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/api/project.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';
import { loadFixture, startServer } from '../helpers/server.js';

/** A real connection pool that notes when each request leaves the client, and what it asks for. */
class RecordingAgent extends Agent {
  starts: { at: number; body: string }[] = [];

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.starts.push({ at: performance.now(), body: String(options.body ?? '') });
    return super.dispatch(options, handler);
  }
}

describe('interBatchDelayMs', () => {
  let server: RedcapServer;
  let agent: RecordingAgent;
  let project: Project;
  beforeAll(async () => {
    server = await startServer();
    agent = new RecordingAgent();
    project = new Project(server.url, loadFixture(server, 'clinical-trial-1').token, { dispatcher: agent });
  });
  afterAll(async () => {
    await project.close();
    await agent.close();
    await server.close();
  });

  /** When the record-export requests of one export left the client. */
  async function arrivals(options: {
    interBatchDelayMs?: number;
    concurrency: number;
  }): Promise<{ times: number[]; rows: number }> {
    await project.loadRecordIdField();
    agent.starts = [];
    const rows = await project.exportRecords({ batchSize: 40, ...options });
    const times = agent.starts.filter((s) => /content=record\b/.test(s.body)).map((s) => s.at);
    return { times, rows: rows.length };
  }

  it('starts each request of a batched export at least the delay after the one before, whatever the concurrency', async () => {
    const plain = await arrivals({ concurrency: 4 });
    const delay = 120;
    const spaced = await arrivals({ interBatchDelayMs: delay, concurrency: 4 });
    expect(spaced.rows).toBe(plain.rows);
    // The record names, then more than two batches.
    expect(spaced.times.length).toBe(plain.times.length);
    expect(spaced.times.length).toBeGreaterThan(3);
    const gaps = spaced.times.slice(1).map((t, k) => t - spaced.times[k]);
    // Only a lower bound: a busy machine makes gaps longer, never shorter. 2 ms allows for clock granularity.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(delay - 2);
    expect(spaced.times.at(-1)! - spaced.times[0]).toBeGreaterThanOrEqual((spaced.times.length - 1) * delay - 2);
  });

  it('refuses a negative delay', async () => {
    await expect(project.exportRecords({ batchSize: 40, interBatchDelayMs: -1 })).rejects.toThrow(/interBatchDelayMs/);
  });
});
