/**
 * Before notebooks run headless: is the set-up there? Without it every
 * notebook would fail on its own with a Python traceback (nbconvert
 * missing, or `NoSuchKernel` for tslab); this says once, in one line,
 * what is missing and which command sets it up. Used by `demo`, and
 * meant for any command that runs notebooks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { packageRoot, runCommand } from './run-notebooks.js';

export interface PreflightOptions {
  /** The environment notebooks will run with (PATH, JUPYTER_PATH, HOME…); `process.env` by default. */
  env?: NodeJS.ProcessEnv;
  /** The kernel the notebooks use (default `tslab`). */
  kernel?: string;
  /** Where the set-up registers the kernel (default the package's `.jupyter/share/jupyter`). */
  projectJupyterDir?: string;
  /** A folder of notebooks that import 'redcap-frames' by name: checked when given. */
  notebooksDir?: string;
  /** The `jupyter` command (default `jupyter`). */
  jupyter?: string;
}

export interface Preflight {
  ready: boolean;
  /** What is missing, each a short phrase. */
  missing: string[];
  /** One line: what is missing and the command that sets it up (empty when ready). */
  message: string;
}

export const SETUP_COMMAND = '`bash .ci/setup` (or `npm run quickstart`, which also runs the demo)';

/** Jupyter's data folders, in its search order, that hold `kernels/<name>/`. */
export function jupyterDataDirs(env: NodeJS.ProcessEnv, projectJupyterDir: string): string[] {
  const home = env.HOME ?? homedir();
  const user = env.JUPYTER_DATA_DIR ?? join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'jupyter');
  const listed = (env.JUPYTER_PATH ?? '').split(delimiter).filter(Boolean);
  return [projectJupyterDir, ...listed, user, '/usr/local/share/jupyter', '/usr/share/jupyter'];
}

/** The kernel's problem, or undefined when a spec is found whose program exists. */
function kernelProblem(kernel: string, dirs: readonly string[]): string | undefined {
  for (const dir of dirs) {
    const spec = join(dir, 'kernels', kernel, 'kernel.json');
    if (!existsSync(spec)) continue;
    try {
      const program = (JSON.parse(readFileSync(spec, 'utf8')) as { argv?: unknown[] }).argv?.[0];
      if (typeof program === 'string' && isAbsolute(program) && !existsSync(program)) {
        return `the ${kernel} kernel is registered with a program that is gone (${program})`;
      }
      return undefined;
    } catch {
      return `the ${kernel} kernel's spec ${spec} is not valid JSON`;
    }
  }
  return `the ${kernel} kernel is not registered with Jupyter`;
}

/** Jupyter's own list, for kernels registered where the folders above do not look (a virtualenv's prefix). */
async function jupyterKnowsKernel(jupyter: string, kernel: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const listed = await runCommand(jupyter, ['kernelspec', 'list', '--json'], { env, timeoutMs: 60_000 }).catch(
    () => undefined,
  );
  if (!listed || listed.code !== 0) return false;
  try {
    const specs = (
      JSON.parse(listed.output.slice(listed.output.indexOf('{'))) as { kernelspecs?: Record<string, unknown> }
    ).kernelspecs;
    return specs !== undefined && kernel in specs;
  } catch {
    return false;
  }
}

/** Checks what running notebooks headless needs: nbconvert, the kernel, and the package link. */
export async function checkNotebookSetup(options: PreflightOptions = {}): Promise<Preflight> {
  const env = options.env ?? process.env;
  const kernel = options.kernel ?? 'tslab';
  const jupyter = options.jupyter ?? 'jupyter';
  const missing: string[] = [];
  const probe = await runCommand(jupyter, ['nbconvert', '--version'], { env, timeoutMs: 60_000 }).catch(
    () => undefined,
  );
  const hasNbconvert = probe?.code === 0;
  if (!hasNbconvert) missing.push(`Jupyter's nbconvert (\`${jupyter} nbconvert\`) is not installed`);
  const projectDir = options.projectJupyterDir ?? join(packageRoot(), '.jupyter', 'share', 'jupyter');
  const problem = kernelProblem(kernel, jupyterDataDirs(env, projectDir));
  if (
    problem &&
    !(
      hasNbconvert &&
      problem.endsWith('not registered with Jupyter') &&
      (await jupyterKnowsKernel(jupyter, kernel, env))
    )
  ) {
    missing.push(problem);
  }
  if (options.notebooksDir) {
    try {
      createRequire(join(options.notebooksDir, 'notebook.js')).resolve('redcap-frames');
    } catch {
      missing.push(
        `the notebooks in ${options.notebooksDir} cannot import 'redcap-frames' (the package is not linked into node_modules)`,
      );
    }
  }
  const message =
    missing.length === 0 ? '' : `Notebooks cannot run yet: ${missing.join('; ')}. Run ${SETUP_COMMAND} to set this up.`;
  return { ready: missing.length === 0, missing, message };
}
