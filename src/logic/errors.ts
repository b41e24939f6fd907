/**
 * The one error that compiling logic throws. `position` is the 0-based
 * offset of the problem in the logic text (the text's length when the
 * logic ends too early); the message counts characters from 1, as a
 * person reading the logic would.
 */
export class LogicSyntaxError extends Error {
  override readonly name = 'LogicSyntaxError';
  /** 0-based offset into the logic text. */
  readonly position: number;
  /** The text at the problem ('' at the end of the logic). */
  readonly near: string;
  /** What was wrong, without the position prefix. */
  readonly detail: string;

  constructor(detail: string, position: number, near: string) {
    const where =
      near === ''
        ? 'Syntax error at end of logic'
        : `Syntax error at character ${position + 1} near ${JSON.stringify(shorten(near))}`;
    super(`${where}: ${detail}`);
    this.position = position;
    this.near = near;
    this.detail = detail;
  }
}

function shorten(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}
