import { PDFDocument } from 'pdf-lib';
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
