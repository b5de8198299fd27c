import type { CheckAnswer } from '../service/budgets.js';
import { formatTime } from '../service/time-input.js';
import { footer, header } from './render-common.js';
import { formatDiagnostic } from '../../../utils/diagnostic.js';

/** Text and JUnit answers of `harness check`. */

export function renderCheck(answer: CheckAnswer): string {
  const since = answer.since === 'unknown' ? '' : ` · env up since ${formatTime(Date.parse(answer.since))}`;
  const out = [header(answer.env, `${answer.results.length} budget${answer.results.length === 1 ? '' : 's'} from ${answer.source}${since}`)];
  if (answer.results.length === 0) out.push('no budgets declared: add a `budgets` section to harness.config.ts or pass --budgets FILE');
  for (const r of answer.results) {
    if (r.status === 'error' && r.error) {
      out.push(`ERROR ${r.name}: could not be checked`);
      out.push(...formatDiagnostic(r.error).split('\n').map((line) => `      ${line}`));
      continue;
    }
    out.push(`${r.passed ? 'PASS' : 'FAIL'}  ${r.name}: observed ${r.observed}, limit ${r.limit}`);
    out.push(`      query (${r.kind === 'promql' ? 'PromQL' : 'LogsQL'}): ${r.query}`);
    if (!r.passed && r.offenders.length > 0) {
      out.push('      worst offenders:');
      for (const o of r.offenders) out.push(`        ${o.value}  ${o.what}`);
    }
  }
  const errors = answer.errors > 0 ? `, ${answer.errors} could not be checked` : '';
  out.push(answer.failed + answer.errors === 0 ? 'all budgets pass' : `${answer.failed} of ${answer.results.length} budgets failed${errors}`);
  out.push(...footer({ barrier: answer.barrier }));
  return out.join('\n');
}

const xml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 forbids most control characters.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** JUnit XML, one test case per budget, for CI systems. */
export function renderJunit(answer: CheckAnswer): string {
  const cases = answer.results.map((r) => {
    const evidence = [`query: ${r.query}`, `observed: ${r.observed}`, `limit: ${r.limit}`, ...r.offenders.map((o) => `offender: ${o.value} ${o.what}`)].join('\n');
    const body =
      r.status === 'error' && r.error
        ? `<error message="${xml(r.error.what)}" type="budget-error">${xml(formatDiagnostic(r.error))}</error>`
        : r.passed
          ? `<system-out>${xml(evidence)}</system-out>`
          : `<failure message="${xml(`observed ${r.observed}, limit ${r.limit}`)}" type="budget">${xml(evidence)}</failure>`;
    return `    <testcase classname="harness.budgets.${xml(answer.env)}" name="${xml(r.name)}">${body}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="harness check" tests="${answer.results.length}" failures="${answer.failed}" errors="${answer.errors}">`,
    `  <testsuite name="budgets (env ${xml(answer.env)})" tests="${answer.results.length}" failures="${answer.failed}" errors="${answer.errors}" timestamp="${new Date().toISOString()}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
