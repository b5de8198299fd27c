import { storeArgs } from './store-args.js';
import { STACK, STORE_BINARIES } from './versions.js';

/**
 * docker-compose.yml, rendered from the pinned versions and the dev flags, so the
 * container stack is the one `harness up` runs. Inside a container a store listens on all
 * of the container's interfaces (or nothing could reach it); the host publishes each port
 * on 127.0.0.1 only.
 */
export function renderCompose(): string {
  const lines = [
    '# Generated from observability/src/stack/versions.ts and store-args.ts by',
    '# `node observability/scripts/write-compose.mjs`; a test fails when they disagree.',
    '# The stack `harness up` runs, as containers published on 127.0.0.1 only.',
    'name: agent-harness-stack',
    'services:',
  ];
  for (const name of STORE_BINARIES) {
    const pin = STACK[name];
    const args = storeArgs(name, { host: '', port: pin.defaultPort, dataDir: '/storage' });
    lines.push(
      `  ${name}:`,
      `    image: ${pin.image}`,
      '    command:',
      ...args.map((arg) => `      - ${JSON.stringify(arg)}`),
      '    ports:',
      `      - "127.0.0.1:${pin.defaultPort}:${pin.defaultPort}"`,
      '    volumes:',
      `      - ${name}-data:/storage`,
      '    restart: unless-stopped',
    );
  }
  lines.push('volumes:', ...STORE_BINARIES.map((name) => `  ${name}-data: {}`));
  return `${lines.join('\n')}\n`;
}
