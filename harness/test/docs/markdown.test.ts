import { describe, expect, it } from 'vitest';
import { anchorsOf, scanMarkdown } from '../../src/domains/docs/service/markdown.js';
import { setFrontmatterFields } from '../../src/domains/docs/service/frontmatter.js';
import { parseIndexTables, updateIndex } from '../../src/domains/docs/service/index-table.js';
import { resolveLink } from '../../src/domains/docs/service/workspace.js';
import { renderQualityScore, scoreLayers } from '../../src/domains/docs/service/quality-score.js';

describe('markdown scanning', () => {
  it('finds inline, image, reference and HTML links with their lines, and none inside code', () => {
    const doc = scanMarkdown(
      [
        '---',
        'title: x',
        '---',
        '# Title',
        'See [a](a.md "title"), ![img](img/x.png) and [b](<b c.md>).',
        '`[code](no.md)` and [paren](x_(1).md)',
        '```',
        '[fenced](no.md)',
        '```',
        '[ref]: ref.md',
        '<a href="html.md">x</a> <img src="pic.png">',
        '[^1]: a footnote, not a link',
      ].join('\n'),
    );
    expect(doc.links.map((l) => [l.dest, l.line, l.kind])).toEqual([
      ['a.md', 5, 'inline'],
      ['img/x.png', 5, 'image'],
      ['b c.md', 5, 'inline'],
      ['x_(1).md', 6, 'inline'],
      ['ref.md', 10, 'definition'],
      ['html.md', 11, 'html'],
      ['pic.png', 11, 'html'],
    ]);
  });

  it('skips links in HTML comments and indented code blocks, but not in list items indented under their marker', () => {
    const doc = scanMarkdown(
      [
        'Before <!-- [hidden](no1.md) --> [shown](yes1.md)',
        '<!--',
        '[in a comment](no2.md)',
        '## Not a heading',
        '-->',
        'After the comment: [a](yes2.md) `<!--` [b](yes3.md)',
        '',
        '    [indented code](no3.md)',
        '    <a href="no4.md">x</a>',
        '',
        'A paragraph',
        '    [lazy continuation, not code](yes4.md)',
        '',
        '- item',
        '',
        '    [the item\'s second paragraph](yes5.md)',
        '',
        '1. step',
        '       [the step continues, not code](yes6.md)',
        '',
        '       [code inside the item](no6.md)',
        '',
        'Back at the margin.',
        '',
        '    [code again](no7.md)',
        '\t[tab-indented code](no8.md)',
      ].join('\n'),
    );
    expect(doc.links.map((l) => [l.dest, l.line])).toEqual([
      ['yes1.md', 1],
      ['yes2.md', 6],
      ['yes3.md', 6],
      ['yes4.md', 12],
      ['yes5.md', 16],
      ['yes6.md', 19],
    ]);
    expect(doc.headings).toEqual([]);
  });

  it('makes GitHub heading slugs: markup dropped, punctuation removed, duplicates numbered, setext and HTML ids too', () => {
    const doc = scanMarkdown(
      ['# The `harness` CLI: what?', '## Decisions & *trade-offs*', '## Decisions & trade-offs', 'Setext heading', '---', '## [Linked](x.md) title', '<a id="custom-id"></a>', '## foo_bar'].join('\n'),
    );
    expect([...anchorsOf(doc)].sort()).toEqual(
      ['custom-id', 'decisions--trade-offs', 'decisions--trade-offs-1', 'foo_bar', 'linked-title', 'setext-heading', 'the-harness-cli-what'].sort(),
    );
  });

  it('resolves link destinations: relative, root-relative, anchors, encoded, external', () => {
    expect(resolveLink('docs/a/b.md', '../c.md#Sec')).toEqual({ kind: 'local', path: 'docs/c.md', anchor: 'Sec', escapes: false });
    expect(resolveLink('docs/a/b.md', '/README.md')).toEqual({ kind: 'local', path: 'README.md', anchor: null, escapes: false });
    expect(resolveLink('docs/a/b.md', '#x')).toEqual({ kind: 'local', path: 'docs/a/b.md', anchor: 'x', escapes: false });
    expect(resolveLink('docs/a/b.md', 'my%20file.md')).toMatchObject({ path: 'docs/a/my file.md' });
    expect(resolveLink('README.md', '../x.md')).toMatchObject({ escapes: true });
    expect(resolveLink('README.md', 'https://example.com/x.md')).toEqual({ kind: 'external' });
    expect(resolveLink('README.md', 'mailto:a@b.c')).toEqual({ kind: 'external' });
  });
});

