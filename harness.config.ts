// The harness's settings for this repository: the app it boots, the architecture model
// its lints enforce, and the budgets `harness check` verifies. Each section is validated
// by the domain that owns it; an error names the field and the fix.
import { defineConfig } from 'agent-harness/config';

export default defineConfig({
  // The reference app, booted by `harness up` (docs/product-specs/per-worktree-environments.md).
  // It sets up OpenTelemetry itself, so no preload.
  app: {
    name: 'reference-app',
    command: ['node', 'app/dist/shell/main.js', '--port', '{ports.http}', '--data-dir', '{dataDir}'],
    ports: { http: 'PORT' },
    health: { path: '/healthz', timeout: '30s' },
    otel: { preload: false, exportInterval: '1s' },
  },
});
