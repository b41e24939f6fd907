/**
 * A TrueType (glyf-outline) font read just far enough to typeset text and
 * embed a subset in a PDF: metrics, the Unicode cmap, glyph outlines as
 * raw bytes, and the few names and flags a PDF font descriptor needs.
 */
export interface TableRecord {
  offset: number;
  length: number;
}

export class TrueTypeFont {
  readonly tables = new Map<string, TableRecord>();
  readonly unitsPerEm: number;
  readonly bbox: { minX: number; minY: number; maxX: number; maxY: number };
  readonly ascent: number;
  readonly descent: number;
  readonly capHeight: number;
  readonly xHeight: number;
  readonly italicAngle: number;
  readonly isFixedPitch: boolean;
  readonly italic: boolean;
  readonly familyClass: number;
  readonly postscriptName: string;
  readonly numGlyphs: number;
  private readonly view: DataView;
  private readonly advances: Uint16Array;
  private readonly sideBearings: Int16Array;
  private readonly glyphOffsets: Uint32Array;
  private readonly cmap = new Map<number, number>();

  constructor(readonly data: Uint8Array) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const version = this.view.getUint32(0);
    if (version !== 0x00010000 && version !== 0x74727565) throw new Error('Not a TrueType font (only glyf-outline fonts can be embedded)');
    const numTables = this.view.getUint16(4);
    for (let i = 0; i < numTables; i++) {
      const at = 12 + i * 16;
      const tag = String.fromCharCode(data[at], data[at + 1], data[at + 2], data[at + 3]);
      this.tables.set(tag, { offset: this.view.getUint32(at + 8), length: this.view.getUint32(at + 12) });
    }
    // No cmap is needed to read a subset back (PDFs map codes to glyphs themselves).
    for (const t of ['head', 'hhea', 'hmtx', 'maxp', 'loca', 'glyf']) {
      if (!this.tables.has(t)) throw new Error(`The font has no '${t}' table`);
    }
    const head = this.table('head').offset;
    this.unitsPerEm = this.view.getUint16(head + 18);
    this.bbox = {
      minX: this.view.getInt16(head + 36), minY: this.view.getInt16(head + 38),
      maxX: this.view.getInt16(head + 40), maxY: this.view.getInt16(head + 42),
    };
    this.italic = (this.view.getUint16(head + 44) & 2) !== 0;
    const longLoca = this.view.getInt16(head + 50) === 1;
    const hhea = this.table('hhea').offset;
    this.ascent = this.view.getInt16(hhea + 4);
    this.descent = this.view.getInt16(hhea + 6);
    const numberOfHMetrics = this.view.getUint16(hhea + 34);
    this.numGlyphs = this.view.getUint16(this.table('maxp').offset + 4);

    const os2 = this.tables.get('OS/2');
    this.familyClass = os2 ? this.view.getInt16(os2.offset + 30) : 0;
    const os2Version = os2 ? this.view.getUint16(os2.offset) : 0;
    this.xHeight = os2 && os2Version >= 2 ? this.view.getInt16(os2.offset + 86) : 0;
    this.capHeight = os2 && os2Version >= 2 ? this.view.getInt16(os2.offset + 88) : this.ascent;
    const post = this.tables.get('post');
    this.italicAngle = post ? this.view.getInt32(post.offset + 4) / 65536 : 0;
    this.isFixedPitch = post ? this.view.getUint32(post.offset + 12) !== 0 : false;

    // Horizontal metrics: glyphs past numberOfHMetrics repeat the last advance.
    const hmtx = this.table('hmtx').offset;
    this.advances = new Uint16Array(this.numGlyphs);
    this.sideBearings = new Int16Array(this.numGlyphs);
    let lastAdvance = 0;
    for (let g = 0; g < this.numGlyphs; g++) {
      if (g < numberOfHMetrics) {
        lastAdvance = this.view.getUint16(hmtx + g * 4);
        this.sideBearings[g] = this.view.getInt16(hmtx + g * 4 + 2);
      } else {
        this.sideBearings[g] = this.view.getInt16(hmtx + numberOfHMetrics * 4 + (g - numberOfHMetrics) * 2);
      }
      this.advances[g] = lastAdvance;
    }

