import { afterEach, describe, expect, test } from 'vitest';
import { TOKEN, mockRedcap, type MockRedcap } from './mock-redcap.js';

let mock: MockRedcap | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe('request bodies', () => {
  test('a short call is urlencoded; an import whose data is long goes as multipart fields, data as sent', async () => {
    mock = mockRedcap();
    mock.handle(() => ({ body: { count: 1 } }));
    await mock.project.importRecords('record_id,name\n1,Zoë\n', { format: 'csv' });
    const long = `record_id,name\n${Array.from({ length: 9000 }, (_, i) => `${i + 1},Zoë "${i}" & 100%+\n`).join('')}`;
    expect(long.length).toBeGreaterThan(64 * 1024);
    await mock.project.importRecords(long, { format: 'csv', batchSize: false });
    const [short, big] = mock.requests;
    expect(short.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(short.params.data).toBe('record_id,name\n1,Zoë\n');
    expect(big.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(big.params.data).toBe(long);
    expect(big.params).toMatchObject({ token: TOKEN, content: 'record', action: 'import', format: 'csv' });
    // Each parameter once: the token is not sent twice.
    expect(big.entries.filter(([k]) => k === 'token')).toHaveLength(1);
  });
});
