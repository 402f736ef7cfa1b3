import type { FunctionDescription } from './functions.ts';

/** A Cognito group of the manifests, with its name for this run. */
export interface LocalGroup {
  /** The id the manifests reference it by (`group-name:<id>`). */
  id: string;
  /** `''` when the group is switched off (its parameter set to empty). */
  name: string;
}

/**
 * The groups the manifests bring (`resources.groups`), each named by its parameter for this run or
 * its default. Two manifests may declare the same id only with the same parameter.
 *
 * @example
 * ```ts
 * manifestGroups(functions, { WriterGroupName: '' }); // [{ id: 'writers', name: '' }, …]
 * ```
 */
export const manifestGroups = (functions: readonly FunctionDescription[], parameters: Readonly<Record<string, string>>): LocalGroup[] => {
  const groups = new Map<string, { parameter: string; name: string; by: string }>();
  for (const fn of functions) {
    for (const [id, group] of Object.entries(fn.resources?.groups ?? {})) {
      const known = groups.get(id);
      if (known && known.parameter !== group.parameter) {
        throw new Error(`Group "${id}" is declared by ${known.by} (parameter ${known.parameter}) and by ${fn.name} (parameter ${group.parameter})`);
      }
      groups.set(id, { parameter: group.parameter, name: parameters[group.parameter] ?? group.default, by: fn.name });
    }
  }
  return [...groups].map(([id, { name }]) => ({ id, name }));
};
