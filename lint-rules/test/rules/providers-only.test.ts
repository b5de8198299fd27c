import rule from '../../src/eslint/rules/providers-only.js';
import { expectPreTestCovers, file, ruleTester } from '../rule-tester.js';

const invalid = [
  {
    name: 'a repo imports the database library',
    filename: file('app/src/domains/tasks/repo/task-repo.ts'),
    code: "import Database from 'better-sqlite3';",
    errors: [
      {
        messageId: 'crossCutting' as const,
        data: { source: 'tasks/repo', specifier: 'better-sqlite3', package: 'better-sqlite3', pattern: 'better-sqlite3', providers: 'app/src/providers/' },
      },
    ],
  },
  {
    name: 'a scoped package matched by a pattern, deep import',
    filename: file('app/src/domains/tasks/service/tasks.ts'),
    code: "import { trace } from '@opentelemetry/api/build/src/index.js';",
    errors: [
      {
        messageId: 'crossCutting' as const,
        data: {
          source: 'tasks/service',
          specifier: '@opentelemetry/api/build/src/index.js',
          package: '@opentelemetry/api',
          pattern: '@opentelemetry/*',
          providers: 'app/src/providers/',
        },
      },
    ],
  },
  {
    name: 'utils may not import it either',
    filename: file('app/src/utils/time.ts'),
    code: "import { metrics } from '@opentelemetry/api';",
    errors: [{ messageId: 'crossCutting' as const }],
  },
];

ruleTester.run('providers-only', rule, {
  valid: [
    { name: 'a provider', filename: file('app/src/providers/db.ts'), code: "import Database from 'better-sqlite3';" },
    { name: 'the shell', filename: file('app/src/shell/main.ts'), code: "import { NodeSDK } from '@opentelemetry/sdk-node';" },
    { name: 'a package that is not cross-cutting', filename: file('app/src/domains/tasks/types/task.ts'), code: "import { z } from 'zod';" },
    { name: 'a node builtin', filename: file('app/src/domains/tasks/repo/files.ts'), code: "import { readFile } from 'node:fs/promises';" },
  ],
  invalid,
});

expectPreTestCovers('providers-only', invalid);
