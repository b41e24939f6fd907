import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { embedFonts, findFontFiles } from '../../../src/server/pdf/pdf-fonts.js';
import { pageTexts } from './pdf-text.js';

describe('PDF fonts', () => {
  it('falls back to the standard fonts with transliteration when told to (or when no font is found)', async () => {
    const doc = await PDFDocument.create();
    const fonts = await embedFonts(doc, { fontFiles: null });
    expect(fonts.unicode).toBe(false);
    expect(fonts.substituted).toBe(false);
    expect(fonts.prepare('Café, 5 °C')).toBe('Café, 5 °C');
    expect(fonts.substituted).toBe(false);
    expect(fonts.prepare('Привет, Щука! αβγ 漢')).toBe('Privet, Shchuka! abg ?');
    expect(fonts.substituted).toBe(true);
    expect(fonts.prepare('tab\there\r\nnext')).toBe('tab here\nnext');
    doc.addPage().drawText(fonts.prepare('Жук'), { x: 20, y: 700, size: 12, font: fonts.regular });
    const [text] = await pageTexts(await doc.save());
    expect(text).toContain('Zhuk');
  });

  it('embeds a Unicode font when one is found, drawing Cyrillic as itself', async () => {
    const doc = await PDFDocument.create();
    const fonts = await embedFonts(doc);
    expect(fonts.unicode).toBe(findFontFiles() !== null);
    if (!fonts.unicode) return;
    expect(fonts.prepare('Жук ☃')).toBe('Жук ☃');
    doc.addPage().drawText(fonts.prepare('Жук and bold'), { x: 20, y: 700, size: 12, font: fonts.regular });
    doc.getPage(0).drawText('Bold', { x: 20, y: 680, size: 12, font: fonts.bold });
    const bytes = await doc.save();
    const [text] = await pageTexts(bytes);
    expect(text).toContain('Жук and bold');
    expect(text).toContain('Bold');
    // Only a subset of the font is embedded.
    expect(bytes.length).toBeLessThan(findFontFiles()!.regular.length / 5);
  });

  it('uses the font files it is given, and the standard fonts when they are not usable', async () => {
    const doc = await PDFDocument.create();
    const fonts = await embedFonts(doc, { fontFiles: { regular: '/nonexistent/font.ttf' } });
    expect(fonts.unicode).toBe(false);
  });
});

describe('embedded font subsets', () => {
  it('refuse a file that is not a font, falling back to the standard fonts', async () => {
    const doc = await PDFDocument.create();
    const fonts = await embedFonts(doc, { fontFiles: { regular: fileURLToPath(import.meta.url) } });
    expect(fonts.unicode).toBe(false);
  });

  it('hold the glyphs drawn (Cyrillic included), with the font’s metrics, and draw a missing character as U+FFFD', async () => {
    const files = findFontFiles();
    if (!files) return;
    const doc = await PDFDocument.create();
    const fonts = await embedFonts(doc);
    const lacking = String.fromCodePoint(0x10fffd); // a private-use character no font has
    expect(fonts.prepare(`Жé A${lacking}`)).toBe('Жé A\ufffd');
    expect(fonts.substituted).toBe(true);
    doc.addPage().drawText(fonts.prepare(`Жé A${lacking}`), { x: 20, y: 700, size: 12, font: fonts.regular });
    const bytes = await doc.save();
    expect((await pageTexts(bytes))[0]).toContain('Жé A\ufffd');
    // The embedded FontFile2 is a real TrueType subset: few glyphs, same units and advances.
    const saved = await PDFDocument.load(bytes);
    const streams = saved.context
      .enumerateIndirectObjects()
      .map(([, o]) => (o instanceof PDFDict ? o.get(PDFName.of('FontFile2')) : undefined))
      .filter((ref) => ref !== undefined)
      .map((ref) => saved.context.lookup(ref))
      .filter((o): o is PDFRawStream => o instanceof PDFRawStream);
    // Regular and bold (a file of its own on most systems); only the regular face drew text here.
    expect(streams.length === 1 || streams.length === 2).toBe(true);
    const full = fontkit.create(files.regular);
    const subsets = streams.map((stream) => fontkit.create(decodePDFRawStream(stream).decode()));
    for (const subset of subsets) expect(subset.numGlyphs).toBeLessThan(full.numGlyphs / 100);
    const subset = subsets.find((f) => f.numGlyphs > 1)!;
    expect(subset.unitsPerEm).toBe(full.unitsPerEm);
    const subsetAdvances = Array.from({ length: subset.numGlyphs }, (_, k) => subset.getGlyph(k).advanceWidth);
    for (const ch of 'Жé A') expect(subsetAdvances).toContain(full.glyphForCodePoint(ch.codePointAt(0)!).advanceWidth);
  });
});
