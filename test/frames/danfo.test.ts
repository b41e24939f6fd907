import { describe, expect, it } from 'vitest';
import { loadDanfo, toDanfo } from '../../src/frames/danfo.js';
import { splitByInstrument } from '../../src/frames/split.js';
import { readRecords } from '../../src/frames/typed-frame.js';
import { fixtureText, odmSchema } from './fixtures.js';

describe('toDanfo', () => {
  it('gives a Danfo DataFrame with the values of the Arquero table (NaN for missing numbers)', () => {
    const frame = readRecords(fixtureText('blank-for-gray-status', 'data.csv'), odmSchema('blank-for-gray-status'));
    const df = toDanfo(frame);
    expect(df.columns).toEqual(frame.table.columnNames());
    expect(df.shape).toEqual([frame.table.numRows(), frame.table.numCols()]);
    for (const info of frame.columns) {
      const arquero = Array.from(frame.table.array(info.name) as ArrayLike<unknown>);
      const expected = info.type === 'number' ? arquero.map((v) => (v === null ? NaN : v)) : arquero;
      expect(df.column(info.name).values, info.name).toEqual(expected);
    }
    const types = Object.fromEntries(df.columns.map((c, k) => [c, df.dtypes[k]]));
    expect(types).toMatchObject({
      record_id: 'string',
      height: 'float32',
      race___1: 'boolean',
      dob: 'string',
      sex: 'string',
    });
    expect(df.column('dob').values[0]).toEqual(new Date('2003-08-30T00:00:00Z'));
  });

  it('says what to install when Danfo is missing', () => {
    expect(() => loadDanfo(['no-such-danfo-package'])).toThrow(
      /install danfojs-node \(or danfojs\).*no-such-danfo-package/,
    );
    expect(typeof loadDanfo().DataFrame).toBe('function');
  });

  it('converts the per-instrument tables too', () => {
    const frame = readRecords(fixtureText('repeating-instruments', 'data.csv'), odmSchema('repeating-instruments'));
    const bp = splitByInstrument(frame).get('bp')!;
    const df = toDanfo(bp);
    expect(df.column('bp_systolic').values).toEqual([110, 111, 112, 114]);
    expect(df.column('redcap_repeat_instance').values).toEqual([1, 2, 3, 1]);
  });
});
