import { Readable } from 'node:stream';
import { TrueTypeFont } from './truetype.js';
import { TrueTypeSubset } from './truetype-subset.js';

/** A glyph as pdf-lib's font embedder reads it. */
export interface AdaptedGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

/**
 * A TrueType font shaped like the fontkit font object pdf-lib's custom
 * font embedder expects (`pdfDoc.registerFontkit`), so pdf-lib can embed
 * a subset of it as a Type0/CIDFontType2 font with widths and a ToUnicode
 * map. Layout is one glyph per code point, without kerning or shaping:
 * enough for Latin, Cyrillic, Greek and other simple scripts. A character
 * the font lacks is drawn as U+FFFD (or `?`).
 */
export class AdaptedFont {
  readonly cff = false;
  private readonly glyphs = new Map<number, AdaptedGlyph>();
  private readonly replacement: number;

  constructor(readonly ttf: TrueTypeFont) {
    this.replacement = ttf.hasGlyph(0xfffd) ? 0xfffd : 0x3f;
  }

  get postscriptName(): string { return this.ttf.postscriptName; }
  get unitsPerEm(): number { return this.ttf.unitsPerEm; }
  get bbox() { return this.ttf.bbox; }
  get ascent(): number { return this.ttf.ascent; }
  get descent(): number { return this.ttf.descent; }
  get capHeight(): number { return this.ttf.capHeight; }
  get xHeight(): number { return this.ttf.xHeight; }
  get italicAngle(): number { return this.ttf.italicAngle; }
  get characterSet(): number[] { return this.ttf.codePoints(); }
  get 'OS/2'() { return { sFamilyClass: this.ttf.familyClass }; }
  get post() { return { isFixedPitch: this.ttf.isFixedPitch }; }
  get head() { return { macStyle: { italic: this.ttf.italic } }; }

  /** Whether the font can draw this character. */
  covers(codePoint: number): boolean {
    return this.ttf.hasGlyph(codePoint);
  }

  glyphForCodePoint(codePoint: number): AdaptedGlyph {
    const cp = this.ttf.hasGlyph(codePoint) ? codePoint : this.replacement;
    const id = this.ttf.glyphOf(cp);
    let glyph = this.glyphs.get(id);
    if (!glyph) {
      glyph = { id, advanceWidth: this.ttf.advanceOf(id), codePoints: [cp] };
      this.glyphs.set(id, glyph);
    }
    return glyph;
  }

  layout(text: string): { glyphs: AdaptedGlyph[] } {
    const glyphs: AdaptedGlyph[] = [];
    for (const ch of text) glyphs.push(this.glyphForCodePoint(ch.codePointAt(0)!));
    return { glyphs };
  }

  createSubset() {
    const subset = new TrueTypeSubset(this.ttf);
    return {
      cff: false,
      includeGlyph: (glyph: AdaptedGlyph | number): number => subset.include(typeof glyph === 'number' ? glyph : glyph.id),
      encodeStream: (): Readable => Readable.from([subset.encode()]),
    };
  }
}

// Font files are read once per process; each PDF parses nothing again.
const parsed = new WeakMap<Uint8Array, TrueTypeFont>();

/** The `fontkit` object handed to `PDFDocument.registerFontkit`. */
export const trueTypeFontkit = {
  create(data: Uint8Array): AdaptedFont {
    let font = parsed.get(data);
    if (!font) parsed.set(data, (font = new TrueTypeFont(data)));
    return new AdaptedFont(font);
  },
};
