// flechette writes the Arrow file footer with these modules, which are not
// its documented API and have no published types: package.json therefore
// names flechette as a direct dependency pinned to the exact version
// (2.6.0) these declarations were checked against, and its overrides keep
// arquero on the same copy.
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
