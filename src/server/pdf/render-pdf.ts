import { PDFDocument, rgb, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import type { PdfAnswer, PdfFormPage, PdfItem } from './form-content.js';
import { embedFonts, type FontChoice, type PdfFonts } from './pdf-fonts.js';

export interface RenderOptions extends FontChoice {
  projectTitle: string;
  /** Printed in each page's footer. */
  generatedAt?: Date;
}

const PAGE: [number, number] = [612, 792]; // US Letter, as REDCap prints
const MARGIN = 40;
const TOP = PAGE[1] - 36;
const BOTTOM = 54;
const WIDTH = PAGE[0] - 2 * MARGIN;
const LABEL_WIDTH = WIDTH * 0.5 - 8;
const ANSWER_X = MARGIN + WIDTH * 0.5 + 8;
const ANSWER_WIDTH = WIDTH * 0.5 - 8;
/** Room for rows on a page under the header. */
const FULL_PAGE = TOP - 80 - BOTTOM;
const TEXT = 9.5;
const LINE = 12.5;
const GREY = rgb(0.4, 0.4, 0.4);
const LIGHT = rgb(0.82, 0.82, 0.82);
const BLACK = rgb(0, 0, 0);

/** One printed line of a row: its height and how to draw it with its top at `y`. */
interface Slot {
  height: number;
  draw(page: PDFPage, y: number): void;
}

/** Splits text into lines no wider than `width`; words longer than a line are broken. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line !== '') lines.push(line);
      line = '';
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        let cut = 1;
        const chars = [...rest];
        while (cut < chars.length && font.widthOfTextAtSize(chars.slice(0, cut + 1).join(''), size) <= width) cut++;
        lines.push(chars.slice(0, cut).join(''));
        rest = chars.slice(cut).join('');
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/**
 * Lays out instruments on pages: a header (confidentiality mark, project
 * title, instrument, record/event/instance), then each item: section
 * headers as shaded bars, descriptive text across the page, fields with
 * the label on the left and the answer on the right. Each instrument
 * starts a page; long ones flow onto more pages, labelled "continued".
 */
class Layout {
  private page!: PDFPage;
  private y = 0;
  private formLabel = '';
  private context: string[] = [];

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: PdfFonts,
    private readonly images: Map<PdfAnswer, PDFImage>,
    private readonly projectTitle: string,
  ) {}

  form(form: PdfFormPage): void {
    this.formLabel = form.formLabel;
    this.context = form.context;
    this.newPage(false);
    form.items.forEach((item, i) => this.item(item, form.items[i + 1]));
  }

  empty(message: string): void {
    this.formLabel = message;
    this.context = [];
    this.newPage(false);
  }

  private text(s: string): string {
    return this.fonts.prepare(s);
  }

  private newPage(continued: boolean): void {
    const { regular, bold } = this.fonts;
    this.page = this.doc.addPage(PAGE);
    const page = this.page;
    page.drawText('Confidential', { x: MARGIN, y: TOP, size: 8, font: regular, color: GREY });
    const title = this.fit(this.text(this.projectTitle), regular, 8, WIDTH * 0.7);
    page.drawText(title, {
      x: MARGIN + WIDTH - regular.widthOfTextAtSize(title, 8),
      y: TOP,
      size: 8,
      font: regular,
      color: GREY,
    });
    let y = TOP - 26;
    const heading = this.text(this.formLabel) + (continued ? ' (continued)' : '');
    for (const line of wrapText(heading, bold, 14, WIDTH)) {
      page.drawText(line, { x: MARGIN, y, size: 14, font: bold });
      y -= 17;
    }
    for (const c of this.context) {
      for (const line of wrapText(this.text(c), regular, 10, WIDTH)) {
        page.drawText(line, { x: MARGIN, y, size: 10, font: regular });
        y -= 13;
      }
    }
    page.drawLine({ start: { x: MARGIN, y: y + 6 }, end: { x: MARGIN + WIDTH, y: y + 6 }, thickness: 1, color: BLACK });
    this.y = y - 4;
  }

  /** Text cut to a width, with an ellipsis. */
  private fit(text: string, font: PDFFont, size: number, width: number): string {
    if (font.widthOfTextAtSize(text, size) <= width) return text;
    const chars = [...text];
    while (chars.length > 1 && font.widthOfTextAtSize(chars.join('') + '...', size) > width) chars.pop();
    return chars.join('') + '...';
  }

  private item(item: PdfItem, next: PdfItem | undefined): void {
    const { regular, bold } = this.fonts;
    if (item.kind === 'section') {
      const lines = wrapText(this.text(item.text), bold, 10, WIDTH - 8);
      const height = lines.length * 13 + 6;
      // A section header stays with (the start of) the item under it.
      // (A row that fits on a page is never split, so the header needs room for all of it.)
      const nextHeight = next && next.kind !== 'section' ? this.rowHeight(next) : LINE * 2;
      const following = nextHeight <= FULL_PAGE - height ? nextHeight : LINE * 2;
      if (this.y - height - 4 - following < BOTTOM) this.newPage(true);
      this.page.drawRectangle({ x: MARGIN, y: this.y - height, width: WIDTH, height, color: rgb(0.88, 0.88, 0.9) });
      lines.forEach((line, i) =>
        this.page.drawText(line, { x: MARGIN + 4, y: this.y - 13 - i * 13, size: 10, font: bold }),
      );
      this.y -= height + 4;
      return;
    }
    if (item.kind === 'descriptive') {
      const slots = wrapText(this.text(item.text), regular, TEXT, WIDTH).map((line) =>
        this.textSlot(line, MARGIN, regular, TEXT, BLACK),
      );
      this.row(slots, []);
      return;
    }
    const [left, right] = this.fieldSlots(item);
    this.row(left, right);
  }

  private fieldSlots(item: PdfItem & { kind: 'field' }): [Slot[], Slot[]] {
    const { regular } = this.fonts;
    const left: Slot[] = wrapText(this.text(item.label), regular, TEXT, LABEL_WIDTH).map((line) =>
      this.textSlot(line, MARGIN, regular, TEXT, BLACK),
    );
    if (item.note) {
      for (const line of wrapText(this.text(item.note), regular, 8, LABEL_WIDTH))
        left.push(this.textSlot(line, MARGIN, regular, 8, GREY, 10));
    }
    return [left, this.answerSlots(item.answer)];
  }

  /** The height a field or descriptive text will take. */
  private rowHeight(item: PdfItem): number {
    if (item.kind === 'section') return 0;
    const [left, right] =
      item.kind === 'field'
        ? this.fieldSlots(item)
        : [
            wrapText(this.text(item.text), this.fonts.regular, TEXT, WIDTH).map((line) =>
              this.textSlot(line, MARGIN, this.fonts.regular, TEXT, BLACK),
            ),
            [],
          ];
    let total = 6;
    for (let i = 0; i < Math.max(left.length, right.length); i++)
      total += Math.max(left[i]?.height ?? 0, right[i]?.height ?? 0);
    return total;
  }

  private textSlot(
    line: string,
    x: number,
    font: PDFFont,
    size: number,
    color: ReturnType<typeof rgb>,
    height = LINE,
  ): Slot {
    return { height, draw: (page, y) => page.drawText(line, { x, y: y - size, size, font, color }) };
  }

  private answerSlots(answer: PdfAnswer): Slot[] {
    const { regular, bold } = this.fonts;
    switch (answer.kind) {
      case 'text': {
        if (answer.value !== '') {
          return wrapText(this.text(answer.value), bold, TEXT, ANSWER_WIDTH).map((line) =>
            this.textSlot(line, ANSWER_X, bold, TEXT, BLACK),
          );
        }
        return Array.from({ length: answer.lines }, () => ({
          height: 16,
          draw: (page: PDFPage, y: number) =>
            page.drawLine({
              start: { x: ANSWER_X, y: y - 13 },
              end: { x: ANSWER_X + ANSWER_WIDTH, y: y - 13 },
              thickness: 0.5,
              color: GREY,
            }),
        }));
      }
      case 'choices': {
        const slots: Slot[] = [];
        for (const option of answer.options) {
          const font = option.checked ? bold : regular;
          wrapText(this.text(option.label), font, TEXT, ANSWER_WIDTH - 14).forEach((line, i) => {
            slots.push({
              height: LINE,
              draw: (page, y) => {
                if (i === 0) drawMark(page, ANSWER_X, y - TEXT + 0.5, answer.multiple, option.checked);
                page.drawText(line, { x: ANSWER_X + 14, y: y - TEXT, size: TEXT, font });
              },
            });
          });
        }
        return slots;
      }
      case 'image': {
        const image = this.images.get(answer);
        if (!image) return this.answerSlots({ kind: 'text', value: answer.name, lines: 1 });
        const scale = Math.min(ANSWER_WIDTH / image.width, 90 / image.height, 1);
        const w = image.width * scale;
        const h = image.height * scale;
        return [
          {
            height: h + 4,
            draw: (page, y) => page.drawImage(image, { x: ANSWER_X, y: y - h - 2, width: w, height: h }),
          },
        ];
      }
    }
  }

  /** Draws a row line by line, moving to a new page when the next line does not fit. */
  private row(left: Slot[], right: Slot[]): void {
    const count = Math.max(left.length, right.length);
    const heights = Array.from({ length: count }, (_, i) => Math.max(left[i]?.height ?? 0, right[i]?.height ?? 0));
    const total = heights.reduce((a, b) => a + b, 0) + 6;
    if (this.y - total < BOTTOM && total <= FULL_PAGE) this.newPage(true);
    this.y -= 3;
    for (let i = 0; i < count; i++) {
      if (this.y - heights[i] < BOTTOM) this.newPage(true);
      left[i]?.draw(this.page, this.y);
      right[i]?.draw(this.page, this.y);
      this.y -= heights[i];
    }
    this.y -= 3;
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: MARGIN + WIDTH, y: this.y },
      thickness: 0.4,
      color: LIGHT,
    });
  }
}