    const loca = this.table('loca').offset;
    this.glyphOffsets = new Uint32Array(this.numGlyphs + 1);
    for (let g = 0; g <= this.numGlyphs; g++) {
      this.glyphOffsets[g] = longLoca ? this.view.getUint32(loca + g * 4) : this.view.getUint16(loca + g * 2) * 2;
    }
    this.readCmap();
    this.postscriptName = this.readPostscriptName() ?? 'Embedded';
  }

  table(tag: string): TableRecord {
    const t = this.tables.get(tag);
    if (!t) throw new Error(`The font has no '${tag}' table`);
    return t;
  }

  /** The glyph of a code point, or 0 (.notdef) when the font lacks it. */
  glyphOf(codePoint: number): number {
    return this.cmap.get(codePoint) ?? 0;
  }

  hasGlyph(codePoint: number): boolean {
    return this.cmap.has(codePoint);
  }

  /** Every code point the font maps, ascending. */
  codePoints(): number[] {
    return [...this.cmap.keys()].sort((a, b) => a - b);
  }

  advanceOf(glyph: number): number {
    return this.advances[glyph] ?? 0;
  }

  sideBearingOf(glyph: number): number {
    return this.sideBearings[glyph] ?? 0;
  }

  /** The raw `glyf` bytes of a glyph (empty for glyphs without outline, like the space). */
  glyphData(glyph: number): Uint8Array {
    const glyf = this.table('glyf').offset;
    const start = this.glyphOffsets[glyph];
    const end = this.glyphOffsets[glyph + 1];
    return this.data.subarray(glyf + start, glyf + Math.max(start, end));
  }

  /**
   * The components of a composite glyph: each referenced glyph id with the
   * byte position of that id inside the glyph data (to renumber it).
   */
  components(glyphData: Uint8Array): { glyph: number; at: number }[] {
    if (glyphData.length < 10) return [];
    const v = new DataView(glyphData.buffer, glyphData.byteOffset, glyphData.byteLength);
    if (v.getInt16(0) >= 0) return [];
    const out: { glyph: number; at: number }[] = [];
    let at = 10;
    for (;;) {
      const flags = v.getUint16(at);
      out.push({ glyph: v.getUint16(at + 2), at: at + 2 });
      at += 4 + ((flags & 0x0001) ? 4 : 2);
      if (flags & 0x0008) at += 2;
      else if (flags & 0x0040) at += 4;
      else if (flags & 0x0080) at += 8;
      if (!(flags & 0x0020)) break;
    }
    return out;
  }

  private readCmap(): void {
    if (!this.tables.has('cmap')) return;
    const cmap = this.table('cmap').offset;
    const count = this.view.getUint16(cmap + 2);
    let format4: number | undefined;
    let format12: number | undefined;
    for (let i = 0; i < count; i++) {
      const platform = this.view.getUint16(cmap + 4 + i * 8);
      const encoding = this.view.getUint16(cmap + 4 + i * 8 + 2);
      const at = cmap + this.view.getUint32(cmap + 4 + i * 8 + 4);
      const format = this.view.getUint16(at);
      const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
      if (!unicode) continue;
      if (format === 12) format12 = at;
      else if (format === 4 && format4 === undefined) format4 = at;
    }
    if (format12 !== undefined) {
      const groups = this.view.getUint32(format12 + 12);
      for (let i = 0; i < groups; i++) {
        const g = format12 + 16 + i * 12;
        const start = this.view.getUint32(g);
        const end = this.view.getUint32(g + 4);
        const first = this.view.getUint32(g + 8);
        for (let c = start; c <= end; c++) this.cmap.set(c, first + (c - start));
      }
    } else if (format4 !== undefined) {
      const segCount = this.view.getUint16(format4 + 6) / 2;
      const ends = format4 + 14;
      const starts = ends + segCount * 2 + 2;
      const deltas = starts + segCount * 2;
      const rangeOffsets = deltas + segCount * 2;
      for (let s = 0; s < segCount; s++) {
        const start = this.view.getUint16(starts + s * 2);
        const end = this.view.getUint16(ends + s * 2);
        const delta = this.view.getInt16(deltas + s * 2);
        const rangeOffset = this.view.getUint16(rangeOffsets + s * 2);
        for (let c = start; c <= end && c !== 0xffff; c++) {
          let glyph: number;
          if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
          else {
            const at = rangeOffsets + s * 2 + rangeOffset + (c - start) * 2;
            glyph = this.view.getUint16(at);
            if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
          }
          if (glyph !== 0 && glyph < this.numGlyphs) this.cmap.set(c, glyph);
        }
      }
    } else {
      throw new Error('The font has no Unicode character map');
    }
  }

  private readPostscriptName(): string | undefined {
    const name = this.tables.get('name');
    if (!name) return undefined;
    const count = this.view.getUint16(name.offset + 2);
    const strings = name.offset + this.view.getUint16(name.offset + 4);
    for (let i = 0; i < count; i++) {
      const r = name.offset + 6 + i * 12;
      const platform = this.view.getUint16(r);
      const nameId = this.view.getUint16(r + 6);
      if (nameId !== 6) continue;
      const length = this.view.getUint16(r + 8);
      const at = strings + this.view.getUint16(r + 10);
      const bytes = this.data.subarray(at, at + length);
      const text = platform === 3 || platform === 0
        ? String.fromCharCode(...Array.from({ length: length / 2 }, (_, k) => (bytes[k * 2] << 8) | bytes[k * 2 + 1]))
        : String.fromCharCode(...bytes);
      // PDF names must stay within printable ASCII without delimiters.
      const clean = text.replace(/[^A-Za-z0-9_.-]/g, '');
      if (clean) return clean;
    }
    return undefined;
  }
}
