import type { z } from 'zod';
import { ModelError } from './errors.js';
import {
  AllowedEdgeSchema,
  ArchitectureInputSchema,
  SourceRootSchema,
  TasteSchema,
  type ArchitectureModel,
} from './schema.js';

/** Where the section came from, for messages: `harness.config.ts` or the file it names. */
export interface ModelSource {
  file: string;
  /** The field path of the section inside that file, e.g. `architecture`. */
  field: string;
}

const DEFAULT_SOURCE: ModelSource = { file: 'harness.config.ts', field: 'architecture' };

/**
 * Parses the `architecture` section into the model. Every problem is a ModelError whose
 * message names the field (`architecture.roots[1].path`) and the fix; the first problem
 * wins, so the fix is always about one thing.
 */
export function parseModel(raw: unknown, source: ModelSource = DEFAULT_SOURCE): ArchitectureModel {
  if (raw === undefined) {
    throw new ModelError({
      what: `${source.file} has no \`${source.field}\` section`,
      why: 'the architecture lints enforce the layer model declared there, and there is none',
      fix: `add \`${source.field}: { roots: [{ path: 'src' }] }\` to the default export of ${source.file} (one entry per package source root)`,
      where: source.file,
    });
  }
  const result = ArchitectureInputSchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0];
    if (issue) throw issueError(issue, source);
  }
  if (!result.success) throw new Error('unreachable: zod failed without issues');
  const input = result.data;
  const model: ArchitectureModel = { ...input, providerLayers: input.providerLayers ?? [...input.layers] };
  checkCrossFields(model, source);
  return model;
}

function fieldPath(source: ModelSource, path: readonly PropertyKey[]): string {
  let out = source.field;
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  return out;
}

/** The known keys of the object at `path`, for "did you mean" on a typo. */
function knownKeys(path: readonly PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(ArchitectureInputSchema.shape);
  if (path[0] === 'roots') return Object.keys(SourceRootSchema.shape);
  if (path[0] === 'allow') return Object.keys(AllowedEdgeSchema.shape);
  if (path[0] === 'taste') return Object.keys(TasteSchema.shape);
  return [];
}

function issueError(issue: z.core.$ZodIssue, source: ModelSource): ModelError {
  const field = fieldPath(source, issue.path);
  const why = 'the lints are generated from this model, so a malformed field would check the wrong thing or nothing';
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(issue.path);
    const key = issue.keys[0] ?? '';
    const guess = closest(key, known);
    return new ModelError({
      what: `${field} has an unknown field \`${key}\``,
      why: 'an unknown field is most often a typo, and a typo silently leaves the default in place',
      fix: guess ? `rename \`${key}\` to \`${guess}\`` : `remove \`${key}\`; the known fields are ${known.join(', ')}`,
      where: `${source.file}: ${field}`,
    });
  }
  if (issue.code === 'invalid_type') {
    const got = issue.input === undefined ? 'nothing' : Array.isArray(issue.input) ? 'an array' : typeof issue.input;
    const missing = issue.input === undefined;
    return new ModelError({
      what: missing ? `${field} is missing` : `${field} must be ${article(issue.expected)}, got ${got}`,
      why,
      fix: missing ? `add ${field} (${article(issue.expected)})` : `set ${field} to ${article(issue.expected)}`,
      where: `${source.file}: ${field}`,
    });
  }
  return new ModelError({
    what: `${field} ${issue.message}`,
    why,
    fix: `change ${field} so that it ${issue.message}`,
    where: `${source.file}: ${field}`,
  });
}

function article(expected: string): string {
  if (expected === 'array') return 'an array';
  if (expected === 'object') return 'an object';
  if (expected === 'int') return 'a whole number';
  return `a ${expected}`;
}

function checkCrossFields(model: ArchitectureModel, source: ModelSource): void {
  const fail = (path: PropertyKey[], what: string, fix: string): never => {
    const field = fieldPath(source, path);
    throw new ModelError({
      what: `${field} ${what}`,
      why: 'the lints are generated from this model, and this combination cannot be enforced as written',
      fix,
      where: `${source.file}: ${field}`,
    });
  };
  const dupLayer = model.layers.find((layer, i) => model.layers.indexOf(layer) !== i);
  if (dupLayer) fail(['layers'], `lists "${dupLayer}" twice`, `keep one "${dupLayer}" at the position it has in the order`);
  for (const key of ['sharedLayers', 'providerLayers'] as const) {
    model[key].forEach((layer, i) => {
      if (!model.layers.includes(layer)) {
        fail([key, i], `names "${layer}", which is not a layer`, `use one of the layers: ${model.layers.join(', ')}`);
      }
    });
  }
  model.roots.forEach((root, i) => {
    const names = [root.domains, root.providers, root.utils, root.shell];
    const clash = names.find((name, j) => names.indexOf(name) !== j);
    if (clash) fail(['roots', i], `uses the folder "${clash}" for two purposes`, 'give domains, providers, utils and shell four different folder names');
    model.roots.forEach((other, j) => {
      if (i === j) return;
      if (other.path === root.path) fail(['roots', j, 'path'], `repeats the root "${root.path}"`, `remove the second entry for "${root.path}"`);
      if (other.path.startsWith(`${root.path}/`)) {
        fail(['roots', j, 'path'], `"${other.path}" lies inside the root "${root.path}"`, 'list only the package source roots; a root inside another would classify its files twice');
      }
    });
  });
}

/** The known name closest to `word` (edit distance at most 3), or undefined. */
function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 4;
  for (const candidate of known) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
