// The harness's settings for this repository: the app it boots, the architecture model
// its lints enforce, and the budgets `harness check` verifies. Each section is validated
// by the domain that owns it; an error names the field and the fix.
import { defineConfig } from 'agent-harness/config';

export default defineConfig({
  // The layer model of docs/design-docs/architecture-lints.md, enforced by `harness lint`
  // and by ESLint (eslint.config.js). Layers, shared layers and the taste limits keep
  // their defaults: types → config → repo → service → runtime → ui, files under 400 lines.
  architecture: {
    roots: [{ path: 'app/src' }, { path: 'harness/src' }],
    // Only providers/ may import these: telemetry and the database handle.
    crossCutting: ['@opentelemetry/*', 'better-sqlite3'],
    // Entry points that no shell file imports: the app's browser bundles (one per
    // *-page.ts, built by app/scripts/build-ui.mjs) and the ESLint config export.
    entries: ['app/src/domains/*/ui/*-page.ts', 'harness/src/domains/architecture/runtime/eslint-config.ts'],
  },
});
