import type { GeneratedDoc, GeneratorContext } from '../../types/generator.js';
import { table } from './render.js';

/** docs/generated/README.md: the list of generated docs, so each is linked and its command known. */
export async function generatedIndex(ctx: GeneratorContext): Promise<GeneratedDoc> {
  const rows = ctx.generators
    .filter((g) => g.output !== 'docs/generated/README.md')
    .map((g) => [`[${g.output.replace(/^docs\/generated\//, '')}](${g.output.replace(/^docs\/generated\//, '')})`, `\`${g.command}\``]);
  return {
    title: 'Generated docs',
    owner: 'docs',
    covers: [],
    body: [
      'Files in this folder are written by commands, never by hand. The docs lint regenerates each one and compares it with the file; when they differ, its fix is the command below. The list of generators is `DOC_GENERATORS` in harness/src/domains/docs/service/generators/registry.ts.',
      rows.length > 0 ? table(['doc', 'regenerate with'], rows) : 'No generators are enabled.',
    ].join('\n\n'),
  };
}
