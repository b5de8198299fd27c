import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_NAMES, ruleDoc, ruleDocUri, ruleId, type RuleName } from '@agent-harness/lint-rules/index';
import { describe, expect, it } from 'vitest';
import { fixtureRepo, lint, lintError, lintJson, removeFile, writeFile } from './fixture.js';

/** What each rule reports in fixtures/architecture/violations, exactly. */
const EXPECTED: Record<string, { at: string; what: string; fix: string }> = {
  'architecture/layers': {
    at: 'src/domains/tasks/repo/bad-layer.ts:1',
    what: 'tasks/repo imports ../service/tasks.js from tasks/service, a later layer of its own domain.',
    fix: 'repo in domain tasks may import tasks/types, tasks/config, tasks/repo, the types of other domains, src/providers/* and src/utils/*; move what it needs from tasks/service into tasks/repo or an earlier layer, or let tasks/service call tasks/repo instead.',
  },
  'architecture/cross-domain': {
    at: 'src/domains/settings/service/bad-cross.ts:1',
    what: 'settings/service imports ../../tasks/repo/task-repo.js from tasks/repo, the internals of another domain.',
    fix: 'service in domain settings may import settings/types, settings/config, settings/repo, settings/service, the types of other domains, src/providers/* and src/utils/*; if it is vocabulary (a type or schema), move it into tasks/types; otherwise expose it through a provider that the shell wires to tasks; or, if this edge is deliberate, add it to architecture.allow with its reason.',
  },
  'architecture/providers-only': {
    at: 'src/domains/tasks/service/bad-db.ts:1',
    what: 'tasks/service imports better-sqlite3, a cross-cutting package.',
    fix: 'only src/providers/ may import better-sqlite3 (architecture.crossCutting has "better-sqlite3"); import it in a provider under src/providers/ and expose what tasks/service needs from there.',
  },
  'architecture/utils-purity': {
    at: 'src/utils/bad-util.ts:1',
    what: 'src/utils/ imports ../domains/tasks/service/tasks.js from tasks/service.',
    fix: 'utils may import only other utils and packages; take what you need as a parameter, or move this helper into domain tasks.',
  },
  'architecture/structured-logging': {
    at: 'src/domains/tasks/runtime/bad-log.ts:2',
    what: 'console.log writes unstructured text.',
    fix: "log through the logger from providers/ with a constant message and an attributes object: logger.info('what happened', { key: value }).",
  },
  'architecture/naming': {
    at: 'src/domains/settings/types/bad-name.ts:1',
    what: 'type settings_row is not PascalCase.',
    fix: 'rename it to SettingsRow (and its uses).',
  },
  'architecture/one-schema-per-concept': {
    at: 'src/domains/tasks/types/todo.ts:3',
    what: 'TodoSchema has the same shape (id, title) as TaskSchema at src/domains/tasks/types/task.ts:3.',
    fix: 'keep one schema for the concept: import TaskSchema from src/domains/tasks/types/task.ts:3 (derive variants with .extend, .pick or .omit) and delete TodoSchema; if they are different concepts that happen to match, make that explicit by building TodoSchema from TaskSchema.',
  },
  'architecture/file-size': {
    at: 'src/domains/tasks/service/bad-size.ts:41',
    what: 'This file has 41 lines, over the limit of 40.',
    fix: 'split it by responsibility: move each concept into its own module in the same layer so every file stays under 40 lines (the limit is architecture.taste.maxLines).',
  },
  'architecture/parse-at-boundary': {
    at: 'src/domains/tasks/runtime/bad-cast.ts:3',
    what: `JSON.parse('{"pageSize":20}') is cast to Settings instead of parsed.`,
    fix: `parse it with a zod schema: SettingsSchema.parse(JSON.parse('{"pageSize":20}')) (or safeParse to answer bad input with a 4xx), and let the type be z.infer<typeof SettingsSchema>.`,
  },
  'architecture/no-cycle': {
    at: 'src/domains/tasks/service/cycle-a.ts:1',
    what: 'Import cycle: src/domains/tasks/service/cycle-a.ts → src/domains/tasks/service/cycle-b.ts → src/domains/tasks/service/cycle-a.ts.',
    fix: 'break the cycle at its weakest edge: move what both sides need into an earlier layer (or the types), or invert one import by passing a function or value in.',
  },
  'architecture/no-orphan': {
    at: 'src/domains/settings/types/orphan.ts:1',
    what: 'src/domains/settings/types/orphan.ts imports nothing and nothing imports it.',
    fix: 'import it from the code that should use it, list it in architecture.entries if it is an entry point, or delete it.',
  },
  'architecture/reachability': {
    at: 'src/domains/settings/repo/unreached.ts:1',
    what: 'src/domains/settings/repo/unreached.ts is not reachable from any entry point (src/shell/ and the files at the top of src).',
    fix: 'import it (directly or through other files) from the code that should use it, list it in architecture.entries if a package exports it, or delete it.',
  },
  'architecture/unresolvable': {
    at: 'src/shell/violations.ts:13',
    what: './missing.js resolves to no file.',
    fix: 'fix the path (relative imports of TypeScript files end in .js under NodeNext), or create the missing file.',
  },
  'architecture/layout': {
    at: 'src/helpers/loose.ts:1',
    what: 'src/helpers/loose.ts has no place in the model: folder helpers/ is none of domains/, providers/, utils/, shell/.',
    fix: 'move it into src/domains/<domain>/<layer>/ (layers: types, config, repo, service, runtime, ui), src/providers/, src/utils/ or src/shell/.',
  },
};

