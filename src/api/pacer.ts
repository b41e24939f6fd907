/**
 * Spaces requests out: each start at least `delayMs` after the one before
 * (REDCapR's `interbatch_delay`, for busy servers). The transport asks
 * right before it hands a request to undici, sends in the same tick and
 * counts the start once undici has it, so the gaps hold where requests
 * leave the client, however busy the event loop is.
 */
export class Pacer {
  #last = -Infinity;

  constructor(readonly delayMs: number) {}

  /** 0 when a request may start now, else the milliseconds to wait first. */
  waitMs(): number {
    return this.#last + this.delayMs - performance.now();
  }

  /** Waits for a turn, then calls `send` in the same tick as the turn is taken. */
  static async sendWhenAllowed<T>(pacer: Pacer | undefined, send: () => Promise<T>): Promise<T> {
    if (!pacer) return send();
    for (let wait = pacer.waitMs(); wait > 0; wait = pacer.waitMs()) {
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
    }
    // Counted from when undici has the request (its first call can take milliseconds of set-up).
    const sent = send();
    pacer.#last = performance.now();
    return sent;
  }
}
