import rule, { schemaName, toPascalCase } from '../../src/eslint/rules/naming.js';
import { describe, expect, it } from 'vitest';
import { expectPreTestCovers, file, ruleTester } from '../rule-tester.js';

const filename = file('app/src/domains/tasks/types/task.ts');

const invalid = [
  {
    name: 'a camelCase schema',
    filename,
    code: "import { z } from 'zod';\nexport const task = z.object({ id: z.string() });",
    errors: [{ messageId: 'schemaSuffix' as const, data: { name: 'task', suggestion: 'TaskSchema', typeName: 'Task' } }],
  },
  {
    name: 'a schema split over lines and wrapped in parentheses',
    filename,
    code: "import { z } from 'zod';\nconst newTask =\n  (z\n    .string()\n    .min(1));",
    errors: [{ messageId: 'schemaSuffix' as const, data: { name: 'newTask', suggestion: 'NewTaskSchema', typeName: 'NewTask' } }],
  },
  {
    name: 'a schema derived from an imported schema',
    filename,
    code: "import { TaskSchema } from './task.js';\nexport const Patch = TaskSchema.partial();",
    errors: [{ messageId: 'schemaSuffix' as const, data: { name: 'Patch', suggestion: 'PatchSchema', typeName: 'Patch' } }],
  },
  {
    name: 'zod imported under another name',
    filename,
    code: "import * as zod from 'zod';\nconst ID = zod.string().uuid();",
    errors: [{ messageId: 'schemaSuffix' as const, data: { name: 'ID', suggestion: 'IdSchema', typeName: 'Id' } }],
  },
  {
    name: 'a snake_case type',
    filename,
    code: 'type task_row = { id: string };',
    errors: [{ messageId: 'typeCase' as const, data: { kind: 'type', name: 'task_row', suggestion: 'TaskRow' } }],
  },
  {
    name: 'a camelCase interface',
    filename,
    code: 'export interface taskRepo { get(id: string): void }',
    errors: [{ messageId: 'typeCase' as const, data: { kind: 'interface', name: 'taskRepo', suggestion: 'TaskRepo' } }],
  },
];

ruleTester.run('naming', rule, {
  valid: [
    { name: 'a named schema and its type', filename, code: "import { z } from 'zod';\nexport const TaskSchema = z.object({ id: z.string() });\nexport type Task = z.infer<typeof TaskSchema>;" },
    { name: 'parsing is data, not a schema', filename, code: "import { TaskSchema } from './task.js';\nconst task = TaskSchema.parse(body);\nconst result = TaskSchema.safeParse(body);" },
    { name: 'zod helpers are not schemas', filename, code: "import { z } from 'zod';\nconst message = z.prettifyError(error);" },
    { name: 'PascalCase types', filename, code: 'type TaskRow = { id: string };\ninterface Repo2 { x: number }' },
  ],
  invalid,
});

expectPreTestCovers('naming', invalid);

describe('naming suggestions', () => {
  it('turns names into PascalCase and Schema names', () => {
    expect(toPascalCase('task_list-item')).toBe('TaskListItem');
    expect(schemaName('TASK_SCHEMA')).toBe('TaskSchema');
    expect(schemaName('settingsschema')).toBe('SettingsSchema');
  });
});
