import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
  decodePDFRawStream,
  type PDFObject,
} from 'pdf-lib';

/**
 * The text drawn on each page of a PDF, read back the way a viewer's text
 * extraction does: content streams decoded, each `Tj` string mapped
 * through its font's ToUnicode map (embedded fonts) or read as Latin-1
 * bytes (standard fonts). Test helper: enough for pdf-lib's output.
 */
export async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  const ctx = doc.context;
  const deref = (o: PDFObject | undefined): PDFObject | undefined => (o instanceof PDFRef ? ctx.lookup(o) : o);
  const streamText = (o: PDFObject | undefined): string => {
    const s = deref(o);
    if (!(s instanceof PDFRawStream)) return '';
    return Buffer.from(decodePDFRawStream(s).decode()).toString('latin1');
  };
  return doc.getPages().map((page) => {
    const fonts = new Map<string, Map<number, string> | null>();
    const fontDict = deref(page.node.Resources()?.get(PDFName.of('Font')));
    if (fontDict instanceof PDFDict) {
      for (const [name, ref] of fontDict.entries()) {
        const font = deref(ref);
        const toUnicode = font instanceof PDFDict ? font.get(PDFName.of('ToUnicode')) : undefined;
        if (!toUnicode) {
          fonts.set(name.asString().slice(1), null);
          continue;
        }
        const map = new Map<number, string>();
        for (const m of streamText(toUnicode).matchAll(/<([0-9a-f]{4})>\s*<([0-9a-f]+)>/gi)) {
          const hex = m[2];
          let text = '';
          for (let i = 0; i < hex.length; i += 4) text += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
          map.set(parseInt(m[1], 16), text);
        }
        fonts.set(name.asString().slice(1), map);
      }
    }
    const contents = deref(page.node.get(PDFName.of('Contents')));
    const parts = contents instanceof PDFArray ? contents.asArray().map(streamText) : [streamText(contents)];
    let font: Map<number, string> | null = null;
    let out = '';
    for (const m of parts
      .join('\n')
      .matchAll(/\/(\S+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>\s*Tj|\(((?:[^()\\]|\\.)*)\)\s*Tj/g)) {
      if (m[1] !== undefined) {
        font = fonts.get(m[1]) ?? null;
        continue;
      }
      if (m[2] !== undefined) {
        if (font) {
          for (let i = 0; i < m[2].length; i += 4) out += font.get(parseInt(m[2].slice(i, i + 4), 16)) ?? '\uFFFD';
        } else {
          out += Buffer.from(m[2], 'hex').toString('latin1');
        }
      } else {
        out += m[3].replace(/\\(.)/g, '$1');
      }
      out += '\n';
    }
    return out;
  });
}
