/**
 * REDCap's logic language (filterLogic, report filters, branching logic,
 * calculations), shared by the embedded server and the client's frames
 *
 *   const logic = compileLogic(text);          // throws LogicSyntaxError
 *   referencedFields(logic)                    // check fields exist, know what to load
 *   evaluateLogic(logic, ctx)                  // filter: keep this record/row?
 *   logicResultText(evaluateValue(logic, ctx)) // calc: the text to store
 *
 * Compile once, evaluate per record: evaluation runs prebuilt closures and
 * never throws (bad input gives a blank). Values are strings; comparisons
 * are numeric when both sides are numbers, text otherwise; blanks equal
 * only blanks and make arithmetic and ordering blank/false.
 */
export { LogicSyntaxError } from './errors.js';
export type { LogicNode, FieldNode, BinaryOperator, UnaryOperator, InstanceRef, SmartVariable } from './ast.js';
export { printLogic } from './ast.js';
export type { LogicContext, FieldLookup } from './context.js';
export type { LogicValue } from './coerce.js';
export { parseLogic } from './parse.js';
export {
  compileLogic,
  evaluateLogic,
  evaluateValue,
  referencedFields,
  type CompiledLogic,
  type FieldReference,
} from './compile.js';
export { logicResultText } from './result-text.js';
