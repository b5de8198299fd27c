import rule from '../../src/eslint/rules/cross-domain.js';
import { parseModel } from '../../src/model/parse.js';
import { expectPreTestCovers, file, ROOT, ruleTester } from '../rule-tester.js';

const invalid = [
  {
    name: "a service imports another domain's repo",
    filename: file('app/src/domains/tasks/service/tasks.ts'),
    code: "import { SettingsRepo } from '../../settings/repo/settings-repo.js';",
    errors: [
      {
        messageId: 'otherDomain' as const,
        data: {
          source: 'tasks/service',
          specifier: '../../settings/repo/settings-repo.js',
          target: 'settings/repo',
          allowed:
            'service in domain tasks may import tasks/types, tasks/config, tasks/repo, tasks/service, the types of other domains, app/src/providers/* and app/src/utils/*',
          hint: 'if it is vocabulary (a type or schema), move it into settings/types; otherwise expose it through a provider that the shell wires to settings; or, if this edge is deliberate, add it to architecture.allow with its reason',
        },
      },
    ],
  },
  {
    name: "a ui imports another domain's service through a dynamic import",
    filename: file('app/src/domains/tasks/ui/page.ts'),
    code: "const settings = await import('../../settings/service/settings.js');",
    errors: [{ messageId: 'otherDomain' as const }],
  },
];

const withEdge = parseModel({
  roots: [{ path: 'app/src' }],
  allow: [{ from: 'app/src/domains/tasks/ui/**', to: 'app/src/domains/settings/service/**', because: 'the tasks page shows the page size setting' }],
});

ruleTester.run('cross-domain', rule, {
  valid: [
    { name: "another domain's types", filename: file('app/src/domains/tasks/service/tasks.ts'), code: "import type { Settings } from '../../settings/types/settings.js';" },
    { name: 'own domain', filename: file('app/src/domains/tasks/ui/page.ts'), code: "import { list } from '../service/tasks.js';" },
    {
      name: 'an edge listed in architecture.allow',
      filename: file('app/src/domains/tasks/ui/page.ts'),
      code: "import { pageSize } from '../../settings/service/settings.js';",
      settings: { architecture: { root: ROOT, model: withEdge } },
    },
  ],
  invalid,
});

expectPreTestCovers('cross-domain', invalid);
