import type { Command } from 'commander';
import type { GeneratedDoc, GeneratorContext } from '../../types/generator.js';
import { table } from './render.js';

/** docs/generated/cli.md: every command, argument and option of the commander program tree. */
export async function cliReference(ctx: GeneratorContext): Promise<GeneratedDoc> {
  const sections: string[] = [
    'Every command of the `harness` CLI with its arguments and options, read from the commander program the CLI builds (harness/src/shell/commands.ts and each domain\'s `ui/`). Every command also takes `-h, --help`; commands that answer take `--json` for machine output.',
  ];
  const walk = (cmd: Command, path: string[]): void => {
    const name = [...path, cmd.name()];
    sections.push(describe(cmd, name));
    for (const sub of cmd.commands) walk(sub, name);
  };
  walk(ctx.program, []);
  return {
    title: 'CLI reference',
    owner: 'harness/shell',
    covers: ['harness/src/shell/**', 'harness/src/domains/*/ui/**'],
    body: sections.join('\n\n'),
  };
}

function describe(cmd: Command, name: string[]): string {
  const parts = [`## ${name.join(' ')}`];
  if (cmd.description()) parts.push(cmd.description());
  parts.push(['```', `${name.join(' ')} ${cmd.usage()}`.trim(), '```'].join('\n'));
  const aliases = cmd.aliases();
  if (aliases.length > 0) parts.push(`Aliases: ${aliases.map((a) => `\`${a}\``).join(', ')}`);
  const args = cmd.registeredArguments;
  if (args.length > 0) {
    parts.push(
      table(
        ['argument', 'required', 'description'],
        args.map((a) => [`\`${a.name()}${a.variadic ? '...' : ''}\``, a.required ? 'yes' : 'no', withDefault(a.description, a.defaultValue, a.argChoices)]),
      ),
    );
  }
  const options = cmd.options.filter((o) => !o.hidden);
  if (options.length > 0) {
    parts.push(table(['option', 'description'], options.map((o) => [`\`${o.flags}\``, withDefault(o.description, o.defaultValue, o.argChoices)])));
  }
  return parts.join('\n\n');
}

function withDefault(description: string, defaultValue: unknown, choices: string[] | undefined): string {
  let text = description || '';
  if (choices && choices.length > 0) text += ` (one of: ${choices.join(', ')})`;
  if (defaultValue !== undefined && defaultValue !== false) text += ` (default: \`${JSON.stringify(defaultValue)}\`)`;
  return text.trim();
}
