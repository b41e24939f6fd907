import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { PdfFormPage } from '../../../src/server/pdf/form-content.js';
import { renderPdf, wrapText } from '../../../src/server/pdf/render-pdf.js';
import { pageTexts } from './pdf-text.js';

describe('PDF layout', () => {
  it('wraps text to a width, keeping paragraphs and breaking words longer than a line', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const text = 'The quick brown fox jumps over the lazy dog again and again\nSecond paragraph ' + 'x'.repeat(80);
    const lines = wrapText(text, font, 10, 100);
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(font.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(100);
    expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    expect(lines).toContain('Second paragraph');
    expect(lines.filter((l) => /^x+$/.test(l)).join('')).toBe('x'.repeat(80));
    expect(wrapText('', font, 10, 100)).toEqual(['']);
  });

  it('starts each instrument on a page, flows long ones onto more pages, and numbers the pages', async () => {
    const long: PdfFormPage = {
      formLabel: 'Long form',
      context: ['Record ID 7'],
      items: Array.from({ length: 80 }, (_, i) => ({
        kind: 'field' as const,
        label: `Question ${i + 1}`,
        note: '',
        answer: { kind: 'text' as const, value: `answer ${i + 1}`, lines: 1 },
      })),
    };
    const short: PdfFormPage = {
      formLabel: 'Short form',
      context: [],
      items: [
        { kind: 'section', text: 'About you' },
        {
          kind: 'field',
          label: 'Colour',
          note: 'pick one',
          answer: {
            kind: 'choices',
            multiple: false,
            options: [
              { label: 'Red', checked: true },
              { label: 'Blue', checked: false },
            ],
          },
        },
        { kind: 'descriptive', text: 'Thank you.' },
      ],
    };
    const bytes = await renderPdf([long, short], {
      projectTitle: 'Layout test',
      generatedAt: new Date('2024-01-02T03:04:00Z'),
      fontFiles: null,
    });
    const doc = await PDFDocument.load(bytes);
    const pages = doc.getPageCount();
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(doc.getTitle()).toBe('Layout test');
    const texts = await pageTexts(bytes);
    expect(texts[0]).toContain('Long form');
    expect(texts[1]).toContain('Long form (continued)');
    expect(texts[pages - 1]).toContain('Short form');
    expect(texts[pages - 1]).not.toContain('Question');
    expect(texts[pages - 1]).toContain(`Page ${pages} of ${pages}`);
    expect(texts[0]).toContain('2024-01-02 03:04 UTC');
    // Every question printed once, in order.
    const all = texts.join('\n');
    const order = [...all.matchAll(/Question (\d+)\n/g)].map((m) => Number(m[1]));
    expect(order).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
  });

  it('prints a page saying so when there is nothing to print', async () => {
    const bytes = await renderPdf([], { projectTitle: 'Empty', fontFiles: null });
    const texts = await pageTexts(bytes);
    expect(texts.length).toBe(1);
    expect(texts[0]).toContain('No instruments to print');
  });
});
