/**
 * The reading of a project XML (CDISC ODM) document as REDCap writes it:
 * the project's structure comes first and is parsed as one tree; then the
 * records are read a `<SubjectData>` at a time and handed on, never held
 * all at once. The text comes from a file a chunk at a time, or from a
 * string; the mapping to a project is parse-odm's.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { parseSubjectXml } from './subject-xml.js';
import { parseXml, type XmlElement } from './xml-tree.js';

/** What the scanner hands on: the structure first, then each `<ClinicalData>`'s records. */
export interface OdmSink {
  /** The document element with everything before the first `<ClinicalData>` (all of it when there is none). */
  head(odm: XmlElement): void;
  clinicalData(): { subject(el: XmlElement): void; finish(): void };
}

/** Text a chunk at a time: `null` at the end. */
export type TextSource = () => string | null;

/** A file's text, a chunk of `chunkBytes` at a time (multi-byte characters kept whole). */
export function fileSource(fd: number, chunkBytes = 1 << 20): TextSource {
  const buffer = Buffer.alloc(chunkBytes);
  const decoder = new StringDecoder('utf8');
  let done = false;
  return () => {
    if (done) return null;
    const n = readSync(fd, buffer, 0, buffer.length, null);
    if (n > 0) return decoder.write(buffer.subarray(0, n));
    done = true;
    return decoder.end();
  };
}

/** A string, whole. */
export function stringSource(text: string): TextSource {
  let given = false;
  return () => {
    if (given) return null;
    given = true;
    return text;
  };
}

const SPACES = /\s*/y;

/** Text read a chunk at a time, keeping only what has not been consumed yet. */
class ChunkedText {
  private text = '';
  private pos = 0;

  constructor(private readonly next: TextSource) {}

  /** Reads one more chunk; false at the end of the text. */
  private more(): boolean {
    const chunk = this.next();
    if (chunk === null) return false;
    this.text = this.pos === 0 ? this.text + chunk : this.text.slice(this.pos) + chunk;
    this.pos = 0;
    return true;
  }

  /** Where `what` starts, at or after the read position (reading on as needed); -1 when the file ends first. */
  find(what: string): number {
    let from = this.pos;
    for (;;) {
      const at = this.text.indexOf(what, from);
      if (at >= 0) return at;
      from = Math.max(this.pos, this.text.length - what.length + 1);
      const shift = this.pos;
      if (!this.more()) return -1;
      from -= shift;
    }
  }

  /** Consumes the text up to `end` (an index from `find`). */
  take(end: number): string {
    const out = this.text.slice(this.pos, end);
    this.pos = end;
    return out;
  }

  /** The next `n` characters, without consuming them (fewer at the end of the file). */
  peek(n: number): string {
    while (this.text.length - this.pos < n && this.more());
    return this.text.slice(this.pos, this.pos + n);
  }

  /** Consumes white space and comments. */
  skipLayout(): void {
    for (;;) {
      const ahead = this.peek(4);
      if (ahead === '<!--') {
        const end = this.find('-->');
        if (end < 0) throw new Error(`${NOT_WELL_FORMED}: a comment is never closed`);
        this.take(end + 3);
      } else if (ahead !== '' && /^\s/.test(ahead)) {
        SPACES.lastIndex = this.pos;
        SPACES.exec(this.text);
        this.take(SPACES.lastIndex);
      } else return;
    }
  }

  /** Everything left. */
  rest(): string {
    while (this.more());
    return this.take(this.text.length);
  }
}

const NOT_WELL_FORMED = 'The project XML is not well-formed';

/** Consumes one start tag (`<Name …>` or `<Name …/>`); says whether it closed itself. */
function startTag(text: ChunkedText, name: string): { tag: string; empty: boolean } {
  const end = text.find('>');
  if (end < 0) throw new Error(`${NOT_WELL_FORMED}: a <${name}> tag is never closed`);
  const tag = text.take(end + 1);
  return { tag, empty: tag.endsWith('/>') };
}

/** Consumes a `</Name>` tag, which must come next. */
function endTag(text: ChunkedText, name: string): void {
  const close = `</${name}`;
  if (text.peek(close.length) !== close)
    throw new Error(`${NOT_WELL_FORMED}: expected </${name}> near "${text.peek(60)}"`);
  text.take(text.find('>') + 1);
}

/** Reads the `<SubjectData>` elements of one `<ClinicalData>` (its start tag consumed), up to its end tag. */
function readClinicalData(text: ChunkedText, reader: { subject(el: XmlElement): void }): void {
  let count = 0;
  for (;;) {
    text.skipLayout();
    if (text.peek(2) === '</') return endTag(text, 'ClinicalData');
    if (text.peek(12) !== '<SubjectData') {
      throw new Error(`${NOT_WELL_FORMED}: expected <SubjectData> or </ClinicalData> near "${text.peek(60)}"`);
    }
    count++;
    const { tag, empty } = startTag(text, 'SubjectData');
    const key = /SubjectKey\s*=\s*"([^"]*)"/.exec(tag)?.[1];
    const where = key === undefined ? `<SubjectData> number ${count}` : `The record "${key}"`;
    if (empty) {
      reader.subject(parseSubjectXml(tag, where));
      continue;
    }
    const end = text.find('</SubjectData>');
    if (end < 0) throw new Error(`${NOT_WELL_FORMED}: ${where} is never closed (no </SubjectData>)`);
    reader.subject(parseSubjectXml(tag + text.take(end + 14), where));
  }
}

/** Reads an ODM document from `source` into `sink`. Malformed markup throws, saying where. */
export function scanOdm(source: TextSource, sink: OdmSink, what = 'the project file'): void {
  const text = new ChunkedText(source);
  const first = text.find('<ClinicalData');
  if (first < 0) {
    sink.head(parseXml(text.rest(), `Not a REDCap ODM file: ${what}`));
    return;
  }
  const headXml = text.take(first);
  const root = /<(?![?!])([^\s/>]+)/.exec(headXml)?.[1] ?? 'ODM';
  sink.head(parseXml(`${headXml}</${root}>`, `Not a REDCap ODM file: ${what}`));
  for (;;) {
    const reader = sink.clinicalData();
    if (!startTag(text, 'ClinicalData').empty) readClinicalData(text, reader);
    reader.finish();
    text.skipLayout();
    if (text.peek(13) !== '<ClinicalData') break;
  }
  endTag(text, root);
  text.skipLayout();
  if (text.rest() !== '') throw new Error(`${NOT_WELL_FORMED}: there is more after </${root}>`);
}

/** Opens a file for `read`, closing it after. */
export function withFile<T>(path: string, read: (fd: number) => T): T {
  const fd = openSync(path, 'r');
  try {
    return read(fd);
  } finally {
    closeSync(fd);
  }
}
