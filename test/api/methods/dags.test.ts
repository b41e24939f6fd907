import { describe, expect, test } from 'vitest';
import { sent } from './sent.js';

describe('data access groups', () => {
  test('export / import / delete / switch', async () => {
    const dag = { data_access_group_name: 'New DAG', unique_group_name: 'new_dag', data_access_group_id: 31 };
    const out = await sent((p) => p.exportDags(), { body: [dag] });
    expect(out.params).toEqual({ content: 'dag', action: 'export', format: 'json' });
    expect(out.result).toEqual([dag]);
    const imp = await sent((p) => p.importDags([{ data_access_group_name: 'Site B', unique_group_name: '' }]), {
      body: '1',
    });
    expect(imp.params).toEqual({
      content: 'dag',
      action: 'import',
      format: 'json',
      data: '[{"data_access_group_name":"Site B","unique_group_name":""}]',
    });
    expect(imp.result).toBe(1);
    const del = await sent((p) => p.deleteDags(['new_dag']), { body: '1' });
    expect(del.params).toEqual({ content: 'dag', action: 'delete', format: 'json', 'dags[0]': 'new_dag' });
    const sw = await sent((p) => p.switchDag('site_b'), { body: '1' });
    expect(sw.params).toEqual({ content: 'dag', action: 'switch', format: 'json', dag: 'site_b' });
    expect(sw.result).toBeUndefined();
  });

  test('user/DAG mappings', async () => {
    const map = [{ username: 'alice', redcap_data_access_group: 'site_b' }];
    const out = await sent((p) => p.exportUserDagMappings(), { body: map });
    expect(out.params).toEqual({ content: 'userDagMapping', action: 'export', format: 'json' });
    expect(out.result).toEqual(map);
    const imp = await sent((p) => p.importUserDagMappings(map), { body: '1' });
    expect(imp.params).toEqual({
      content: 'userDagMapping',
      action: 'import',
      format: 'json',
      data: JSON.stringify(map),
    });
  });

  test('deleting no groups sends nothing', async () => {
    const { mockRedcap } = await import('../mock-redcap.js');
    const m = mockRedcap();
    expect(await m.project.deleteDags([])).toBe(0);
    expect(m.requests).toHaveLength(0);
    await m.close();
  });
});
