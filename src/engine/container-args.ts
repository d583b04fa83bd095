import { labelArgs } from './labels.js';

/** One container to create or run: the engine turns it into `docker container run|create` arguments. */
export interface ContainerSpec {
  image: string;
  /** Empty: the engine names it. */
  name: string;
  /** `none`, a network name, … */
  network: string;
  /** Ownership labels: every container the action makes carries them. */
  labels: Record<string, string>;
  env?: Record<string, string>;
  workdir?: string;
  user?: string;
  /** The name other containers on the network reach it by. */
  networkAlias?: string;
  /**
   * Overrides the image's ENTRYPOINT. `--entrypoint` takes one word: the rest of a list goes before
   * the command. `''` clears it.
   */
  entrypoint?: string[];
  /** Arguments after the image. */
  command?: string[];
  /** `--publish` values (`127.0.0.1:5000:5000`). */
  publish?: string[];
  /** `--volume` values (`/host:/container`). */
  volumes?: string[];
  /** `--privileged`: every capability and device of the host. */
  privileged?: boolean;
  /** `--cap-add` values (`SYS_ADMIN`), added to the engine's default set. */
  capAdd?: string[];
  /** `--rm`: the engine removes the container when it stops. */
  removeWhenDone?: boolean;
  /**
   * `--platform`: the image's platform, natively or under emulation (without it the engine warns on
   * stderr when the image is not the host's platform).
   */
  platform?: string;
}

/** `docker container run|create` arguments for a spec; `run` waits unless `detach`. */
export function containerArgs(verb: 'run' | 'create', spec: ContainerSpec, detach = false): string[] {
  const args = ['container', verb, ...(detach ? ['--detach'] : []), ...(spec.removeWhenDone ? ['--rm'] : [])];
  if (spec.name) args.push('--name', spec.name);
  args.push('--network', spec.network);
  if (spec.platform) args.push('--platform', spec.platform);
  for (const publish of spec.publish ?? []) args.push('--publish', publish);
  for (const volume of spec.volumes ?? []) args.push('--volume', volume);
  if (spec.privileged) args.push('--privileged');
  for (const cap of spec.capAdd ?? []) args.push('--cap-add', cap);
  if (spec.networkAlias) args.push('--network-alias', spec.networkAlias);
  args.push(...labelArgs(spec.labels));
  for (const [key, value] of Object.entries(spec.env ?? {})) args.push('--env', `${key}=${value}`);
  if (spec.workdir) args.push('--workdir', spec.workdir);
  if (spec.user) args.push('--user', spec.user);
  const command = spec.command ?? [];
  if (!spec.entrypoint) return [...args, spec.image, ...command];
  const [entry = '', ...rest] = spec.entrypoint;
  return [...args, `--entrypoint=${entry}`, spec.image, ...rest, ...command];
}
