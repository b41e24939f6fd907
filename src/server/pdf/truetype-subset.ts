import type { TrueTypeFont } from './truetype.js';

/**
 * A subset of a TrueType font holding only the glyphs a document uses,
 * renumbered 0 (.notdef), 1, 2, … in the order they were first used.
 * Composite glyphs bring their components along (renumbered as well).
 * The tables written are those a PDF viewer needs for an embedded
 * CIDFontType2 font (outlines, metrics, hinting programs): no cmap, the
 * PDF maps character codes to glyphs itself.
 */
export class TrueTypeSubset {
  private readonly order: number[] = [0];
  private readonly newIds = new Map<number, number>([[0, 0]]);

  constructor(private readonly font: TrueTypeFont) {}

  /** The subset's id of an original glyph, adding it when new. */
  include(glyph: number): number {
    let id = this.newIds.get(glyph);
    if (id === undefined) {
      id = this.order.length;
      this.order.push(glyph);
      this.newIds.set(glyph, id);
    }
    return id;
  }

  /** The subset as a font file. */
  encode(): Uint8Array {
    const font = this.font;
    // Components of composites join the subset; their ids follow the used glyphs.
    for (let i = 0; i < this.order.length; i++) {
      for (const c of font.components(font.glyphData(this.order[i]))) this.include(c.glyph);
    }
    const count = this.order.length;
    const glyphs: Uint8Array[] = [];
    const offsets = new Uint32Array(count + 1);
    let size = 0;
    for (let i = 0; i < count; i++) {
      const original = font.glyphData(this.order[i]);
      const copy = new Uint8Array((original.length + 3) & ~3);
      copy.set(original);
      const view = new DataView(copy.buffer);
      for (const c of font.components(original)) view.setUint16(c.at, this.newIds.get(c.glyph)!);
      glyphs.push(copy);
      offsets[i] = size;
      size += copy.length;
    }
    offsets[count] = size;
    const glyf = concat(glyphs);
    const loca = new Uint8Array((count + 1) * 4);
    const locaView = new DataView(loca.buffer);
    offsets.forEach((o, i) => locaView.setUint32(i * 4, o));
    const hmtx = new Uint8Array(count * 4);
    const hmtxView = new DataView(hmtx.buffer);
    this.order.forEach((g, i) => {
      hmtxView.setUint16(i * 4, font.advanceOf(g));
      hmtxView.setInt16(i * 4 + 2, font.sideBearingOf(g));
    });
    const head = this.copyTable('head');
    const headView = new DataView(head.buffer);
    headView.setUint32(8, 0); // checkSumAdjustment, set once the file is assembled
    headView.setInt16(50, 1); // long loca offsets
    const hhea = this.copyTable('hhea');
    new DataView(hhea.buffer).setUint16(34, count);
    const maxp = this.copyTable('maxp');
    new DataView(maxp.buffer).setUint16(4, count);

    const tables: [string, Uint8Array][] = [['glyf', glyf], ['head', head], ['hhea', hhea], ['hmtx', hmtx], ['loca', loca], ['maxp', maxp]];
    for (const optional of ['cvt ', 'fpgm', 'prep']) {
      if (font.tables.has(optional)) tables.push([optional, this.copyTable(optional)]);
    }
    tables.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const file = assemble(tables);
    const headAt = tableOffset(file, 'head');
    new DataView(file.buffer).setUint32(headAt + 8, (0xb1b0afba - checksum(file)) >>> 0);
    return file;
  }

  private copyTable(tag: string): Uint8Array {
    const t = this.font.table(tag);
    return this.font.data.slice(t.offset, t.offset + t.length);
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function checksum(bytes: Uint8Array): number {
  const padded = bytes.length % 4 === 0 ? bytes : concat([bytes, new Uint8Array(4 - (bytes.length % 4))]);
  const view = new DataView(padded.buffer, padded.byteOffset, padded.byteLength);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

/** The sfnt file: offset table, table directory, then each table 4-byte aligned. */
function assemble(tables: [string, Uint8Array][]): Uint8Array {
  const n = tables.length;
  const headerSize = 12 + n * 16;
  let size = headerSize;
  for (const [, data] of tables) size += (data.length + 3) & ~3;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  const power = 2 ** Math.floor(Math.log2(n));
  view.setUint32(0, 0x00010000);
  view.setUint16(4, n);
  view.setUint16(6, power * 16);
  view.setUint16(8, Math.log2(power));
  view.setUint16(10, n * 16 - power * 16);
  let at = headerSize;
  tables.forEach(([tag, data], i) => {
    const rec = 12 + i * 16;
    for (let k = 0; k < 4; k++) out[rec + k] = tag.charCodeAt(k);
    view.setUint32(rec + 4, checksum(data));
    view.setUint32(rec + 8, at);
    view.setUint32(rec + 12, data.length);
    out.set(data, at);
    at += (data.length + 3) & ~3;
  });
  return out;
}

function tableOffset(file: Uint8Array, tag: string): number {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const n = view.getUint16(4);
  for (let i = 0; i < n; i++) {
    const rec = 12 + i * 16;
    if (String.fromCharCode(file[rec], file[rec + 1], file[rec + 2], file[rec + 3]) === tag) return view.getUint32(rec + 8);
  }
  throw new Error(`No '${tag}' table`);
}
