import type { FieldNode, LogicNode } from './ast.js';
import { finite, isBlank, logicEquals, logicOrder, toNumber, truthy, type LogicValue } from './coerce.js';
import type { FieldLookup, LogicContext } from './context.js';
import { LOGIC_FUNCTIONS } from './functions.js';
import { parseLogic } from './parse.js';

type Evaluator = (ctx: LogicContext) => LogicValue;

/** A field that logic reads: what the server must check exists, and load. */
export interface FieldReference {
  field: string;
  /** Set when the logic names the event (`[visit_1_arm_1][field]`). */
  event?: string;
  /** Set for one checkbox option (`[field(code)]`). */
  code?: string;
}

/** Logic parsed once and turned into closures, ready to run per record. */
export interface CompiledLogic {
  readonly text: string;
  readonly ast: LogicNode;
  /** Runs the logic; never throws unless the context does. */
  readonly run: (ctx: LogicContext) => LogicValue;
}

/** Parses and compiles logic. Throws LogicSyntaxError for malformed logic. */
export function compileLogic(text: string): CompiledLogic {
  const ast = parseLogic(text);
  return Object.freeze({ text, ast, run: compileNode(ast) });
}

/** The logic as a filter: true when the record (or row) is kept. */
export function evaluateLogic(compiled: CompiledLogic, ctx: LogicContext): boolean {
  return truthy(compiled.run(ctx));
}

/**
 * The logic as a calculation: a number, text or boolean, or null when
 * the result is blank (a blank operand, division by zero, a bad date…).
 */
export function evaluateValue(compiled: CompiledLogic, ctx: LogicContext): string | number | boolean | null {
  const v = compiled.run(ctx);
  if (v === 0) return 0; // -0 reads as 0
  return isBlank(v) ? null : v;
}

/** Every field the logic reads, once each, in order of first appearance. */
export function referencedFields(compiled: CompiledLogic): FieldReference[] {
  const seen = new Map<string, FieldReference>();
  const visit = (node: LogicNode): void => {
    switch (node.kind) {
      case 'field': {
        const ref: FieldReference = { field: node.field };
        if (node.event !== undefined) ref.event = node.event;
        if (node.code !== undefined) ref.code = node.code;
        const key = `${ref.event ?? ''}\u0000${ref.field}\u0000${ref.code ?? ''}`;
        if (!seen.has(key)) seen.set(key, ref);
        return;
      }
      case 'unary':
        return visit(node.operand);
      case 'binary':
        visit(node.left);
        return visit(node.right);
      case 'call':
        return node.args.forEach(visit);
      default:
    }
  };
  visit(compiled.ast);
  return [...seen.values()];
}

function compileNode(node: LogicNode): Evaluator {
  switch (node.kind) {
    case 'number':
    case 'string':
    case 'boolean': {
      const value = node.value;
      return () => value;
    }
    case 'field':
      return compileField(node);
    case 'smart':
      switch (node.name) {
        case 'record-name':
          return (ctx) => ctx.record ?? '';
        case 'event-name':
          return (ctx) => ctx.event ?? '';
        case 'current-instance':
          return (ctx) => ctx.instance ?? 1;
        case 'record-dag-name':
          return (ctx) => ctx.dag ?? '';
      }
      break;
    case 'unary': {
      const operand = compileNode(node.operand);
      if (node.op === 'not') return (ctx) => !truthy(operand(ctx));
      if (node.op === '-') {
        return (ctx) => {
          const n = -toNumber(operand(ctx));
          return n === 0 ? 0 : n; // never -0
        };
      }
      return (ctx) => toNumber(operand(ctx));
    }
    case 'binary':
      return compileBinary(node.op, compileNode(node.left), compileNode(node.right));
    case 'call':
      return compileCall(node.name, node.args.map(compileNode));
  }
  throw new Error(`unhandled logic node ${JSON.stringify(node)}`);
}

function compileField(node: FieldNode): Evaluator {
  const { field, code, instance } = node;
  const base: FieldLookup = {};
  if (node.event !== undefined) base.event = node.event;
  if (code !== undefined) base.code = code;
  const read = (ctx: LogicContext, lookup: FieldLookup): string => ctx.value(field, lookup) ?? '';
  if (!node.currentEvent && (instance === undefined || typeof instance === 'number')) {
    // The common case: the lookup is the same for every record, so build it once.
    if (typeof instance === 'number') base.instance = instance;
    Object.freeze(base);
    return (ctx) => read(ctx, base);
  }
  const shift = instance === 'previous' ? -1 : instance === 'next' ? 1 : 0;
  return (ctx) => {
    const lookup: FieldLookup = { ...base };
    if (node.currentEvent && ctx.event !== undefined) lookup.event = ctx.event;
    if (typeof instance === 'number') lookup.instance = instance;
    else if (instance !== undefined) {
      const at = (ctx.instance ?? 1) + shift;
      // There is no instance before the first.
      if (at < 1) return '';
      lookup.instance = at;
    }
    return read(ctx, lookup);
  };
}

function compileBinary(op: string, left: Evaluator, right: Evaluator): Evaluator {
  switch (op) {
    case 'or':
      return (ctx) => truthy(left(ctx)) || truthy(right(ctx));
    case 'and':
      return (ctx) => truthy(left(ctx)) && truthy(right(ctx));
    case '=':
      return (ctx) => logicEquals(left(ctx), right(ctx));
    case '<>':
      return (ctx) => !logicEquals(left(ctx), right(ctx));
    case '<':
      return (ctx) => logicOrder(left(ctx), right(ctx)) < 0;
    case '<=':
      return (ctx) => logicOrder(left(ctx), right(ctx)) <= 0;
    case '>':
      return (ctx) => logicOrder(left(ctx), right(ctx)) > 0;
    case '>=':
      return (ctx) => logicOrder(left(ctx), right(ctx)) >= 0;
    case '+':
      return (ctx) => finite(toNumber(left(ctx)) + toNumber(right(ctx)));
    case '-':
      return (ctx) => finite(toNumber(left(ctx)) - toNumber(right(ctx)));
    case '*':
      return (ctx) => finite(toNumber(left(ctx)) * toNumber(right(ctx)));
    case '/':
      return (ctx) => finite(toNumber(left(ctx)) / toNumber(right(ctx)));
    case '^':
      return (ctx) => finite(toNumber(left(ctx)) ** toNumber(right(ctx)));
  }
  throw new Error(`unhandled logic operator ${op}`);
}

function compileCall(name: string, args: Evaluator[]): Evaluator {
  if (name === 'if') {
    const [cond, then, otherwise] = args;
    return (ctx) => (truthy(cond(ctx)) ? then(ctx) : otherwise(ctx));
  }
  const fn = LOGIC_FUNCTIONS.get(name);
  if (!fn) throw new Error(`unhandled logic function ${name}`);
  const apply = fn.apply;
  switch (args.length) {
    case 0:
      return (ctx) => apply([], ctx);
    case 1: {
      const [a] = args;
      return (ctx) => apply([a(ctx)], ctx);
    }
    case 2: {
      const [a, b] = args;
      return (ctx) => apply([a(ctx), b(ctx)], ctx);
    }
    default:
      return (ctx) =>
        apply(
          args.map((arg) => arg(ctx)),
          ctx,
        );
  }
}
