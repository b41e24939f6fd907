/**
 * What a `Project` knows of its project, as PyCap's `Project` does: the
 * structure (a `Schema`) read once by `Project.connect` or `refresh()`,
 * then reused by every typed export and import instead of being read
 * again per call. A structure import through the same `Project`
 * (dictionary, arms, events…) drops it, so it is read afresh when next
 * needed; changes made elsewhere show after `refresh()`.
 */
import { RedcapUsageError } from './errors.js';
import type { Schema } from '../schema/schema.js';

export class StructureCache {
  readonly #load: () => Promise<Schema>;
  readonly #describe: () => string;
  #schema?: Schema;
  #loading?: Promise<Schema>;
  // Bumped by every refresh and forget, so a slow load cannot overwrite a newer state.
  #generation = 0;

  constructor(load: () => Promise<Schema>, describe: () => string) {
    this.#load = load;
    this.#describe = describe;
  }

  /** The schema if loaded, else undefined. */
  get current(): Schema | undefined {
    return this.#schema;
  }

  /** The schema, or a usage error that says how to load it. */
  get required(): Schema {
    if (this.#schema) return this.#schema;
    throw new RedcapUsageError(
      `${this.#describe()} has not read its project's structure yet: create it with \`await Project.connect(url, token)\`, or call \`await project.refresh()\` first.`,
    );
  }

  /** Reads the structure afresh and keeps it. */
  refresh(): Promise<Schema> {
    const generation = ++this.#generation;
    const loading = this.#load().then((schema) => {
      if (generation === this.#generation) this.#schema = schema;
      return schema;
    });
    this.#loading = loading;
    // A failed load is not kept: the next call tries again.
    loading.catch(() => {
      if (this.#loading === loading) this.#loading = undefined;
    });
    return loading;
  }

  /** The kept schema, or the one being read, or a new read. */
  get(): Promise<Schema> {
    if (this.#schema) return Promise.resolve(this.#schema);
    return this.#loading ?? this.refresh();
  }

  forget(): void {
    this.#generation++;
    this.#schema = undefined;
    this.#loading = undefined;
  }
}
