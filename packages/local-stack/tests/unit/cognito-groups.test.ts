import { describe, expect, it } from '@jest/globals';
import { manifestGroups } from '../../src/cognito-groups.ts';
import type { FunctionDescription } from '../../src/functions.ts';

const fn = (name: string, groups: Record<string, { parameter: string; default: string }>): FunctionDescription => ({
  kind: 'http',
  name,
  description: '',
  memoryMb: 128,
  timeoutSeconds: 3,
  environment: {},
  routes: [],
  resources: { groups: Object.fromEntries(Object.entries(groups).map(([id, group]) => [id, { ...group, description: '' }])) },
  packageDir: `packages/${name}`,
  zip: `dist/${name}.zip`,
  sha256: '',
});

describe('manifestGroups', () => {
  it('names each group of every manifest by its parameter for this run, or its default', () => {
    const functions = [fn('a-lambda', { writers: { parameter: 'WriterGroupName', default: 'w' } }), fn('b-lambda', { readers: { parameter: 'ReaderGroupName', default: 'r' } })];
    expect(manifestGroups(functions, {})).toEqual([
      { id: 'writers', name: 'w' },
      { id: 'readers', name: 'r' },
    ]);
    expect(manifestGroups(functions, { ReaderGroupName: '' })).toEqual([
      { id: 'writers', name: 'w' },
      { id: 'readers', name: '' },
    ]);
  });

  it('refuses one group id declared with two parameters', () => {
    expect(() => manifestGroups([fn('a-lambda', { g: { parameter: 'P', default: 'x' } }), fn('b-lambda', { g: { parameter: 'Q', default: 'x' } })], {})).toThrow(
      'Group "g" is declared by a-lambda (parameter P) and by b-lambda (parameter Q)',
    );
  });
});
