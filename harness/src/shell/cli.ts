import { Command, CommanderError } from 'commander';
import { printError } from '../utils/output.js';
import { ExitCode, HarnessError } from '../utils/diagnostic.js';
import { harnessVersion } from './version.js';
import { registerCommands } from './commands.js';

/**
 * The CLI entry: builds the command tree from each domain's UI layer and runs it.
 * Returns the exit code instead of calling process.exit, so output is flushed.
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('harness')
    .description('Makes an app and its codebase legible to coding agents.')
    .version(harnessVersion(), '-V, --version')
    .showHelpAfterError('(run `harness --help` for the list of commands)')
    .exitOverride();
  let exitCode: number = ExitCode.ok;
  registerCommands(program, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit with 0; usage mistakes were already printed by commander.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.misconfigured;
    }
    return printError({ json: argv.includes('--json') }, error);
  }
  return exitCode;
}

export { HarnessError };
