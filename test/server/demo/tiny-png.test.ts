import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, scanThumbnailPng } from '../../../src/server/demo/tiny-png.js';

/** The chunks of a PNG: type, data, and whether the stored CRC matches. */
function chunks(png: Uint8Array): { type: string; data: Buffer; crcOk: boolean }[] {
  const buf = Buffer.from(png);
  const out = [];
  let at = 8;
  while (at < buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    const crcOk = buf.readUInt32BE(at + 8 + length) === crc32(buf.subarray(at + 4, at + 8 + length));
    out.push({ type, data, crcOk });
    at += 12 + length;
  }
  return out;
}

describe('scanThumbnailPng', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.from('IEND', 'latin1'))).toBe(0xae426082);
  });

  it('is a well-formed PNG: signature, IHDR, IDAT, IEND, valid CRCs', () => {
    const png = scanThumbnailPng(16);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const list = chunks(png);
    expect(list.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(list.every((c) => c.crcOk)).toBe(true);
    const ihdr = list[0].data;
    expect(ihdr.readUInt32BE(0)).toBe(16);
    expect(ihdr.readUInt32BE(4)).toBe(16);
    expect([ihdr[8], ihdr[9]]).toEqual([8, 0]);
    // One filter byte plus one grey byte per pixel on each row.
    const raw = inflateSync(list[1].data);
    expect(raw.length).toBe(16 * 17);
    expect(raw[0]).toBe(0);
    // Black corner, bright ring, darker core.
    const pixel = (x: number, y: number) => raw[y * 17 + 1 + x];
    expect(pixel(0, 0)).toBe(0);
    expect(pixel(8, 2)).toBeGreaterThan(150);
    expect(pixel(8, 8)).toBeLessThan(pixel(8, 2));
  });

  it('is the same bytes every time', () => {
    expect(Buffer.from(scanThumbnailPng()).equals(Buffer.from(scanThumbnailPng()))).toBe(true);
  });
});
