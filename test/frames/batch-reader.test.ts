import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchReader } from '../../src/frames/batch-reader.js';
import { resolveOptions, type FrameOptions } from '../../src/frames/options.js';
import { readRecords, type TypedFrame } from '../../src/frames/typed-frame.js';
import { plainRows } from './compare.js';
import { FIXTURES, fixtureSchema, odmSchema, projectsWithData } from './fixtures.js';

/** Where each row of a CSV export ends (line breaks outside quotes). */
function rowEnds(b: Uint8Array): number[] {
  const ends: number[] = [];
  let quoted = false;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 34) quoted = !quoted;
    else if (b[i] === 10 && !quoted) ends.push(i + 1);
  }
  if (ends[ends.length - 1] !== b.length) ends.push(b.length);
  return ends;
}

/** The export as answers of `size` rows each, every one with the header, as batches come from REDCap. */
function batches(b: Uint8Array, size: number): Uint8Array[] {
  const ends = rowEnds(b);
  if (ends.length < 2) return [b];
  const header = b.subarray(0, ends[0]);
  const out: Uint8Array[] = [];
  for (let i = 1; i < ends.length; i += size) {
    const body = b.subarray(ends[i - 1], ends[Math.min(i + size, ends.length) - 1]);
    out.push(Buffer.concat([i === 1 ? Buffer.alloc(0) : Buffer.from('\uFEFF'), header, body]));
  }
  return out;
}

function plain(frame: TypedFrame) {
  return {
    rows: plainRows(frame),
    columns: frame.columns,
    invalid: frame.invalid.rows,
    missing: frame.missing.rows,
    texts: frame.numberTexts.rows,
  };
}

async function inBatches(
  parts: Uint8Array[],
  project: string,
  options: FrameOptions,
  early: boolean,
): Promise<TypedFrame> {
  const reader = new BatchReader(resolveOptions({ ...options, format: 'csv' }));
  const schema = odmSchema(project);
  if (early) reader.start(schema);
  parts.forEach((p, i) => {
    reader.add(p, parts.length);
    if (i === 0) reader.add(new Uint8Array(0));
    if (!early && i === 0) reader.start(schema);
  });
  return reader.finish();
}

describe('BatchReader', () => {
  for (const project of projectsWithData()) {
    it(`gives the frame of the whole export, read batch by batch (${project})`, async () => {
      const bytes = new Uint8Array(readFileSync(join(FIXTURES, project, 'data.csv')));
      const schema = odmSchema(project);
      for (const options of [{}, { checkboxes: 'list', choices: 'codes' }] as FrameOptions[]) {
        const whole = plain(readRecords(bytes, schema, { ...options, format: 'csv' }));
        for (const size of [1, 2, 5]) {
          const parts = batches(bytes, size);
          expect(plain(await inBatches(parts, project, options, size !== 2))).toEqual(whole);
        }
      }
    });
  }

  it('keeps choice columns apart whose values outside the choices differ by batch', async () => {
    const project = 'simple';
    const schema = odmSchema(project);
    const csv = 'record_id,sex,name_first\n1,9,"A ""q"""\n2,0,Bé\n3,7,C\n4,9,"D ""d"", e"\n5,1,\n';
    const bytes = new Uint8Array(Buffer.from(csv));
    const whole = plain(readRecords(bytes, schema, { format: 'csv' }));
    expect(whole.invalid.length).toBe(3);
    const parts = batches(bytes, 2);
    expect(plain(await inBatches(parts, project, {}, true))).toEqual(whole);
  });

  it('refuses batches whose headers differ, as a RedcapError', () => {
    const reader = new BatchReader(resolveOptions({ format: 'csv' }));
    reader.start(fixtureSchema('simple'));
    reader.add(new Uint8Array(Buffer.from('record_id,sex\n1,0\n')));
    expect(() => reader.add(new Uint8Array(Buffer.from('record_id,age\n2,30\n')))).toThrow(
      /exportRecords: could not join the batches: the batches' CSV headers differ/,
    );
  });

  it('gives an empty frame when no batch has rows', async () => {
    const reader = new BatchReader(resolveOptions({ format: 'csv' }));
    reader.add(new Uint8Array(0));
    reader.start(fixtureSchema('simple'));
    expect((await reader.finish()).table.numRows()).toBe(0);
  });
});
