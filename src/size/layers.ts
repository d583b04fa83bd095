/** One filesystem layer of an image, with the Dockerfile instruction that made it. */
export interface LayerSize {
  /** The uncompressed layer digest (`diff_id`), `sha256:…`. */
  diffId: string;
  /** Normalised instruction: `RUN apk add curl`, `COPY … /app/`. */
  instruction: string;
  /** Bytes on the runner's disk; `undefined` when unknown (a base image read from a registry). */
  size?: number;
  /** Bytes a pull downloads; `undefined` when unknown. */
  compressedSize?: number;
  /** How `compressedSize` was found: exact from a registry, or estimated here (see `CompressedHow`). */
  compressedHow?: CompressedHow;
  /** Shared with the base image of the Dockerfile's final `FROM`, or added by this Dockerfile. */
  origin: 'base' | 'added';
}

/**
 * `registry`: exact, the registry's own figure for that blob (this image's manifest once pushed, or
 * the base image's identical layer). `layer-store`: estimated, gzip (level 6) of the layer's tar
 * rebuilt from the engine's layer store and checked against its diff ID. `save`: estimated, gzip of
 * the layer as a streamed `docker save` gave it.
 */
export type CompressedHow = 'registry' | 'layer-store' | 'save';

/** The size of one image (one platform). */
export interface ImageSize {
  reference: string;
  platform: string;
  /** Total uncompressed bytes; `undefined` when a layer's is unknown. */
  size?: number;
  /** Total compressed bytes; `undefined` when a layer's is unknown. */
  compressedSize?: number;
  /** Every layer's size exact (`registry`), some estimated here (`estimated`), or some unknown. */
  compressedSource: 'registry' | 'estimated' | 'unknown';
  layers: LayerSize[];
}

/** An image config's `history` entry (OCI and Docker alike). */
export interface HistoryEntry {
  created_by?: string;
  empty_layer?: boolean;
  comment?: string;
}

/**
 * `/bin/sh -c #(nop)  COPY file:ab12… in /usr/bin/ ` -> `COPY … /usr/bin/`; `RUN /bin/sh -c make # buildkit`
 * -> `RUN make`. Legacy and BuildKit histories say the same instruction differently, and content
 * hashes change on every build: normalising lets a layer be matched to its counterpart across builds.
 */
export function normaliseInstruction(createdBy: string): string {
  // `|1 VERSION=2 /bin/sh -c make`: the legacy builder's RUN with build arguments.
  let text = createdBy
    .trim()
    .replace(/\s+#\s*buildkit$/, '')
    .replace(/^\|\d+ (?:\S+=\S* )*/, '');
  const nop = /^\/bin\/sh -c #\(nop\)\s*(.*)$/s.exec(text);
  if (nop) text = nop[1].trim();
  else if (text.startsWith('/bin/sh -c ')) text = `RUN ${text.slice('/bin/sh -c '.length)}`;
  text = text.replace(/^RUN \|\d+ (?:\S+=\S* )*/, 'RUN '); // BuildKit's form of the same prefix
  text = text.replace(/^RUN \/bin\/sh -c /, 'RUN ');
  // `COPY file:<hash> in /dest` (legacy): the hash is content, not instruction.
  text = text.replace(/\b(?:file|dir|multi):[0-9a-f]{64}\s+in\s+/g, '… ');
  text = text.replace(/\s+/g, ' ').trim();
  return text || '(unknown instruction)';
}

/**
 * Pairs the non-empty history entries with the layers, in order: a history entry with
 * `empty_layer` (ENV, CMD, LABEL…) made no layer. When the counts disagree (an image squashed or
 * assembled by another tool), the instructions are unknown rather than wrong.
 */
export function instructionsForLayers(history: HistoryEntry[], layerCount: number): string[] {
  const made = history.filter((entry) => !entry.empty_layer);
  if (made.length !== layerCount) return Array.from({ length: layerCount }, () => '(unknown instruction)');
  // An imported layer records no instruction, only a comment (`Imported from -`).
  return made.map((entry) =>
    entry.created_by || !entry.comment ? normaliseInstruction(entry.created_by ?? '') : `(${entry.comment})`,
  );
}

/** How many leading layers two layer lists share. */
export function sharedPrefix(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

export function totals(layers: LayerSize[]): { size?: number; compressedSize?: number } {
  const sum = (pick: (layer: LayerSize) => number | undefined) =>
    layers.every((layer) => pick(layer) !== undefined)
      ? layers.reduce((total, layer) => total + (pick(layer) ?? 0), 0)
      : undefined;
  return { size: sum((l) => l.size), compressedSize: sum((l) => l.compressedSize) };
}
