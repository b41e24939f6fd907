// flechette (pinned to 2.6.0 by the package's overrides) writes the Arrow
// file footer with these modules; they have no published types.
declare module '@uwdata/flechette/src/encode/builder.js' {
  export class Builder {
    constructor(sink: { write(bytes: Uint8Array): void; pad(count: number): void; finish(): Uint8Array | null });
  }
}
declare module '@uwdata/flechette/src/encode/footer.js' {
  import type { Builder } from '@uwdata/flechette/src/encode/builder.js';
  export function writeFooter(
    builder: Builder,
    schema: unknown,
    dictBlocks: { offset: number; metadataLength: number; bodyLength: number }[],
    recordBlocks: { offset: number; metadataLength: number; bodyLength: number }[],
    metadata: Map<string, string> | null,
  ): void;
}
