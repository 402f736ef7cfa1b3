import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from './repo-root.ts';

/** Where one environment variable of a function comes from (the manifests' `EnvSource`, as data). */
export type EnvSource =
  | { value: string }
  | { parameter: string; default: string; description: string; allowedValues?: readonly string[] }
  | { ref: string }
  | { local: string };

/** A Cognito group a package brings (`resources.groups`): its name is a deploy-time parameter. */
export interface GroupResource {
  description: string;
  parameter: string;
  default: string;
}

/** A topic a package brings (`resources.topics`). */
export interface TopicResource {
  description: string;
  emailSubscriptionParameter?: string;
}

/** One route of an HTTP function, as data. */
export interface RouteDescription {
  id: string;
  method: string;
  path: string;
  auth: 'public' | 'token';
  body: boolean;
}

interface FunctionBase {
  name: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  environment: Readonly<Record<string, EnvSource>>;
  resources?: { groups?: Readonly<Record<string, GroupResource>>; topics?: Readonly<Record<string, TopicResource>> };
  /** The package, relative to the repository (`packages/<name>`). */
  packageDir: string;
  /** The zip, relative to the repository (`dist/<name>.zip`). */
  zip: string;
  sha256: string;
}

/** A function behind the HTTP API. */
export interface HttpFunction extends FunctionBase {
  kind: 'http';
  routes: readonly RouteDescription[];
}

/** A function invoked by an event source (`eventSource.type` says which). */
export interface EventFunction extends FunctionBase {
  kind: 'event';
  eventSource: { type: string } & Record<string, unknown>;
}

/** One entry of `dist/functions.json`: a manifest as data, with its built zip. */
export type FunctionDescription = HttpFunction | EventFunction;

/**
 * The functions the build wrote to `dist/functions.json` (see `scripts/build.mjs`): every
 * manifest, with its zip's path and SHA-256. Fails clearly when the build has not run.
 *
 * @example
 * ```ts
 * const http = (await readFunctions()).filter((fn) => fn.kind === 'http');
 * ```
 */
export const readFunctions = async (root = repoRoot): Promise<FunctionDescription[]> => {
  const file = join(root, 'dist', 'functions.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`${file} is missing: run "pnpm build" first`);
  }
  const functions = JSON.parse(text) as FunctionDescription[];
  if (!Array.isArray(functions) || functions.some((fn) => typeof fn?.name !== 'string' || (fn.kind !== 'http' && fn.kind !== 'event'))) {
    throw new Error(`${file} is not a list of function manifests: run "pnpm build" again`);
  }
  return functions;
};