describe('frontmatter and index edits', () => {
  it('sets verification fields in place, keeping other lines and the canonical order', () => {
    const text = '---\ntitle: A\nstatus: draft\nowner: x\ncovers: [src/**]\nverified: 2020-01-01\n# a comment\n---\nbody\n';
    const out = setFrontmatterFields(text, { verified: '2026-02-03', verified_commit: 'abc1234', covers_hash: 'sha256:0123456789abcdef' });
    expect(out).toBe('---\ntitle: A\nstatus: draft\nowner: x\ncovers: [src/**]\nverified: 2026-02-03\nverified_commit: abc1234\ncovers_hash: sha256:0123456789abcdef\n# a comment\n---\nbody\n');
  });

  it('updates, adds and removes index rows and leaves other cells alone', () => {
    const index = '# Index\n\n| doc | status | last verified | summary |\n| --- | --- | --- | --- |\n| [a.md](a.md) | draft | 2020-01-01 | keeps this |\n| [gone.md](gone.md) | draft | 2020-01-01 | old |\n\nAfter the table.\n';
    const out = updateIndex(
      'docs/d/index.md',
      index,
      [
        { path: 'docs/d/a.md', status: 'accepted', verified: '2026-01-01', title: 'A' },
        { path: 'docs/d/sub/b.md', status: 'draft', verified: '2026-01-02', title: 'B doc' },
      ],
      new Set(['docs/d/gone.md']),
    );
    expect(out).toBe(
      '# Index\n\n| doc | status | last verified | summary |\n| --- | --- | --- | --- |\n| [a.md](a.md) | accepted | 2026-01-01 | keeps this |\n| [b.md](sub/b.md) | draft | 2026-01-02 | B doc |\n\nAfter the table.\n',
    );
    expect(parseIndexTables('docs/d/index.md', out)[0]?.rows.map((r) => r.doc)).toEqual(['docs/d/a.md', 'docs/d/sub/b.md']);
  });
});

describe('quality score', () => {
  const files = ['harness/src/domains/docs/service/lint.ts', 'harness/src/domains/docs/ui/register.ts', 'harness/src/domains/env/repo/leases.ts', 'harness/src/utils/x.ts'];

  it('grades each domain layer from lint findings, tests and doc freshness', () => {
    const scores = scoreLayers({
      files,
      coverage: new Map([
        ['docs/design-docs/docs.md', ['harness/src/domains/docs/service/lint.ts', 'harness/src/domains/docs/ui/register.ts']],
        ['docs/design-docs/env.md', ['harness/src/domains/env/repo/leases.ts']],
      ]),
      staleDocs: new Set(['docs/design-docs/env.md']),
      lintFindings: ['harness/src/domains/docs/ui/register.ts', 'harness/src/domains/docs/ui/register.ts'],
      tests: [
        { file: 'harness/test/docs/lint.test.ts', passed: 10, failed: 0 },
        { file: 'harness/test/env/leases.test.ts', passed: 3, failed: 1 },
      ],
    });
    expect(scores.map((s) => [`${s.domain}/${s.layer}`, s.score, s.grade, s.why])).toEqual([
      ['docs/service', 100, 'A', 'clean'],
      ['docs/ui', 90, 'A', '2 lint findings'],
      ['env/repo', 60, 'D', '1 failing test; stale: docs/design-docs/env.md'],
    ]);
  });

  it('counts a test for the domain it names: app/test/api-tasks.test.ts tests tasks, lint-includes-docs tests docs', () => {
    const appFiles = ['app/src/domains/tasks/service/tasks.ts', 'app/src/domains/settings/repo/settings.ts', 'harness/src/domains/docs/ui/register.ts'];
    const scores = scoreLayers({
      files: appFiles,
      coverage: new Map([['docs/a.md', appFiles]]),
      staleDocs: new Set<string>(),
      lintFindings: [],
      tests: [
        { file: 'app/test/api-tasks.test.ts', passed: 4, failed: 0 },
        { file: 'app/test/api-settings.test.ts', passed: 2, failed: 1 },
        { file: 'app/test/ui.test.ts', passed: 9, failed: 0 },
        { file: 'harness/test/lint-includes-docs.test.ts', passed: 1, failed: 0 },
        { file: 'harness/test/documents.test.ts', passed: 5, failed: 0 },
      ],
    });
    expect(scores.map((s) => [`${s.pkg}/${s.domain}/${s.layer}`, s.tests, s.why])).toEqual([
      ['app/settings/repo', { passed: 2, failed: 1 }, '1 failing test'],
      ['app/tasks/service', { passed: 4, failed: 0 }, 'clean'],
      ['harness/docs/ui', { passed: 1, failed: 0 }, 'clean'],
    ]);
  });

  it('adds a history row when a grade changes and nothing when the table is the same', () => {
    const base = { files, coverage: new Map(), staleDocs: new Set<string>(), lintFindings: null, tests: null };
    const first = renderQualityScore(null, scoreLayers(base), '2026-01-01') ?? '';
    expect(first).toContain('| 2026-01-01 | B (85) | harness/docs/service new→B, harness/docs/ui new→B, harness/env/repo new→B |');
    expect(renderQualityScore(first, scoreLayers(base), '2026-01-08')).toBeNull();
    const covered = { ...base, coverage: new Map([['docs/a.md', files]]) };
    const second = renderQualityScore(first, scoreLayers(covered), '2026-01-08') ?? '';
    expect(second).toMatch(/\| 2026-01-08 \| A \(100\) \| harness\/docs\/service B→A, [^\n]*\|\n\| 2026-01-01 \| B \(85\)/);
  });
});
