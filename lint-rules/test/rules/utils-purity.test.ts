import rule from '../../src/eslint/rules/utils-purity.js';
import { expectPreTestCovers, file, ruleTester } from '../rule-tester.js';

const invalid = [
  {
    name: 'a util imports a domain',
    filename: file('app/src/utils/format.ts'),
    code: "import type { Task } from '../domains/tasks/types/task.js';",
    errors: [
      {
        messageId: 'impure' as const,
        data: {
          source: 'app/src/utils/',
          specifier: '../domains/tasks/types/task.js',
          target: 'tasks/types',
          allowed: 'app/src/utils/ may import only other utils and packages',
          hint: 'take what you need as a parameter, or move this helper into domain tasks',
        },
      },
    ],
  },
  {
    name: 'a util imports a provider',
    filename: file('app/src/utils/clock.ts'),
    code: "export { now } from '../providers/clock.js';",
    errors: [
      {
        messageId: 'impure' as const,
        data: {
          source: 'app/src/utils/',
          specifier: '../providers/clock.js',
          target: 'app/src/providers/',
          allowed: 'app/src/utils/ may import only other utils and packages',
          hint: 'take what you need as a parameter, or move this helper into a provider',
        },
      },
    ],
  },
];

ruleTester.run('utils-purity', rule, {
  valid: [
    { name: 'another util', filename: file('app/src/utils/format.ts'), code: "import { pad } from './pad.js';" },
    { name: 'a package', filename: file('app/src/utils/format.ts'), code: "import { z } from 'zod';" },
  ],
  invalid,
});

expectPreTestCovers('utils-purity', invalid);
