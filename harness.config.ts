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
    // Package exports that no shell file imports: eslint.config.js loads this one.
    entries: ['harness/src/domains/architecture/runtime/eslint-config.ts'],
  },
});
