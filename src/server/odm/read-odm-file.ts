import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { ProjectDefinition } from '../project-definition.js';
import { ClinicalDataReader, parseOdm, readOdmHead } from './parse-odm.js';
import { parseSubjectXml } from './subject-xml.js';
import { parseXml } from './xml-tree.js';

const SPACES = /\s*/y;

/** Reads a file's text a chunk at a time, keeping only what has not been consumed yet. */
class ChunkedText {
  private text = '';
  private pos = 0;
  private done = false;
  private readonly decoder = new StringDecoder('utf8');
  private readonly buffer: Buffer;

  constructor(
    private readonly fd: number,
    chunkBytes: number,
  ) {
    this.buffer = Buffer.alloc(chunkBytes);
  }

  /** Reads one more chunk; false at the end of the file. */
  private more(): boolean {
    if (this.done) return false;
    const n = readSync(this.fd, this.buffer, 0, this.buffer.length, null);
    if (n === 0) {
      this.text = this.text.slice(this.pos) + this.decoder.end();
      this.pos = 0;
      this.done = true;
      return false;
    }
    this.text = this.text.slice(this.pos) + this.decoder.write(this.buffer.subarray(0, n));
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
        if (end < 0) throw new Error('The project file is not well-formed XML: a comment is never closed');
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

const NOT_WELL_FORMED = 'The project file is not well-formed XML';

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
function readClinicalData(text: ChunkedText, reader: ClinicalDataReader): void {
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

/**
 * Reads a project XML (CDISC ODM) file of any size into a definition, as
 * `parseOdm` reads the same text. The project's structure comes first in
 * the file and is parsed as one document; then the records are read a
 * `<SubjectData>` at a time, straight from the file: a 100,000-record
 * project is about 1 GB of XML, more than a JavaScript string can hold.
 */
export function readOdmFile(path: string, chunkBytes = 1 << 20): ProjectDefinition {
  const fd = openSync(path, 'r');
  try {
    const text = new ChunkedText(fd, chunkBytes);
    const first = text.find('<ClinicalData');
    if (first < 0) return parseOdm(text.rest());
    const headXml = text.take(first);
    const root = /<(?![?!])([^\s/>]+)/.exec(headXml)?.[1] ?? 'ODM';
    const head = readOdmHead(parseXml(`${headXml}</${root}>`, 'Not a REDCap ODM file: the project file'));
    for (;;) {
      const reader = new ClinicalDataReader(head);
      if (!startTag(text, 'ClinicalData').empty) readClinicalData(text, reader);
      reader.finish();
      text.skipLayout();
      if (text.peek(13) !== '<ClinicalData') break;
    }
    endTag(text, root);
    text.skipLayout();
    if (text.rest() !== '') throw new Error(`${NOT_WELL_FORMED}: there is more after </${root}>`);
    return head.def;
  } finally {
    closeSync(fd);
  }
}
