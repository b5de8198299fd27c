import rule from '../../src/eslint/rules/file-size.js';
import { parseModel } from '../../src/model/parse.js';
import { expectPreTestCovers, file, ROOT, ruleTester } from '../rule-tester.js';

const filename = file('app/src/domains/tasks/service/tasks.ts');
const lines = (n: number) => Array.from({ length: n }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';
const small = { architecture: { root: ROOT, model: parseModel({ roots: [{ path: 'app/src' }], taste: { maxLines: 3 } }) } };

const invalid = [
  { name: '401 lines', filename, code: lines(401), errors: [{ messageId: 'tooLong' as const, data: { lines: '401', max: '400' }, line: 401 }] },
];

ruleTester.run('file-size', rule, {
  valid: [
    { name: 'exactly 400 lines', filename, code: lines(400) },
    { name: 'an empty file', filename, code: '' },
  ],
  invalid: [
    ...invalid,
    { name: 'the limit comes from the model', filename, code: lines(4), settings: small, errors: [{ messageId: 'tooLong' as const, data: { lines: '4', max: '3' }, line: 4 }] },
  ],
});

expectPreTestCovers('file-size', invalid);
