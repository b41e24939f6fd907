/**
 * The parsed form of REDCap logic. `pos` is the 0-based offset of the
 * node's first character in the logic text.
 */

export type BinaryOperator = 'or' | 'and' | '=' | '<>' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '^';

export type UnaryOperator = 'not' | '-' | '+';

/** A relative instance (`[field][previous-instance]`) or a fixed one (`[field][2]`). */
export type InstanceRef = number | 'current' | 'previous' | 'next';

/** Smart variables that stand alone as values. */
export type SmartVariable = 'record-name' | 'event-name' | 'current-instance' | 'record-dag-name';

export type LogicNode =
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'boolean'; value: boolean; pos: number }
  | FieldNode
  | { kind: 'smart'; name: SmartVariable; pos: number }
  | { kind: 'unary'; op: UnaryOperator; operand: LogicNode; pos: number }
  | { kind: 'binary'; op: BinaryOperator; left: LogicNode; right: LogicNode; pos: number }
  | { kind: 'call'; name: string; args: LogicNode[]; pos: number };

/**
 * A field reference. `event` undefined means the record's current event
 * (the row being evaluated); `currentEvent` marks an explicit
 * `[event-name][field]`, which means the same thing.
 */
export interface FieldNode {
  kind: 'field';
  field: string;
  event?: string;
  currentEvent?: boolean;
  code?: string;
  instance?: InstanceRef;
  pos: number;
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * A canonical text of a node, fully parenthesised, that parses back to the
 * same tree. Used in tests (precedence is visible) and in diagnostics.
 */
export function printLogic(node: LogicNode): string {
  switch (node.kind) {
    case 'number':
      return node.value < 0 ? `(${node.value})` : String(node.value);
    case 'string':
      return quote(node.value);
    case 'boolean':
      return String(node.value);
    case 'field': {
      const event = node.currentEvent ? '[event-name]' : node.event !== undefined ? `[${node.event}]` : '';
      const code = node.code !== undefined ? `(${node.code})` : '';
      const instance =
        node.instance === undefined
          ? ''
          : typeof node.instance === 'number'
            ? `[${node.instance}]`
            : `[${node.instance}-instance]`;
      return `${event}[${node.field}${code}]${instance}`;
    }
    case 'smart':
      return `[${node.name}]`;
    case 'unary':
      return node.op === 'not' ? `(not ${printLogic(node.operand)})` : `(${node.op}${printLogic(node.operand)})`;
    case 'binary':
      return `(${printLogic(node.left)} ${node.op} ${printLogic(node.right)})`;
    case 'call':
      return `${node.name}(${node.args.map(printLogic).join(', ')})`;
  }
}
