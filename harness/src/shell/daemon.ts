// The per-worktree daemon's process entry: `node harness/dist/shell/daemon.js <worktree>`.
// Started detached by `harness up`; serves .harness/daemon.sock until `harness down`.
import { runDaemon } from '../domains/env/runtime/daemon.js';
import { registerDaemonMethods } from './daemon-methods.js';

const worktree = process.argv[2];
if (!worktree) {
  process.stderr.write('usage: node daemon.js <worktree>\n');
  process.exit(2);
}
runDaemon({ worktree, registerMethods: registerDaemonMethods }).catch((error: unknown) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), message: 'daemon failed', error: error instanceof Error ? error.message : String(error) })}\n`);
  process.exit(1);
});
