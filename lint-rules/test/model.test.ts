import { describe, expect, it } from 'vitest';
import { classify } from '../src/model/classify.js';
import { ModelError } from '../src/model/errors.js';
import { parseModel } from '../src/model/parse.js';

/** The diagnostic a malformed model raises. */
function diagnose(raw: unknown) {
  try {
    parseModel(raw);
  } catch (error) {
    if (error instanceof ModelError) return error.diagnostic;
    throw error;
  }
  throw new Error('expected a ModelError');
}

describe('parseModel', () => {
  it('fills the defaults of the layer model', () => {
    const model = parseModel({ roots: [{ path: './app/src/' }] });
    expect(model.roots[0]).toEqual({ path: 'app/src', domains: 'domains', providers: 'providers', utils: 'utils', shell: 'shell' });
    expect(model.layers).toEqual(['types', 'config', 'repo', 'service', 'runtime', 'ui']);
    expect(model.providerLayers).toEqual(model.layers);
    expect(model.sharedLayers).toEqual(['types']);
    expect(model.taste.maxLines).toBe(400);
  });

  it('names a missing section and how to add it', () => {
    const d = diagnose(undefined);
    expect(d.what).toBe('harness.config.ts has no `architecture` section');
    expect(d.fix).toContain("architecture: { roots: [{ path: 'src' }] }");
  });

  it('names an unknown field and guesses the intended one', () => {
    const d = diagnose({ roots: [{ path: 'src' }], layer: ['types'] });
    expect(d.what).toBe('architecture has an unknown field `layer`');
    expect(d.fix).toBe('rename `layer` to `layers`');
    expect(d.where).toBe('harness.config.ts: architecture');
  });

  it('names the field path of a wrong type', () => {
    const d = diagnose({ roots: [{ path: 'src' }], taste: { maxLines: 'many' } });
    expect(d.what).toBe('architecture.taste.maxLines must be a number, got string');
    expect(d.fix).toBe('set architecture.taste.maxLines to a number');
  });

  it('names a missing required field inside a list', () => {
    const d = diagnose({ roots: [{ path: 'app/src' }, { domains: 'domains' }] });
    expect(d.what).toBe('architecture.roots[1].path is missing');
  });

  it('rejects paths that leave the repository', () => {
    expect(diagnose({ roots: [{ path: '../other/src' }] }).what).toBe('architecture.roots[0].path must stay inside the repository (no "..")');
    expect(diagnose({ roots: [{ path: '/abs/src' }] }).what).toBe('architecture.roots[0].path must be relative to the repository root, not absolute');
  });

  it('rejects an empty root list', () => {
    expect(diagnose({ roots: [] }).what).toBe('architecture.roots must list at least one source root, like [{ path: "app/src" }]');
  });

  it('rejects a provider layer that is not a layer', () => {
    const d = diagnose({ roots: [{ path: 'src' }], providerLayers: ['repo', 'services'] });
    expect(d.what).toBe('architecture.providerLayers[1] names "services", which is not a layer');
    expect(d.fix).toBe('use one of the layers: types, config, repo, service, runtime, ui');
  });

  it('rejects duplicate layers, nested roots and folder clashes', () => {
    expect(diagnose({ roots: [{ path: 'src' }], layers: ['types', 'repo', 'types'] }).what).toBe('architecture.layers lists "types" twice');
    expect(diagnose({ roots: [{ path: 'app' }, { path: 'app/src' }] }).what).toBe('architecture.roots[1].path "app/src" lies inside the root "app"');
    expect(diagnose({ roots: [{ path: 'src', utils: 'shared', shell: 'shared' }] }).what).toBe('architecture.roots[0] uses the folder "shared" for two purposes');
  });

  it('requires a reason for an allowed edge', () => {
    const d = diagnose({ roots: [{ path: 'src' }], allow: [{ from: 'src/a/**', to: 'src/b/**', because: '' }] });
    expect(d.what).toBe('architecture.allow[0].because must say why this edge is allowed, in a sentence');
  });
});

describe('classify', () => {
  const model = parseModel({ roots: [{ path: 'app/src' }, { path: 'harness/src' }] });

  it('places files by folder', () => {
    expect(classify(model, 'app/src/domains/tasks/service/tasks.ts')).toMatchObject({ kind: 'domain', domain: 'tasks', layer: 'service', layerIndex: 3 });
    expect(classify(model, 'harness/src/providers/db.ts')).toMatchObject({ kind: 'provider' });
    expect(classify(model, 'app/src/utils/x/y.ts')).toMatchObject({ kind: 'util' });
    expect(classify(model, 'app/src/main.ts')).toMatchObject({ kind: 'shell' });
    expect(classify(model, 'observability/src/index.ts')).toEqual({ kind: 'outside' });
  });

  it('says why a file has no place', () => {
    expect(classify(model, 'app/src/domains/tasks/index.ts')).toMatchObject({ kind: 'unplaced', reason: 'a file directly in domain tasks, outside its layers' });
    expect(classify(model, 'app/src/domains/tasks/services/x.ts')).toMatchObject({
      kind: 'unplaced',
      reason: 'folder tasks/services is not a layer (types, config, repo, service, runtime, ui)',
    });
  });
});
