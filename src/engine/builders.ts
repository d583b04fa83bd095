/**
 * Which program builds, and how: buildx, a docker client driving the engine's built-in BuildKit, the
 * engine's legacy builder, or buildah. The builder folder chooses; the engine runs it.
 */
export type BuilderKind = 'buildx' | 'buildkit' | 'legacy' | 'buildah';

export interface BuilderChoice {
  kind: BuilderKind;
  /** The program that runs the build: a docker client (may differ from the first one on PATH), or buildah. */
  client: string;
  reason: string;
}
