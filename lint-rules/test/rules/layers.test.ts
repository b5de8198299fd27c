import rule from '../../src/eslint/rules/layers.js';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { parseModel } from '../../src/model/parse.js';
import { expectPreTestCovers, file, ROOT, ruleTester } from '../rule-tester.js';

/** A model where only the later layers may use providers/ (architecture.providerLayers). */
const providerModel = parseModel({ roots: [{ path: 'app/src' }], providerLayers: ['repo', 'service', 'runtime', 'ui'] });

const serviceAllowed =
  'service in domain tasks may import tasks/types, tasks/config, tasks/repo, tasks/service, the types of other domains, app/src/providers/* and app/src/utils/*';

const invalid = [
  {
    name: 'a service imports its own ui layer',
    filename: file('app/src/domains/tasks/service/tasks.ts'),
    code: "import { render } from '../ui/page.js';",
    errors: [
      {
        messageId: 'laterLayer' as const,
        data: {
          source: 'tasks/service',
          specifier: '../ui/page.js',
          target: 'tasks/ui',
          allowed: serviceAllowed,
          hint: 'move what it needs from tasks/ui into tasks/service or an earlier layer, or let tasks/ui call tasks/service instead',
        },
      },
    ],
  },
  {
    name: 'a type-only re-export counts too',
    filename: file('app/src/domains/tasks/types/task.ts'),
    code: "export type { Row } from '../repo/rows.js';",
    errors: [{ messageId: 'laterLayer' as const }],
  },
  {
    name: 'a domain imports the shell',
    filename: file('app/src/domains/tasks/runtime/routes.ts'),
    code: "import { main } from '../../../shell/main.js';",
    errors: [{ messageId: 'shellImport' as const }],
  },
  {
    name: 'a domain imports a file at the top of the root (an entry point)',
    filename: file('app/src/domains/tasks/runtime/routes.ts'),
    code: "const m = await import('../../../main.js');",
    errors: [{ messageId: 'shellImport' as const }],
  },
  {
    name: 'a domain imports a file outside the model',
    filename: file('app/src/domains/tasks/service/tasks.ts'),
    code: "import { x } from '../../../helpers/x.js';",
    errors: [
      {
        messageId: 'unplacedTarget' as const,
        data: {
          source: 'tasks/service',
          specifier: '../../../helpers/x.js',
          target: 'app/src outside the model',
          allowed: serviceAllowed,
          hint: 'first move the imported file into a domain layer, providers/ or utils/ (folder helpers/ is none of domains/, providers/, utils/, shell/)',
        },
      },
    ],
  },
  {
    name: 'a domain reaches outside its source root by path',
    filename: file('app/src/domains/tasks/service/tasks.ts'),
    code: "import pkg from '../../../../package.json';",
    errors: [{ messageId: 'outsideRoot' as const }],
  },
  {
    name: "a provider imports a domain's internals",
    filename: file('app/src/providers/db.ts'),
    code: "import { TaskRepo } from '../domains/tasks/repo/task-repo.js';",
    errors: [
      {
        messageId: 'domainFromProvider' as const,
        data: {
          source: 'app/src/providers/',
          specifier: '../domains/tasks/repo/task-repo.js',
          target: 'tasks/repo',
          allowed: 'app/src/providers/ may import other providers, app/src/utils/* and the types of other domains',
          hint: 'move what the provider needs into tasks/types or into the provider itself, and let the domain call the provider',
        },
      },
    ],
  },
];

ruleTester.run('layers', rule, {
  valid: [
    { name: 'an earlier layer', filename: file('app/src/domains/tasks/service/tasks.ts'), code: "import { Task } from '../types/task.js';" },
    { name: 'the same layer', filename: file('app/src/domains/tasks/service/tasks.ts'), code: "import { x } from './other.js';" },
    { name: 'providers', filename: file('app/src/domains/tasks/repo/repo.ts'), code: "import { db } from '../../../providers/db.js';" },
    { name: 'utils', filename: file('app/src/domains/tasks/types/task.ts'), code: "import { clamp } from '../../../utils/clamp.js';" },
    { name: 'the shell imports anything', filename: file('app/src/shell/main.ts'), code: "import { routes } from '../domains/tasks/runtime/routes.js';" },
    { name: 'a provider imports a domain type', filename: file('app/src/providers/db.ts'), code: "import type { Task } from '../domains/tasks/types/task.js';" },
    { name: 'a package', filename: file('app/src/domains/tasks/types/task.ts'), code: "import { z } from 'zod';" },
    { name: 'a file outside every root is not judged', filename: file('scripts/build.ts'), code: "import { x } from '../app/src/domains/tasks/ui/page.js';" },
  ],
  invalid,
});

expectPreTestCovers('layers', invalid);

// Its own tester: RuleTester merges a case's settings into the shared ones index by
// index, which would mix the two models' layer lists.
const providerInvalid = [
  {
    name: 'a layer that providerLayers leaves out imports a provider',
    filename: file('app/src/domains/tasks/config/defaults.ts'),
    code: "import { clock } from '../../../providers/clock.js';",
    errors: [
      {
        messageId: 'providerFromLayer' as const,
        data: {
          source: 'tasks/config',
          specifier: '../../../providers/clock.js',
          target: 'providers',
          allowed: 'config in domain tasks may import tasks/types, tasks/config, the types of other domains and app/src/utils/*',
          hint: 'have a layer that may use providers (repo, service, runtime, ui) pass the value in',
        },
      },
    ],
  },
];

new RuleTester({ settings: { architecture: { root: ROOT, model: providerModel } } }).run('layers (providerLayers)', rule, {
  valid: [{ filename: file('app/src/domains/tasks/repo/tasks.ts'), code: "import { clock } from '../../../providers/clock.js';", name: 'a layer in providerLayers' }],
  invalid: providerInvalid,
});

expectPreTestCovers('layers', providerInvalid);
