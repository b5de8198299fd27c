import rule from '../../src/eslint/rules/structured-logging.js';
import { expectPreTestCovers, file, ruleTester } from '../rule-tester.js';

const filename = file('app/src/domains/tasks/service/tasks.ts');

const invalid = [
  { name: 'console.log', filename, code: "console.log('created');", errors: [{ messageId: 'console' as const, data: { method: 'log', level: 'info' } }] },
  { name: 'console.error passed around', filename, code: 'const report = console.error;', errors: [{ messageId: 'console' as const, data: { method: 'error', level: 'error' } }] },
  { name: 'a template message', filename, code: 'logger.info(`created ${id}`, { id });', errors: [{ messageId: 'builtMessage' as const, data: { call: 'logger.info' } }] },
  { name: 'a concatenated message', filename, code: "log.warn('slow: ' + ms);", errors: [{ messageId: 'builtMessage' as const, data: { call: 'log.warn' } }] },
  { name: 'a logger on this', filename, code: "class A { logger = l; run() { this.logger.error('failed'.concat(why)); } }", errors: [{ messageId: 'builtMessage' as const, data: { call: 'logger.error' } }] },
  { name: 'a *Logger name', filename, code: "requestLogger.debug('request', 'GET /');", errors: [{ messageId: 'attributes' as const, data: { call: 'requestLogger.debug', count: '1' } }] },
  { name: 'two attribute arguments', filename, code: "logger.info('created', { id }, { extra: 1 });", errors: [{ messageId: 'attributes' as const, data: { call: 'logger.info', count: '2' } }] },
];

ruleTester.run('structured-logging', rule, {
  valid: [
    { name: 'message and attributes', filename, code: "logger.info('task created', { taskId: id });" },
    { name: 'a constant message alone', filename, code: "log.debug('cache warm');" },
    { name: 'a template without expressions', filename, code: 'logger.info(`started`, attrs);' },
    { name: 'a local variable named console', filename, code: "const console = makeConsole(); console.log('x');" },
    { name: 'a method that is not a level', filename, code: "logger.child('x' + y);" },
    { name: 'an object not named like a logger', filename, code: "catalog.info('a' + b);" },
  ],
  invalid,
});

expectPreTestCovers('structured-logging', invalid);
