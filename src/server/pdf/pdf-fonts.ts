import { existsSync, readFileSync } from 'node:fs';
import fontkit, { type Font } from '@pdf-lib/fontkit';
import { type PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';
import { transliterate } from './transliterate.js';

/** The fonts a PDF is written in, and how text is made drawable in them. */
export interface PdfFonts {
  regular: PDFFont;
  bold: PDFFont;
  /** True when a Unicode TrueType font is embedded; false for the standard fonts (WinAnsi only). */
  unicode: boolean;
  /** Text the fonts can draw: unknown characters replaced (and remembered in `substituted`). */
  prepare(text: string): string;
  /** Whether any character had to be replaced or transliterated. */
  substituted: boolean;
}

/** Where common systems keep a Unicode sans-serif TrueType font (regular, bold). */
const CANDIDATES: [string, string][] = [
  ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'],
  ['/usr/share/fonts/TTF/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf'],
  ['/usr/share/fonts/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf'],
  ['/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf', '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf'],
  [
    '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
    '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  ],
  ['/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf', '/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf'],
  ['/System/Library/Fonts/Supplemental/Arial.ttf', '/System/Library/Fonts/Supplemental/Arial Bold.ttf'],
  ['/Library/Fonts/Arial Unicode.ttf', '/Library/Fonts/Arial Unicode.ttf'],
  ['C:\\Windows\\Fonts\\arial.ttf', 'C:\\Windows\\Fonts\\arialbd.ttf'],
];

export interface FontChoice {
  /**
   * TrueType files to embed. Default: `REDCAP_FRAMES_PDF_FONT` (and
   * `REDCAP_FRAMES_PDF_BOLD_FONT`) when set, else the first of the usual
   * system locations that exists. `null` forces the standard fonts.
   */
  fontFiles?: { regular: string; bold?: string } | null;
}

const loaded = new Map<string, Uint8Array | null>();
// Parsed once per font file and process, for its character coverage.
const parsed = new WeakMap<Uint8Array, Font>();

function fontOf(bytes: Uint8Array): Font {
  let font = parsed.get(bytes);
  if (!font) parsed.set(bytes, (font = fontkit.create(bytes)));
  return font;
}

/** A font file's bytes when it exists and is a usable TrueType font (cached per process). */
function usableFont(path: string): Uint8Array | null {
  if (loaded.has(path)) return loaded.get(path)!;
  let bytes: Uint8Array | null = null;
  try {
    if (existsSync(path)) {
      const data = new Uint8Array(readFileSync(path));
      // A font without a Unicode map (or with few characters) cannot draw text.
      if (fontOf(data).characterSet.length >= 95) bytes = data;
    }
  } catch {
    bytes = null;
  }
  loaded.set(path, bytes);
  return bytes;
}

/** The Unicode font files the PDFs would embed (bytes of the regular and bold faces), or null when none is usable. */
export function findFontFiles(choice: FontChoice = {}): { regular: Uint8Array; bold: Uint8Array } | null {
  if (choice.fontFiles === null) return null;
  const pairs: [string, string | undefined][] = [];
  if (choice.fontFiles) pairs.push([choice.fontFiles.regular, choice.fontFiles.bold]);
  else {
    const env = process.env.REDCAP_FRAMES_PDF_FONT;
    if (env) pairs.push([env, process.env.REDCAP_FRAMES_PDF_BOLD_FONT]);
    pairs.push(...CANDIDATES);
  }
  for (const [regularPath, boldPath] of pairs) {
    const regular = usableFont(regularPath);
    if (!regular) continue;
    const bold = (boldPath && usableFont(boldPath)) || regular;
    return { regular, bold };
  }
  return null;
}

/** Control characters other than new lines become spaces; tabs too. */
function normalise(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ');
}

/**
 * Embeds the document's fonts: a Unicode TrueType font found on the
 * machine (subset, so the PDF stays small), or, when none is found, the
 * standard Helvetica fonts, which only encode Windows-1252. In that case
 * Cyrillic and Greek are transliterated to Latin and other characters
 * become `?`; the caller notes it in the document so the reader knows.
 */
export async function embedFonts(doc: PDFDocument, choice: FontChoice = {}): Promise<PdfFonts> {
  const files = findFontFiles(choice);
  if (files) {
    doc.registerFontkit(fontkit);
    // One glyph per character, as the text was written: no ligatures or
    // contextual forms, so copied text and measured widths stay per character.
    const features = { liga: false, clig: false, calt: false, rlig: false };
    const regular = await doc.embedFont(files.regular, { subset: true, features });
    const bold = files.bold === files.regular ? regular : await doc.embedFont(files.bold, { subset: true, features });
    const coverage = fontOf(files.regular);
    // A character the font lacks is drawn as U+FFFD (or `?`), not as the font's empty box.
    const replacement = coverage.hasGlyphForCodePoint(0xfffd) ? '\ufffd' : '?';
    const fonts: PdfFonts = {
      regular,
      bold,
      unicode: true,
      substituted: false,
      prepare(text: string): string {
        let out = '';
        for (const ch of normalise(text)) {
          if (ch === '\n' || coverage.hasGlyphForCodePoint(ch.codePointAt(0)!)) out += ch;
          else {
            fonts.substituted = true;
            out += replacement;
          }
        }
        return out;
      },
    };
    return fonts;
  }
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const supported = new Set(regular.getCharacterSet());
  const fonts: PdfFonts = {
    regular,
    bold,
    unicode: false,
    substituted: false,
    prepare(text: string): string {
      let out = '';
      for (const ch of normalise(text)) {
        if (ch === '\n' || supported.has(ch.codePointAt(0)!)) {
          out += ch;
          continue;
        }
        fonts.substituted = true;
        const latin = transliterate(ch);
        out += latin !== undefined && [...latin].every((c) => supported.has(c.codePointAt(0)!)) ? latin : '?';
      }
      return out;
    },
  };
  return fonts;
}
