import { HarnessError } from '../../../../utils/diagnostic.js';
import type { DocsConfig } from '../../config/docs-config.js';
import { commandOutput } from '../../repo/command.js';
import type { DocGenerator, GeneratedDoc, GeneratorContext } from '../../types/generator.js';
import { cliReference } from './cli-reference.js';
import { configReference } from './config-reference.js';
import { generatedIndex } from './generated-index.js';
import { architectureGraphDocFor } from '@agent-harness/lint-rules/index';
import { mcpClientsReference } from './mcp-clients.js';

/** A generator whose fix is `npx harness docs generate <output>` unless another command is given. */
function generator(id: string, output: string, generate: DocGenerator['generate'], command = `npx harness docs generate ${output}`): DocGenerator {
  return { id, output, command, generate };
}

/**
 * A generator whose body is the stdout of a command run at the worktree root, for docs
 * rendered by another package (e.g. the app's schema dump).
 */
export function fromCommand(meta: Omit<GeneratedDoc, 'body'>, command: string): DocGenerator['generate'] {
  return async (ctx: GeneratorContext) => ({ ...meta, body: commandOutput(ctx.root, command) });
}

/**
 * Every generated doc. Adding one is one line: `generator(id, output, fn)` where `fn`
 * returns the doc (title, owner, covers, body), or `fromCommand({...}, 'command')`.
 */
export const DOC_GENERATORS: readonly DocGenerator[] = [
  generator('index', 'docs/generated/README.md', generatedIndex),
  generator('cli', 'docs/generated/cli.md', cliReference),
  generator('config', 'docs/generated/config.md', configReference),
  generator('architecture', 'docs/generated/architecture.md', (ctx) => architectureGraphDocFor(ctx.root, ctx.sections.architecture), 'npx harness lint --write-graph'),
  generator(
    'db-schema',
    'docs/generated/db-schema.md',
    fromCommand(
      { title: 'Reference app database schema', owner: 'app', covers: ['app/src/domains/*/repo/*-migrations.ts', 'app/src/providers/migrations.ts', 'app/scripts/schema-doc.mjs'] },
      'node app/scripts/schema-doc.mjs',
    ),
  ),
  generator('mcp-clients', 'docs/generated/mcp-clients.md', mcpClientsReference),
  generator('mcp-tools', 'docs/generated/mcp-tools.md', fromCommand({ title: 'MCP tools', owner: 'harness/shell', covers: ['harness/src/shell/mcp-*.ts', 'harness/src/domains/*/ui/tools.ts'] }, 'node harness/bin/harness.js mcp tools --markdown')),
];

/** The generators this project keeps: `docs.generated` in harness.config.ts, or all. */
export function enabledGenerators(config: DocsConfig, all: readonly DocGenerator[] = DOC_GENERATORS): DocGenerator[] {
  if (config.generated === undefined) return [...all];
  return config.generated.map((id) => {
    const found = all.find((g) => g.id === id);
    if (!found) {
      throw new HarnessError({
        what: `harness.config.ts: docs.generated: unknown generator \`${id}\``,
        why: 'the docs lint regenerates each listed doc and compares it with the file',
        fix: `use ids from: ${all.map((g) => g.id).join(', ')}`,
        where: 'harness.config.ts#docs.generated',
      });
    }
    return found;
  });
}
