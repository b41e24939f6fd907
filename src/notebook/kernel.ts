/**
 * The bridge to tslab, Jupyter's TypeScript kernel. tslab hands a cell's
 * code a hooked `require` (through `globalThis.__tslab__`) whose
 * `require('tslab')` answers the running kernel's display functions,
 * wherever this package is installed. Outside the kernel there is no such
 * hook, and every display helper falls back to plain text.
 */

/** tslab's display functions (see tslab's `Display`). */
export interface KernelDisplay {
  html(s: string): void;
  svg(s: string): void;
  png(b: Uint8Array): void;
  text(s: string): void;
  markdown(s: string): void;
}

/** tslab's module as its hooked `require` returns it. */
interface TslabModule {
  display: KernelDisplay;
  newDisplay(): KernelDisplay;
}

function tslab(): TslabModule | null {
  const hook = (globalThis as { __tslab__?: { require?: (id: string) => unknown } }).__tslab__;
  if (typeof hook?.require !== 'function') return null;
  try {
    const mod = hook.require('tslab') as Partial<TslabModule> | null;
    return mod && typeof mod.newDisplay === 'function' && mod.display ? (mod as TslabModule) : null;
  } catch {
    return null;
  }
}

/** True inside a tslab kernel, where rich output can be displayed. */
export function inNotebook(): boolean {
  return tslab() !== null;
}

/** The kernel's display, or undefined outside tslab. */
export function kernelDisplay(): KernelDisplay | undefined {
  return tslab()?.display;
}

/** A display entry that later calls overwrite (tslab's `newDisplay`), or undefined outside tslab. */
export function updatableDisplay(): KernelDisplay | undefined {
  return tslab()?.newDisplay();
}
