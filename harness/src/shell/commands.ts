import type { Command } from 'commander';
import { register as registerLint } from '../domains/architecture/ui/lint-command.js';
import { register as registerEnv } from '../domains/env/ui/commands.js';
import { register as registerDocs } from '../domains/docs/ui/register.js';
import { register as registerInstall } from '../domains/env/ui/install-command.js';
import { register as registerTelemetry } from '../domains/telemetry/ui/cli.js';
import { register as registerBrowser } from '../domains/browser/ui/commands.js';
import { extraLintCheckers } from './lint-checkers.js';
import { register as registerMcp } from './mcp-command.js';

/** Sets the process exit code from a command without exiting early. */
export type SetExitCode = (code: number) => void;

/**
 * The one list of command groups. Each domain's UI layer exports a `register`
 * function; adding a domain means adding one line here.
 */
export function registerCommands(program: Command, setExitCode: SetExitCode): void {
  registerEnv(program, setExitCode);
  registerInstall(program, setExitCode);
  registerDocs(program, setExitCode);
  registerTelemetry(program, setExitCode);
  registerLint(program, setExitCode, extraLintCheckers(program));
  registerBrowser(program, setExitCode);
  registerMcp(program, setExitCode);
}
