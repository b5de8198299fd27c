// The harness's settings for this repository: the app it boots, the architecture model
// its lints enforce, and the budgets `harness check` verifies. Each section is validated
// by the domain that owns it; an error names the field and the fix.
import { defineConfig } from 'agent-harness/config';

export default defineConfig({});
