import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelError } from '../src/model/errors.js';
import { checkTypeScript } from '../src/typescript-check.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A folder whose node_modules holds a typescript package of the given version (or none). */
function withTypeScript(version?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ts-check-'));
  dirs.push(dir);
  if (version) {
    mkdirSync(join(dir, 'node_modules', 'typescript'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'typescript', 'package.json'), JSON.stringify({ name: 'typescript', version }));
  }
  return dir;
}

function failure(dir: string): ModelError {
  try {
    checkTypeScript(dir);
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw error;
  }
  throw new Error('expected a ModelError');
}

describe('checkTypeScript', () => {
  it('accepts the pinned 5.9 and the one the lints load', () => {
    expect(checkTypeScript(withTypeScript('5.9.3'))).toBe('5.9.3');
    expect(checkTypeScript()).toMatch(/^5\./);
  });

  it('refuses TypeScript 7, which dependency-cruiser silently skips', () => {
    const error = failure(withTypeScript('7.0.0'));
    expect(error.diagnostic.what).toBe('TypeScript 7.0.0 is not supported by the architecture lints');
    expect(error.diagnostic.fix).toBe('pin "typescript": "5.9.3" in the root package.json devDependencies and run npm install');
  });

  it('refuses 6.1 and later (typescript-eslint 8 supports <6.1) and a missing TypeScript', () => {
    expect(failure(withTypeScript('6.1.0')).diagnostic.what).toBe('TypeScript 6.1.0 is not supported by the architecture lints');
    expect(failure(withTypeScript()).diagnostic.what).toBe('TypeScript is not installed where the lints run');
  });
});
