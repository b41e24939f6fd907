import { describe, expect, it } from 'vitest';
import { findFontFiles } from '../../../src/server/pdf/pdf-fonts.js';
import { TrueTypeFont } from '../../../src/server/pdf/truetype.js';
import { TrueTypeSubset } from '../../../src/server/pdf/truetype-subset.js';

// The machine's Unicode font (DejaVu Sans on Debian); these tests read it
// when there is one and otherwise check that a non-font is refused only.
const files = findFontFiles();

describe('TrueType fonts', () => {
  it('refuses data that is not a TrueType font', () => {
    expect(() => new TrueTypeFont(new TextEncoder().encode('%PDF-1.7 not a font at all'))).toThrow(/Not a TrueType font/);
  });

  it('reads metrics, names and the Unicode map', () => {
    if (!files) return;
    const font = new TrueTypeFont(files.regular);
    expect(font.unitsPerEm).toBeGreaterThan(0);
    expect(font.ascent).toBeGreaterThan(0);
    expect(font.descent).toBeLessThan(0);
    expect(font.postscriptName).toMatch(/^[A-Za-z0-9_.-]+$/);
    for (const ch of 'AZaz09Жж') expect(font.glyphOf(ch.codePointAt(0)!)).toBeGreaterThan(0);
    expect(font.glyphOf(0x10ffff)).toBe(0);
    const a = font.glyphOf(65);
    expect(font.advanceOf(a)).toBeGreaterThan(0);
    // A space has an advance but no outline.
    const space = font.glyphOf(32);
    expect(font.advanceOf(space)).toBeGreaterThan(0);
    expect(font.glyphData(space).length).toBe(0);
    expect(font.glyphData(a).length).toBeGreaterThan(10);
  });

  it('writes a subset that reads back with renumbered glyphs, same metrics and outlines', () => {
    if (!files) return;
    const font = new TrueTypeFont(files.regular);
    const subset = new TrueTypeSubset(font);
    const used = [...'Жé A'].map((ch) => font.glyphOf(ch.codePointAt(0)!));
    const ids = used.map((g) => subset.include(g));
    expect(ids).toEqual([1, 2, 3, 4]);
    expect(subset.include(used[0])).toBe(1);
    const bytes = subset.encode();
    expect(bytes.length).toBeLessThan(files.regular.length / 10);
    const back = new TrueTypeFont(bytes.slice());
    expect(back.numGlyphs).toBeGreaterThanOrEqual(5);
    expect(back.unitsPerEm).toBe(font.unitsPerEm);
    used.forEach((g, i) => {
      expect(back.advanceOf(ids[i])).toBe(font.advanceOf(g));
      const original = font.glyphData(g);
      const copy = back.glyphData(ids[i]);
      expect(copy.length).toBeGreaterThanOrEqual(original.length);
      // Simple glyphs are copied byte for byte; composites point at glyphs inside the subset.
      const parts = font.components(original);
      if (parts.length === 0) expect(Buffer.from(copy.subarray(0, original.length)).equals(Buffer.from(original))).toBe(true);
      for (const c of back.components(copy)) expect(c.glyph).toBeLessThan(back.numGlyphs);
    });
    // The whole-file checksum comes out as the TrueType magic number.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let sum = 0;
    for (let i = 0; i < bytes.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
    expect(sum).toBe(0xb1b0afba);
  });
});
