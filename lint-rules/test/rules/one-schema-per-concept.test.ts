import { readFileSync } from 'node:fs';
import rule from '../../src/eslint/rules/one-schema-per-concept.js';
import { expectPreTestCovers, file, ruleTester, SCHEMAS_ROOT, schemaSettings } from '../rule-tester.js';

// The rule compares a file with the others on disk: the cases are files of fixtures/schemas.
const onDisk = (path: string) => readFileSync(path, 'utf8');
const here = file('app/src/domains/tasks/types/task.ts', SCHEMAS_ROOT);
// Sorts after app/src/domains/billing/types/invoice.ts, the fixture on disk.
const later = file('app/src/domains/orders/types/order.ts', SCHEMAS_ROOT);
const earlier = file('app/src/domains/accounts/types/account.ts', SCHEMAS_ROOT);

const sameFile = {
  name: 'the same shape twice in one file, properties in another order',
  filename: here,
  settings: schemaSettings,
  code: onDisk(here),
  errors: [
    {
      messageId: 'duplicate' as const,
      data: { name: 'TodoSchema', keys: 'done, title', first: 'TaskSchema', firstWhere: 'app/src/domains/tasks/types/task.ts:2' },
      line: 3,
    },
  ],
};

const otherFile = {
  name: 'the same shape as a schema in another file',
  filename: later,
  settings: schemaSettings,
  code: onDisk(later),
  errors: [
    {
      messageId: 'duplicate' as const,
      data: { name: 'OrderTotalSchema', keys: 'id, total', first: 'InvoiceSchema', firstWhere: 'app/src/domains/billing/types/invoice.ts:3' },
      line: 3,
    },
  ],
};

ruleTester.run('one-schema-per-concept', rule, {
  valid: [
    { name: 'different validators', filename: here, code: "import { z } from 'zod';\nconst ASchema = z.object({ a: z.string(), b: z.number() });\nconst BSchema = z.object({ a: z.string(), b: z.string() });" },
    { name: 'one property is too small to count', filename: here, code: "import { z } from 'zod';\nconst ASchema = z.object({ id: z.string() });\nconst BSchema = z.object({ id: z.string() });" },
    { name: 'a schema built from another', filename: here, code: "import { z } from 'zod';\nconst ASchema = z.object({ a: z.string(), b: z.number() });\nconst BSchema = ASchema.extend({});" },
    {
      name: 'the first definition is not the duplicate: the later file gets the report',
      filename: earlier,
      settings: schemaSettings,
      code: "import { z } from 'zod';\nexport const AccountTotalSchema = z.object({ id: z.string(), total: z.number().int() });",
    },
  ],
  invalid: [sameFile, otherFile],
});

expectPreTestCovers('one-schema-per-concept', [sameFile, otherFile], SCHEMAS_ROOT);
