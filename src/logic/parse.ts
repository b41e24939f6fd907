import type { BinaryOperator, FieldNode, InstanceRef, LogicNode, SmartVariable } from './ast.js';
import { LogicSyntaxError } from './errors.js';
import { IF_FUNCTION, LOGIC_FUNCTIONS } from './functions.js';
import { tokenize, type Token } from './tokenize.js';

/**
 * Parses REDCap logic into a tree. Precedence, loosest first:
 * `or`/`||`; `and`/`&&`; `not`/`!`; one comparison (`= <> != < <= > >=`,
 * never chained); `+ -`; `* /`; unary `- +`; `^` (right-associative, so
 * `-2^2` is -4 and `2^3^2` is 512). Keywords and function names ignore case.
 * Throws LogicSyntaxError pointing at the first problem.
 */
export function parseLogic(text: string): LogicNode {
  const parser = new Parser(text, tokenize(text));
  return parser.parseAll();
}

const COMPARISONS: Record<string, BinaryOperator> = {
  '=': '=',
  '<>': '<>',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

const VALUE_SMART_VARIABLES = new Set<SmartVariable>([
  'record-name',
  'event-name',
  'current-instance',
  'record-dag-name',
]);
const RELATIVE_INSTANCES: Record<string, InstanceRef> = {
  'current-instance': 'current',
  'previous-instance': 'previous',
  'next-instance': 'next',
};

const NOT_INSIDE =
  '"not" negates a whole condition; inside arithmetic or a comparison put it in parentheses, as in (not ...)';

const NAME = /^[A-Za-z0-9_]+$/;
const FIELD_PART = /^([A-Za-z0-9_]+)(?:\(([^()]*)\))?(?::([A-Za-z0-9_-]*))?$/;

interface Segment {
  text: string;
  pos: number;
}

class Parser {
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  parseAll(): LogicNode {
    if (this.peek().kind === 'end') throw new LogicSyntaxError('the logic is empty', this.text.length, '');
    const node = this.parseOr();
    const tok = this.peek();
    if (tok.kind !== 'end') {
      if (tok.kind === ')') throw this.error(tok, '")" has no matching "("');
      throw this.error(tok, this.afterValueProblem(tok, 'an operator, "and", "or" or the end of the logic'));
    }
    return node;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const tok = this.tokens[this.index];
    if (this.index < this.tokens.length - 1) this.index++;
    return tok;
  }

  private error(tok: Token, detail: string): LogicSyntaxError {
    return new LogicSyntaxError(detail, tok.pos, tok.text);
  }

  private isWord(tok: Token, word: string): boolean {
    return tok.kind === 'word' && tok.value === word;
  }

  /** What to say about a token found where an operator (or the end) belongs. */
  private afterValueProblem(tok: Token, expected: string): string {
    if (tok.kind === 'operator' && tok.value === '==') return 'REDCap compares with a single "=", not "=="';
    if (COMPARISONS[tok.value] && tok.kind === 'operator') {
      return 'comparisons cannot be chained; join them with "and" or "or"';
    }
    return `expected ${expected}`;
  }

  private parseOr(): LogicNode {
    let left = this.parseAnd();
    for (;;) {
      const tok = this.peek();
      if (!this.isWord(tok, 'or') && !(tok.kind === 'operator' && tok.value === '||')) return left;
      this.next();
      left = { kind: 'binary', op: 'or', left, right: this.parseAnd(), pos: left.pos };
    }
  }

  private parseAnd(): LogicNode {
    let left = this.parseNot();
    for (;;) {
      const tok = this.peek();
      if (!this.isWord(tok, 'and') && !(tok.kind === 'operator' && tok.value === '&&')) return left;
      this.next();
      left = { kind: 'binary', op: 'and', left, right: this.parseNot(), pos: left.pos };
    }
  }

  private parseNot(): LogicNode {
    const tok = this.peek();
    if (this.isWord(tok, 'not') || (tok.kind === 'operator' && tok.value === '!')) {
      this.next();
      return { kind: 'unary', op: 'not', operand: this.parseNot(), pos: tok.pos };
    }
    return this.parseComparison();
  }

  private parseComparison(): LogicNode {
    const left = this.parseAdditive();
    const tok = this.peek();
    if (tok.kind === 'operator' && tok.value === '==')
      throw this.error(tok, 'REDCap compares with a single "=", not "=="');
    const op = tok.kind === 'operator' ? COMPARISONS[tok.value] : undefined;
    if (!op) return left;
    this.next();
    const right = this.parseAdditive();
    return { kind: 'binary', op, left, right, pos: left.pos };
  }

  private parseAdditive(): LogicNode {
    let left = this.parseMultiplicative();
    for (;;) {
      const tok = this.peek();
      if (tok.kind !== 'operator' || (tok.value !== '+' && tok.value !== '-')) return left;
      this.next();
      left = { kind: 'binary', op: tok.value, left, right: this.parseMultiplicative(), pos: left.pos };
    }
  }

  private parseMultiplicative(): LogicNode {
    let left = this.parseUnary();
    for (;;) {
      const tok = this.peek();
      if (tok.kind !== 'operator' || (tok.value !== '*' && tok.value !== '/')) return left;
      this.next();
      left = { kind: 'binary', op: tok.value, left, right: this.parseUnary(), pos: left.pos };
    }
  }

  private parseUnary(): LogicNode {
    const tok = this.peek();
    if (tok.kind === 'operator' && (tok.value === '-' || tok.value === '+')) {
      this.next();
      return { kind: 'unary', op: tok.value, operand: this.parseUnary(), pos: tok.pos };
    }
    return this.parsePower();
  }

  private parsePower(): LogicNode {
    const base = this.parsePrimary();
    const tok = this.peek();
    if (tok.kind !== 'operator' || tok.value !== '^') return base;
    this.next();
    // The exponent may carry its own sign (`2^-1`) and binds to the right.
    return { kind: 'binary', op: '^', left: base, right: this.parseUnary(), pos: base.pos };
  }

  private parsePrimary(): LogicNode {
    const tok = this.peek();
    switch (tok.kind) {
      case 'number':
        this.next();
        return { kind: 'number', value: Number(tok.value), pos: tok.pos };
      case 'string':
        this.next();
        return { kind: 'string', value: tok.value, pos: tok.pos };
      case 'bracket':
        return this.parseBrackets();
      case '(': {
        this.next();
        const inner = this.parseOr();
        const close = this.peek();
        if (close.kind !== ')') {
          const where = `to close the "(" at character ${tok.pos + 1}`;
          if (close.kind === 'end') throw this.error(close, `expected ")" ${where}`);
          throw this.error(close, this.afterValueProblem(close, `an operator or ")" ${where}`));
        }
        this.next();
        return inner;
      }
      case 'word':
        return this.parseWord();
      default:
        throw this.missingValue(tok);
    }
  }

  private missingValue(tok: Token): LogicSyntaxError {
    const before = this.index > 0 ? this.tokens[this.index - 1] : undefined;
    const after = before ? ` after ${JSON.stringify(before.text)}` : '';
    const what = 'a value (a [field], a number, text in quotes, a function or "(")';
    if (tok.kind === 'end') return this.error(tok, `expected ${what}${after}`);
    if (tok.kind === 'operator' && tok.value === '==')
      return this.error(tok, 'REDCap compares with a single "=", not "=="');
    if (tok.kind === 'operator' && tok.value === '!') return this.error(tok, NOT_INSIDE);
    return this.error(tok, `expected ${what}${after}`);
  }

  private parseWord(): LogicNode {
    const tok = this.next();
    const word = tok.value;
    const isCall = this.peek().kind === '(';
    // `not` reaches here only inside arithmetic or a comparison, e.g. `1 + not [a]`.
    if (word === 'not') throw this.error(tok, NOT_INSIDE);
    if (!isCall) {
      if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true', pos: tok.pos };
      // Bare `today` / `now` are the functions without parentheses.
      if (word === 'today' || word === 'now') return { kind: 'call', name: word, args: [], pos: tok.pos };
      if (word === 'and' || word === 'or') {
        this.index--;
        throw this.missingValue(tok);
      }
      if (word === IF_FUNCTION.name || LOGIC_FUNCTIONS.has(word)) {
        throw this.error(tok, `the function ${tok.text} needs its arguments in parentheses, as in ${word}(...)`);
      }
      throw this.error(
        tok,
        `unknown word ${JSON.stringify(tok.text)} (put text in quotes and field names in [brackets])`,
      );
    }
    const spec = word === IF_FUNCTION.name ? IF_FUNCTION : LOGIC_FUNCTIONS.get(word);
    if (!spec) throw this.error(tok, `unknown function ${JSON.stringify(tok.text)}`);
    const open = this.next();
    const args: LogicNode[] = [];
    if (this.peek().kind === ')') {
      this.next();
    } else {
      for (;;) {
        args.push(this.parseOr());
        const sep = this.peek();
        if (sep.kind === ',') {
          this.next();
          continue;
        }
        if (sep.kind === ')') {
          this.next();
          break;
        }
        if (sep.kind === 'end')
          throw this.error(sep, `expected ")" to close the "(" of ${word} at character ${open.pos + 1}`);
        throw this.error(sep, this.afterValueProblem(sep, `"," or ")" after an argument of ${word}()`));
      }
    }
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      throw this.error(tok, `${word}() takes ${arity(spec.minArgs, spec.maxArgs)}, not ${args.length}`);
    }
    return { kind: 'call', name: word, args, pos: tok.pos };
  }

  /** `[field]`, `[event][field]`, `[field(code)]`, `[field][instance]`, `[event][field][instance]`, smart variables. */
  private parseBrackets(): LogicNode {
    const first = this.next();
    const segments: Segment[] = [{ text: first.value, pos: first.pos }];
    let last = first;
    while (this.peek().kind === 'bracket' && this.peek().pos === last.end) {
      last = this.next();
      segments.push({ text: last.value, pos: last.pos });
    }
    const whole = this.text.slice(first.pos, last.end);
    const fail = (seg: Segment, detail: string) => new LogicSyntaxError(detail, seg.pos, `[${seg.text}]`);
    for (const seg of segments) {
      if (seg.text.trim() === '') throw fail(seg, 'empty brackets: expected a field name inside "[ ]"');
    }
    if (segments.length > 3) throw fail(segments[3], `too many bracketed parts in ${whole}`);

    // Hyphens mark smart variables, but checkbox codes may hold them too: `[race(-99)]`.
    if (segments.length === 1 && segments[0].text.split('(')[0].includes('-')) {
      const name = segments[0].text.trim().toLowerCase();
      if (VALUE_SMART_VARIABLES.has(name as SmartVariable))
        return { kind: 'smart', name: name as SmartVariable, pos: first.pos };
      if (RELATIVE_INSTANCES[name]) throw fail(segments[0], `[${name}] must follow a field, as in [field][${name}]`);
      throw fail(segments[0], `unknown or unsupported smart variable [${segments[0].text}]`);
    }

    let instance: InstanceRef | undefined;
    let rest = segments;
    const tail = segments[segments.length - 1];
    if (segments.length === 3 || (segments.length === 2 && this.isInstance(tail))) {
      instance = this.instanceOf(tail, fail);
      rest = segments.slice(0, -1);
    }
    const node = this.fieldPart(rest[rest.length - 1], fail);
    node.pos = first.pos;
    if (instance !== undefined) node.instance = instance;
    if (rest.length === 2) {
      const ev = rest[0];
      const name = ev.text.trim();
      if (name.toLowerCase() === 'event-name') node.currentEvent = true;
      else if (!NAME.test(name))
        throw fail(ev, `invalid event name [${ev.text}]: expected a unique event name such as [visit_1_arm_1]`);
      else node.event = name;
    }
    return node;
  }

  private isInstance(seg: Segment): boolean {
    const t = seg.text.trim().toLowerCase();
    return /^\d+$/.test(t) || t.endsWith('-instance');
  }

  private instanceOf(seg: Segment, fail: (s: Segment, d: string) => LogicSyntaxError): InstanceRef {
    const t = seg.text.trim().toLowerCase();
    if (/^\d+$/.test(t)) {
      const n = Number(t);
      if (n < 1 || !Number.isSafeInteger(n)) throw fail(seg, 'repeat instances are numbered from 1');
      return n;
    }
    const rel = RELATIVE_INSTANCES[t];
    if (rel) return rel;
    throw fail(
      seg,
      `expected a repeat instance number, [current-instance], [previous-instance] or [next-instance], not [${seg.text}]`,
    );
  }

  private fieldPart(seg: Segment, fail: (s: Segment, d: string) => LogicSyntaxError): FieldNode {
    const text = seg.text.trim();
    const m = FIELD_PART.exec(text);
    if (!m) {
      if (text.split('(')[0].includes('-')) throw fail(seg, `unknown or unsupported smart variable [${seg.text}]`);
      throw fail(seg, `invalid field reference [${seg.text}]: field names contain only letters, digits and "_"`);
    }
    const [, field, code, qualifier] = m;
    if (qualifier !== undefined && qualifier.toLowerCase() !== 'value') {
      throw fail(
        seg,
        `the qualifier ":${qualifier}" is not supported in logic (only the raw value, or ":value", can be compared)`,
      );
    }
    const node: FieldNode = { kind: 'field', field, pos: seg.pos };
    if (code !== undefined) {
      if (code.trim() === '') throw fail(seg, `empty checkbox code in [${seg.text}]: expected [${field}(code)]`);
      node.code = code.trim();
    }
    return node;
  }
}

function arity(min: number, max: number): string {
  const plural = (n: number) => (n === 1 ? 'argument' : 'arguments');
  if (min === max) return `${min} ${plural(min)}`;
  if (max === Infinity) return `at least ${min} ${plural(min)}`;
  return max === min + 1 ? `${min} or ${max} arguments` : `${min} to ${max} arguments`;
}
