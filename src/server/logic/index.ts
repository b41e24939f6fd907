export { LogicSyntaxError } from './errors.js';
export type { LogicNode, FieldNode, BinaryOperator, UnaryOperator, InstanceRef, SmartVariable } from './ast.js';
export { printLogic } from './ast.js';
export type { LogicContext, FieldLookup } from './context.js';
export type { LogicValue } from './coerce.js';
export { parseLogic } from './parse.js';
export {
  compileLogic, evaluateLogic, evaluateValue, referencedFields,
  type CompiledLogic, type FieldReference,
} from './compile.js';
export { logicResultText } from './result-text.js';
