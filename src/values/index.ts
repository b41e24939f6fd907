export * from './choices.js';
export * from './dates.js';
export * from './field-rule.js';
export * from './numbers.js';
export * from './typed.js';
export * from './validate.js';
export * from './validation-types.js';
