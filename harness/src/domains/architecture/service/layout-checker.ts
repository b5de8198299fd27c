import type { Checker, CheckContext, CheckerResult } from '../types/report.js';

/** The folder-layout checks; the scan itself runs once before every checker (they all need the file list). */
export const layoutChecker: Checker = {
  name: 'layout',
  run({ layout }: CheckContext): Promise<CheckerResult> {
    return Promise.resolve({ violations: layout.violations, scope: `${layout.files.length} files` });
  },
};
