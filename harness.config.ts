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
  // Performance and health budgets of the reference app, checked by `harness check`
  // (format: docs/design-docs/telemetry-queries.md#budgets). Limits are inclusive.
  budgets: [
    { name: 'app startup under 800 ms', spans: { service: 'reference-app', name: 'app.startup' }, maxDuration: '800ms' },
    {
      // Since the app started (cumulative buckets), like the other budgets' `since: up`: a
      // rate() over [5m] reads 0 while a series' first exported sample already holds its requests.
      name: 'p95 of HTTP server duration on /api/* under 200 ms',
      promql: 'histogram_quantile(0.95, sum by (le, http_route) (http_server_request_duration_seconds_bucket{http_route=~"/api/.*"}))',
      max: 0.2,
      unit: 's',
    },
    { name: 'no ERROR log since up', logs: '{service_name="reference-app"} | severity="ERROR"' },
    // Journeys are app/journeys/*.ts, run with `harness journey run NAME`; no data until one ran since up.
    { name: 'no span in the task journeys longer than 2 s', spans: { journeys: ['add-task', 'complete-task'] }, maxDuration: '2s', onNoData: 'pass' },
  ],
  // The layer model of docs/design-docs/architecture-lints.md, enforced by `harness lint`
  // and by ESLint (eslint.config.js). Layers, shared layers and the taste limits keep
  // their defaults: types → config → repo → service → runtime → ui, files under 400 lines.
  architecture: {
    roots: [{ path: 'app/src' }, { path: 'harness/src' }],
    // Only providers/ may import these: telemetry and the database handle.
    crossCutting: ['@opentelemetry/*', 'better-sqlite3'],
    // Entry points that no shell file imports: the app's browser bundles (one per
    // *-page.ts, built by app/scripts/build-ui.mjs) and the ESLint config export.
    entries: [
      'app/src/domains/*/ui/*-page.ts',
      'harness/src/domains/architecture/runtime/eslint-config.ts',
      // The journey runner (a process the daemon starts) and the journey type (agent-harness/journey).
      'harness/src/domains/browser/repo/journey-runner.ts',
      'harness/src/domains/browser/types/journey.ts',
      // The browser tools in the MCP server's shape, for `harness mcp` to serve.
      'harness/src/domains/browser/ui/agent-tools.ts',
    ],
  },
});
