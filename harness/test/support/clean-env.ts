// Every test file starts without the variables `. .harness/env` exports (renderEnvFile in
// harness/src/domains/env/service/plan.ts): a developer who sourced their own env before
// `npm test` would otherwise point the CLIs the tests spawn at that env's stores.
const ENV_FILE_VARIABLE = /^(HARNESS_(ENV_ID|APP_URL|OTLP_\w+)|V[LMT]_INSTANCE_\w+|VM_(LOGS|METRICS|TRACES)_URL)$/;

for (const name of Object.keys(process.env)) {
  if (ENV_FILE_VARIABLE.test(name)) delete process.env[name];
}
