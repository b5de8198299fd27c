import { DaemonConnection } from '../../../providers/daemon-rpc.js';

/**
 * Asks the env daemon to ship the app's stdout/stderr lines it has read but still batches
 * (up to 200 ms), so a log answer includes what the app printed just before the question.
 * Best effort: without a daemon there is nothing buffered to ship.
 */
export async function flushAppOutput(socketPath: string | null, timeoutMs: number): Promise<boolean> {
  if (socketPath === null) return false;
  let connection: DaemonConnection | null = null;
  try {
    connection = await DaemonConnection.open(socketPath);
    await connection.call('env.flushOutput', {}, { timeoutMs });
    return true;
  } catch {
    return false;
  } finally {
    connection?.close();
  }
}