/** A checkbox (square) or radio button (circle), filled when chosen. */
function drawMark(page: PDFPage, x: number, y: number, square: boolean, checked: boolean): void {
  if (square) {
    page.drawRectangle({ x, y, width: 7, height: 7, borderWidth: 0.7, borderColor: BLACK });
    if (checked) page.drawRectangle({ x: x + 1.5, y: y + 1.5, width: 4, height: 4, color: BLACK });
  } else {
    page.drawEllipse({ x: x + 3.5, y: y + 3.5, xScale: 3.5, yScale: 3.5, borderWidth: 0.7, borderColor: BLACK });
    if (checked) page.drawEllipse({ x: x + 3.5, y: y + 3.5, xScale: 2, yScale: 2, color: BLACK });
  }
}

/** Writes the instruments as a PDF document (one instrument per page or more). */
export async function renderPdf(forms: readonly PdfFormPage[], opts: RenderOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(opts.projectTitle);
  doc.setProducer('redcap-frames');
  doc.setCreator('redcap-frames embedded REDCap server');
  const generated = opts.generatedAt ?? new Date();
  doc.setCreationDate(generated);
  doc.setModificationDate(generated);
  const fonts = await embedFonts(doc, opts);

  const images = new Map<PdfAnswer, PDFImage>();
  for (const form of forms) {
    for (const item of form.items) {
      if (item.kind !== 'field' || item.answer.kind !== 'image') continue;
      try {
        images.set(
          item.answer,
          item.answer.mimeType === 'image/png'
            ? await doc.embedPng(item.answer.data)
            : await doc.embedJpg(item.answer.data),
        );
      } catch {
        // A damaged image prints as its file name.
      }
    }
  }

  const layout = new Layout(doc, fonts, images, opts.projectTitle);
  if (forms.length === 0) layout.empty('No instruments to print');
  for (const form of forms) layout.form(form);

  const pages = doc.getPages();
  const stamp = `${generated.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  pages.forEach((page, i) => {
    const label = `Page ${i + 1} of ${pages.length}`;
    page.drawText(label, {
      x: MARGIN + WIDTH - fonts.regular.widthOfTextAtSize(label, 8),
      y: 30,
      size: 8,
      font: fonts.regular,
      color: GREY,
    });
    page.drawText(stamp, { x: MARGIN, y: 30, size: 8, font: fonts.regular, color: GREY });
    if (fonts.substituted) {
      const note = fonts.unicode
        ? 'Some characters are not in the embedded font and are shown as a replacement mark.'
        : 'No Unicode font was found on the server: characters outside Latin-1 are transliterated or shown as "?".';
      page.drawText(note, { x: MARGIN, y: 20, size: 7, font: fonts.regular, color: GREY });
    }
  });
  return doc.save();
}
