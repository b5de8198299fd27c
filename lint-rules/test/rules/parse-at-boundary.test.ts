import rule from '../../src/eslint/rules/parse-at-boundary.js';
import { expectPreTestCovers, file, ruleTester } from '../rule-tester.js';

const filename = file('app/src/domains/tasks/runtime/routes.ts');

const invalid = [
  {
    name: 'JSON.parse cast to a type',
    filename,
    code: 'const task = JSON.parse(text) as Task;',
    errors: [{ messageId: 'castParsed' as const, data: { expression: 'JSON.parse(text)', type: 'Task', schema: 'TaskSchema' } }],
  },
  {
    name: 'an awaited response.json() cast',
    filename,
    code: 'const rows = (await response.json()) as Row[];',
    errors: [{ messageId: 'castParsed' as const, data: { expression: 'response.json()', type: 'Row[]', schema: 'ValueSchema' } }],
  },
  {
    name: 'a request body cast with angle brackets',
    filename,
    code: 'const input = <NewTask>req.body;',
    errors: [{ messageId: 'castBody' as const, data: { expression: 'req.body', type: 'NewTask', schema: 'NewTaskSchema' } }],
  },
  {
    name: 'JSON.parse given a type by a variable annotation',
    filename,
    code: 'const t: Task = JSON.parse(s);',
    errors: [{ messageId: 'annotated' as const, data: { expression: 'JSON.parse(s)', type: 'Task', schema: 'TaskSchema' } }],
  },
  {
    name: 'a function typed Promise<Task> returning res.json()',
    filename,
    code: 'async function load(res: Response): Promise<Task> {\n  return res.json();\n}',
    errors: [{ messageId: 'annotated' as const, data: { expression: 'res.json()', type: 'Task', schema: 'TaskSchema' } }],
  },
  {
    name: 'an arrow function typed Task[] returning an awaited .json()',
    filename,
    code: 'const list = async (r: Response): Promise<Task[]> => await r.json();',
    errors: [{ messageId: 'annotated' as const, data: { expression: 'r.json()', type: 'Task[]', schema: 'ValueSchema' } }],
  },
  {
    name: 'a request body annotated',
    filename,
    code: 'const input: NewTask = req.body;',
    errors: [{ messageId: 'annotated' as const, data: { expression: 'req.body', type: 'NewTask', schema: 'NewTaskSchema' } }],
  },
  {
    name: 'a double cast through unknown',
    filename,
    code: 'const db = handle as unknown as Database;',
    errors: [{ messageId: 'doubleCast' as const, data: { expression: 'handle', type: 'Database' } }],
  },
];

ruleTester.run('parse-at-boundary', rule, {
  valid: [
    { name: 'parse to unknown, then a schema', filename, code: 'const raw: unknown = JSON.parse(text);\nconst task = TaskSchema.parse(raw);' },
    { name: 'a cast to unknown is honest', filename, code: 'const raw = JSON.parse(text) as unknown;' },
    { name: 'annotated unknown, parsed later', filename, code: 'async function load(res: Response): Promise<unknown> {\n  return res.json();\n}' },
    { name: 'parsed, then annotated', filename, code: 'const t: Task = TaskSchema.parse(JSON.parse(s));' },
    { name: 'a returned value that is not external', filename, code: 'function pick(tasks: Task[]): Task {\n  return tasks[0]!;\n}' },
    { name: 'as const', filename, code: "const levels = ['a', 'b'] as const;" },
    { name: 'a cast of internal data', filename, code: 'const el = node as HTMLElement;' },
  ],
  invalid,
});

expectPreTestCovers('parse-at-boundary', invalid);