describe('harness lint on fixture repositories', () => {
  it('passes a repository that follows the model (exit 0, no false positives)', () => {
    const root = fixtureRepo();
    const { status, report } = lintJson(root);
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
    expect(status).toBe(0);
    expect(lint(root).stdout).toMatch(/^harness lint: clean \(layout: 11 files/);
  });

  it('catches one violation of each rule with its exact message (exit 1)', () => {
    // Every rule of the catalogue has its planted violation, the graph and layout rules too.
    expect(Object.keys(EXPECTED).sort()).toEqual(RULE_NAMES.map(ruleId).sort());
    const root = fixtureRepo(['violations']);
    const { status, report } = lintJson(root);
    expect(status).toBe(1);
    const found = Object.fromEntries(report.violations.map((v) => [v.rule, { at: `${v.file}:${v.line}`, what: v.what, fix: v.fix }]));
    expect(found).toEqual(EXPECTED);
    for (const v of report.violations) {
      // The page inside the installed lint-rules package, an absolute path that opens from any repository.
      expect(v.doc).toBe(ruleDoc(v.rule.replace('architecture/', '') as RuleName));
      expect(v.doc).toMatch(/^\/.*\/lint-rules\/docs\/rules\/[a-z-]+\.md$/);
      expect(readFileSync(v.doc ?? '', 'utf8')).toContain(`# ${v.rule}`);
      expect(v.why.length).toBeGreaterThan(20);
    }
  });

  it('prints the text report grouped by rule, the reason once and the fix under each violation', () => {
    const root = fixtureRepo(['violations']);
    const { status, stdout } = lint(root);
    expect(status).toBe(1);
    expect(stdout).toMatch(/^harness lint: 14 violations \(layout: 26 files/);
    expect(stdout).toContain(
      [
        'architecture/layers (1): layers depend only on the layers before them, so each can be read, tested and changed without the ones after it.',
        '  src/domains/tasks/repo/bad-layer.ts:1:28  tasks/repo imports ../service/tasks.js from tasks/service, a later layer of its own domain.',
        `    fix: ${EXPECTED['architecture/layers']?.fix}`,
        `  docs: ${ruleDoc('layers')}`,
      ].join('\n'),
    );
    const limited = lint(root, '--limit', '2').stdout;
    expect(limited).toContain('… 12 more not shown: rerun with --limit 0 for all, or --json');
  });

  it('catches a cross-cutting package whose import resolves to its type declarations', () => {
    // Like @opentelemetry/api: the `types` export condition resolves the import to a .d.ts file.
    const root = fixtureRepo([], {
      'harness.config.ts': "export default { architecture: { roots: [{ path: 'src' }], crossCutting: ['better-sqlite3', '@opentelemetry/*'], taste: { maxLines: 40 } } };\n",
      'node_modules/@opentelemetry/api/package.json': JSON.stringify({ name: '@opentelemetry/api', exports: { '.': { types: './index.d.ts', default: './index.js' } } }),
      'node_modules/@opentelemetry/api/index.d.ts': 'export declare const trace: unknown;\n',
      'node_modules/@opentelemetry/api/index.js': 'export const trace = {};\n',
      'src/domains/tasks/service/traced.ts': "import { trace } from '@opentelemetry/api';\n\nexport const tracer = trace;\n",
      'src/shell/wire.ts': "import '../domains/tasks/service/traced.js';\n",
    });
    const { status, report } = lintJson(root);
    expect(report.violations.map((v) => `${v.rule} ${v.file}:${v.line}`)).toEqual(['architecture/providers-only src/domains/tasks/service/traced.ts:1']);
    expect(status).toBe(1);
  });

  it('cannot be silenced by an eslint-disable comment on an import rule', () => {
    const root = fixtureRepo([], {
      'src/domains/tasks/repo/sneaky.ts': "// eslint-disable-next-line architecture/layers\nimport { createTask } from '../service/tasks.js';\n\nexport const sneaky = createTask;\n",
      'src/shell/wire.ts': "import '../domains/tasks/repo/sneaky.js';\n",
    });
    const { status, report } = lintJson(root);
    expect(status).toBe(1);
    expect(report.violations.map((v) => `${v.rule} ${v.file}:${v.line}`)).toEqual(['architecture/layers src/domains/tasks/repo/sneaky.ts:2']);
  });
});

describe('harness lint refuses to run on a misconfiguration (exit 2, the field and the fix)', () => {
  it('a missing architecture section', () => {
    const { status, error } = lintError(fixtureRepo([], { 'harness.config.ts': 'export default {};\n' }));
    expect(status).toBe(2);
    expect(error.what).toBe('harness.config.ts has no `architecture` section');
    expect(error.fix).toContain("architecture: { roots: [{ path: 'src' }] }");
  });

  it('a misspelt field', () => {
    const { status, error } = lintError(fixtureRepo([], { 'harness.config.ts': "export default { architecture: { roots: [{ path: 'src' }], crosscutting: [] } };\n" }));
    expect(status).toBe(2);
    expect(error.what).toBe('architecture has an unknown field `crosscutting`');
    expect(error.fix).toBe('rename `crosscutting` to `crossCutting`');
  });

  it('a root that does not exist', () => {
    const { status, error } = lintError(fixtureRepo([], { 'harness.config.ts': "export default { architecture: { roots: [{ path: 'src' }, { path: 'lib/src' }] } };\n" }));
    expect(status).toBe(2);
    expect(error.what).toBe('source root lib/src does not exist');
    expect(error.where).toBe('harness.config.ts: architecture.roots[1].path');
  });

  it('a layer that matches no file', () => {
    const config = "export default { architecture: { roots: [{ path: 'src' }], layers: ['types', 'config', 'repo', 'service', 'runtime', 'jobs', 'ui'] } };\n";
    const { status, error } = lintError(fixtureRepo([], { 'harness.config.ts': config }));
    expect(status).toBe(2);
    expect(error.what).toBe('layer "jobs" matches no file in any domain of src');
    expect(error.fix).toBe('rename the folders that hold jobs code to jobs/, or remove "jobs" from architecture.layers');
  });

  it('an allowed edge whose glob matches nothing', () => {
    const config =
      "export default { architecture: { roots: [{ path: 'src' }], allow: [{ from: 'src/domains/task/ui/**', to: 'src/domains/settings/types/**', because: 'the page shows settings' }] } };\n";
    const { status, error } = lintError(fixtureRepo([], { 'harness.config.ts': config }));
    expect(status).toBe(2);
    expect(error.what).toBe('architecture.allow[0].from "src/domains/task/ui/**" matches no source file');
  });

  it('a crossCutting pattern that matches no imported package (a typo would switch providers-only off)', () => {
    const config = "export default { architecture: { roots: [{ path: 'src' }], crossCutting: ['better-sqlite3', '@opentelemtry/*'], taste: { maxLines: 40 } } };\n";
    const { status, error } = lintError(fixtureRepo([], { 'harness.config.ts': config }));
    expect(status).toBe(2);
    expect(error.what).toBe('architecture.crossCutting "@opentelemtry/*" matches no package that the sources import');
    expect(error.where).toBe('harness.config.ts: architecture.crossCutting[1]');
  });

  it('an ignore glob that matches no source file', () => {
    const config = "export default { architecture: { roots: [{ path: 'src' }], ignore: ['src/generated/**'], taste: { maxLines: 40 } } };\n";
    const { status, error } = lintError(fixtureRepo([], { 'harness.config.ts': config }));
    expect(status).toBe(2);
    expect(error.what).toBe('architecture.ignore[0] "src/generated/**" matches no source file');
    // The files it does skip count, though nothing else sees them.
    const skipped = fixtureRepo([], { 'harness.config.ts': config, 'src/generated/api.ts': 'export const broken = ;\n' });
    expect(lintJson(skipped).status).toBe(0);
  });

  it('a model file that is not valid JSON', () => {
    const root = fixtureRepo([], { 'harness.config.ts': "export default { architecture: 'architecture.json' };\n", 'architecture.json': '{ "roots": [ ' });
    const { status, error } = lintError(root);
    expect(status).toBe(2);
    expect(error.what).toMatch(/^architecture\.json is not valid JSON: /);
    expect(error.fix).toBe('fix the JSON syntax in architecture.json');
  });

  it('a source file the parser cannot read', () => {
    const root = fixtureRepo([], { 'src/domains/tasks/runtime/broken.ts': "export function f() {\n  console.log('x';\n}\n" });
    const { status, error } = lintError(root);
    expect(status).toBe(2);
    expect(error.what).toMatch(/^ESLint could not parse src\/domains\/tasks\/runtime\/broken\.ts:2:\d+: /);
  });

  it('a source file that does not parse and that no per-file rule would look at', () => {
    // Nothing in it makes ESLint lint it, and dependency-cruiser's parser reads past the error.
    const root = fixtureRepo([], {
      'src/domains/tasks/service/broken.ts': 'export function f( {\n  return 1;\n',
      'src/shell/wire.ts': "import '../domains/tasks/service/broken.js';\n",
    });
    const { status, error } = lintError(root);
    expect(status).toBe(2);
    expect(error.what).toBe("TypeScript could not parse src/domains/tasks/service/broken.ts:2:10: ':' expected.");
    expect(error.where).toBe('src/domains/tasks/service/broken.ts:2');
  });

  it('no harness.config.ts at all', () => {
    const root = fixtureRepo();
    removeFile(root, 'harness.config.ts');
    const { status, error } = lintError(root);
    expect(status).toBe(2);
    expect(error.what).toMatch(/^no harness\.config\.ts at /);
  });
});

describe('the baseline ratchet', () => {
  it('records today, fails only on new violations, reports fixed ones, and only shrinks', () => {
    const root = fixtureRepo(['violations']);
    const recorded = lintJson(root, '--baseline');
    expect(recorded.status).toBe(0);
    expect(recorded.report.counts).toEqual({ new: 0, known: 14, fixed: 0 });
    const baseline = () => JSON.parse(readFileSync(join(root, 'lint-baseline.json'), 'utf8')).violations.length;
    expect(baseline()).toBe(14);

    // Known violations no longer fail, even when code moves around them.
    writeFile(root, 'src/domains/tasks/runtime/bad-log.ts', "// moved down\n\nexport function started(): void {\n  console.log('started');\n}\n");
    expect(lintJson(root).status).toBe(0);

    // A new violation fails, and only it is new.
    writeFile(root, 'src/domains/tasks/runtime/new-log.ts', "export const warn = (): void => console.warn('x');\n");
    writeFile(root, 'src/shell/wire.ts', "import '../domains/tasks/runtime/new-log.js';\n");
    const withNew = lintJson(root);
    expect(withNew.status).toBe(1);
    expect(withNew.report.violations.filter((v) => v.state === 'new').map((v) => `${v.rule} ${v.file}`)).toEqual([
      'architecture/structured-logging src/domains/tasks/runtime/new-log.ts',
    ]);

    // --baseline does not let it in.
    const refused = lintJson(root, '--baseline');
    expect(refused.status).toBe(1);
    expect(baseline()).toBe(14);
    removeFile(root, 'src/domains/tasks/runtime/new-log.ts');
    removeFile(root, 'src/shell/wire.ts');

    // Fixing a known violation is reported, and --baseline then shrinks the file.
    removeFile(root, 'src/domains/settings/types/orphan.ts');
    const fixed = lintJson(root);
    expect(fixed.status).toBe(0);
    expect(fixed.report.fixed).toEqual([{ rule: 'architecture/no-orphan', file: 'src/domains/settings/types/orphan.ts', count: 1 }]);
    expect(lint(root).stdout).toContain('run `harness lint --baseline` to shrink lint-baseline.json (it never grows)');
    expect(lintJson(root, '--baseline').status).toBe(0);
    expect(baseline()).toBe(13);
  });
});

describe('harness lint outputs', () => {
  it('writes valid SARIF 2.1.0 for code scanning', () => {
    const root = fixtureRepo(['violations']);
    const run = lint(root, '--format', 'sarif');
    expect(run.status).toBe(1);
    const sarif = JSON.parse(run.stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.runs).toHaveLength(1);
    const [sarifRun] = sarif.runs;
    const rules: { id: string; shortDescription: { text: string }; help: { text: string }; helpUri?: string }[] = sarifRun.tool.driver.rules;
    expect(sarifRun.tool.driver.name).toBe('harness lint');
    expect(rules.map((r) => r.id)).toContain('architecture/layers');
    expect(rules.find((r) => r.id === 'architecture/layers')?.helpUri).toBe(ruleDocUri('layers').href);
    expect(sarifRun.originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/.*\/$/);
    expect(sarifRun.results).toHaveLength(14);
    for (const result of sarifRun.results) {
      expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(result.level).toBe('error');
      expect(result.message.text).toMatch(/ Fix: /);
      const location = result.locations[0].physicalLocation;
      expect(location.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(location.artifactLocation.uri).toMatch(/^src\//);
      expect(location.region.startLine).toBeGreaterThanOrEqual(1);
      expect(result.partialFingerprints['architectureViolation/v1']).toMatch(/^[0-9a-f]{32}$/);
      expect(result.baselineState).toBe('new');
    }
  });

  it('writes SARIF for a run that could not check anything (exit 2): a failed invocation with the diagnostic', () => {
    const root = fixtureRepo([], { 'harness.config.ts': "export default { architecture: { roots: [{ path: 'src' }, { path: 'lib/src' }] } };\n" });
    const run = lint(root, '--format', 'sarif');
    expect(run.status).toBe(2);
    const [sarifRun] = JSON.parse(run.stdout).runs;
    expect(sarifRun.results).toEqual([]);
    expect(sarifRun.invocations[0].executionSuccessful).toBe(false);
    expect(sarifRun.invocations[0].toolExecutionNotifications[0].message.text).toMatch(/^harness\.config\.ts: architecture\.roots\[1\]\.path: source root lib\/src does not exist\. Why: .+ Fix: /);
    expect(run.stderr).toContain('source root lib/src does not exist');
  });

  it('refuses a bad --limit and --json with another --format (exit 2, the fix)', () => {
    const root = fixtureRepo();
    for (const bad of ['abc', '-1', '2.5']) {
      const run = lint(root, '--limit', bad);
      expect(run.status, bad).toBe(2);
      expect(run.stderr).toContain(`--limit ${bad} is not a whole number of 0 or more`);
      expect(run.stderr).toContain('fix: write e.g. --limit 20, or --limit 0 for all');
    }
    const both = lint(root, '--json', '--format', 'sarif');
    expect(both.status).toBe(2);
    expect(JSON.parse(both.stdout).error.what).toBe('--json and --format sarif ask for two different outputs');
  });

  it('describes in SARIF the rules of the docs lint it runs too', () => {
    const root = fixtureRepo([], { 'AGENTS.md': '# Agents\n\nSee [the missing doc](docs/missing.md).\n' });
    // The docs lint reads the file list from git: a real repository, not the fixture's bare .git folder.
    rmSync(join(root, '.git'), { recursive: true });
    execFileSync('git', ['init', '-q'], { cwd: root });
    const run = lint(root, '--format', 'sarif');
    expect(run.status).toBe(1);
    const [sarifRun] = JSON.parse(run.stdout).runs;
    const ids: string[] = sarifRun.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(sarifRun.results.length).toBeGreaterThan(0);
    for (const result of sarifRun.results) expect(ids[result.ruleIndex]).toBe(result.ruleId);
    expect(ids.some((id) => !id.startsWith('architecture/'))).toBe(true);
  });

  it('writes the architecture graph, and leaves it alone when nothing changed', () => {
    const root = fixtureRepo();
    expect(lint(root, '--write-graph').stdout).toContain('wrote the architecture graph');
    const doc = readFileSync(join(root, 'docs/generated/architecture.md'), 'utf8');
    expect(doc).toMatch(/^---\ntitle: Architecture graph\nstatus: active\nowner: harness\/architecture\n/);
    expect(doc).toContain('```mermaid\nflowchart TB');
    expect(doc).toContain('subgraph src_tasks["domain tasks"]');
    expect(doc).toContain('src_tasks_types --> src_tasks_config');
    expect(lint(root, '--write-graph').stdout).not.toContain('wrote the architecture graph');
  });

  it('prints the generated dependency-cruiser config', () => {
    const run = lint(fixtureRepo(), '--print-cruiser-config');
    expect(run.status).toBe(0);
    const config = JSON.parse(run.stdout);
    const names = new Set(config.ruleSet.forbidden.map((r: { name: string }) => r.name));
    expect([...names].sort()).toEqual([
      'architecture/cross-domain',
      'architecture/layers',
      'architecture/no-cycle',
      'architecture/no-orphan',
      'architecture/providers-only',
      'architecture/reachability',
      'architecture/unresolvable',
      'architecture/utils-purity',
    ]);
  });
});
