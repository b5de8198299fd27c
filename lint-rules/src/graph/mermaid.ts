import { loadModel } from '../model/load.js';
import { allowedImports } from '../model/policy.js';
import type { ArchitectureModel } from '../model/schema.js';
import { scanLayout, type Layout } from '../structure/layout.js';

/** The command that regenerates the architecture doc, named in its first lines. */
export const GRAPH_COMMAND = 'harness lint --write-graph';

function id(...parts: string[]): string {
  return parts.join('_').replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * The body of docs/generated/architecture.md: a mermaid graph of every root's domains
 * and their layers, providers, utils and shell, and what each may import. It depends on
 * the model and the folder layout only, so the docs lint can regenerate and compare it
 * without running a lint.
 */
export function renderArchitectureGraph(model: ArchitectureModel, layout: Pick<Layout, 'files' | 'domains'>): string {
  const lines: string[] = ['```mermaid', 'flowchart TB'];
  const present = new Set<string>();
  for (const file of layout.files) present.add(file.split('/').slice(0, -1).join('/'));
  const has = (prefix: string) => layout.files.some((file) => file.startsWith(`${prefix}/`));
  for (const root of model.roots) {
    const r = id(root.path);
    lines.push(`  subgraph ${r}["${root.path}"]`, '    direction TB');
    lines.push(`    ${id(r, 'shell')}["${root.shell}/ (composition root)"]`);
    for (const domain of layout.domains.get(root.path) ?? []) {
      const d = id(r, domain);
      const layers = model.layers.filter((layer) => has(`${root.path}/${root.domains}/${domain}/${layer}`));
      lines.push(`    subgraph ${d}["domain ${domain}"]`, '      direction LR');
      if (layers.length === 0) lines.push(`      ${id(d, 'empty')}["(no layers yet)"]`);
      for (const layer of layers) lines.push(`      ${id(d, layer)}["${layer}"]`);
      for (let i = 1; i < layers.length; i++) lines.push(`      ${id(d, layers[i - 1] ?? '')} --> ${id(d, layers[i] ?? '')}`);
      lines.push('    end');
      lines.push(`    ${id(r, 'shell')} --> ${d}`);
    }
    if (has(`${root.path}/${root.providers}`)) {
      lines.push(`    ${id(r, 'providers')}["${root.providers}/ (cross-cutting)"]`);
      for (const domain of layout.domains.get(root.path) ?? []) lines.push(`    ${id(r, 'providers')} -.-> ${id(r, domain)}`);
    }
    if (has(`${root.path}/${root.utils}`)) lines.push(`    ${id(r, 'utils')}["${root.utils}/ (pure helpers, used by all)"]`);
    lines.push('  end');
  }
  lines.push('```');
  // Written for any root and domain: ROOT is a source root, D a domain in it.
  const first = model.roots[0];
  const generic = first ? { ...first, path: 'ROOT' } : undefined;
  const example = (layer: string) => (generic ? allowedImports(model, { kind: 'domain', root: generic, domain: 'D', layer, layerIndex: model.layers.indexOf(layer) }) : '');
  const text = [
    'How the model works: [architecture-lints.md](../design-docs/architecture-lints.md).',
    '',
    'Arrows inside a domain run from a layer to the layers that may import it; the shell',
    'imports every domain; dotted arrows are providers, the only way in for cross-cutting',
    'packages. Utils are imported by everyone and import no domain or provider.',
    '',
    '## Who may import what',
    '',
    'For a domain D in a source root ROOT:',
    '',
    ...model.layers.map((layer) => `- ${example(layer)}.`),
    `- ROOT/${first?.providers ?? 'providers'}/ may import other providers, ROOT/${first?.utils ?? 'utils'}/* and the ${model.sharedLayers.join('/') || '(none)'} of any domain.`,
    `- ROOT/${first?.utils ?? 'utils'}/ may import only other utils and packages.`,
    '- the shell (and files at the top of a root) may import anything.',
    `- only providers/ may import the cross-cutting packages: ${model.crossCutting.length > 0 ? model.crossCutting.map((p) => `\`${p}\``).join(', ') : '(none declared)'}.`,
    '',
    '## Allowed exceptions',
    '',
    ...(model.allow.length > 0 ? model.allow.map((e) => `- \`${e.from}\` → \`${e.to}\`: ${e.because}`) : ['None: every import follows the rules above.']),
  ];
  return [...lines, '', ...text].join('\n');
}

/** What the docs generators produce for a generated doc (see the docs domain's GeneratedDoc). */
export interface GraphDoc {
  title: string;
  owner: string;
  covers: string[];
  body: string;
}

/** The architecture doc's parts, for the docs lint's generator registry. */
export function architectureGraphDoc(model: ArchitectureModel, layout: Pick<Layout, 'files' | 'domains'>): GraphDoc {
  return {
    title: 'Architecture graph',
    owner: 'harness/architecture',
    covers: ['harness.config.ts', ...model.roots.map((root) => `${root.path}/**`)],
    body: renderArchitectureGraph(model, layout),
  };
}

/**
 * The architecture doc of a repository, from its `architecture` section as written: the
 * one call the docs lint's generator registry needs.
 */
export async function architectureGraphDocFor(root: string, section: unknown): Promise<GraphDoc> {
  const { model, source } = await loadModel(root, section);
  return architectureGraphDoc(model, scanLayout(root, model, source.file));
}

/** A YAML scalar, written as the docs generators write them: plain when safe, JSON-quoted otherwise. */
function yamlScalar(value: string): string {
  return /^[A-Za-z0-9_./@][^:#,[\]{}&!|>'"%`]*$/.test(value) && !value.endsWith(' ') ? value : JSON.stringify(value);
}

/**
 * The whole file, byte for byte what the docs lint's generator renders for it (the same
 * frontmatter, title, note and body), so `harness lint --write-graph` and
 * `harness docs generate` agree and the docs lint sees no drift.
 */
export function renderArchitectureDoc(model: ArchitectureModel, layout: Pick<Layout, 'files' | 'domains'>): string {
  const doc = architectureGraphDoc(model, layout);
  const command = `npx ${GRAPH_COMMAND}`;
  return [
    '---',
    `title: ${yamlScalar(doc.title)}`,
    'status: active',
    `owner: ${yamlScalar(doc.owner)}`,
    `covers: [${doc.covers.map(yamlScalar).join(', ')}]`,
    `generated: ${yamlScalar(command)}`,
    '---',
    '',
    `# ${doc.title}`,
    '',
    `> Generated by \`${command}\`; do not edit by hand. The docs lint regenerates it and flags any drift.`,
    '',
    doc.body.trimEnd(),
    '',
  ].join('\n');
}
