import { createRequire } from 'node:module';
import { ModelError } from './model/errors.js';

/** TypeScript versions both engines read: typescript-eslint 8 supports <6.1, dependency-cruiser skips .ts files under 7. */
export const SUPPORTED_TYPESCRIPT = { min: [4, 8], below: [6, 1] } as const;

function atLeast(version: readonly number[], bound: readonly number[]): boolean {
  for (let i = 0; i < bound.length; i++) {
    const v = version[i] ?? 0;
    const b = bound[i] ?? 0;
    if (v !== b) return v > b;
  }
  return true;
}

/**
 * Fails loudly when the TypeScript these lints would parse with is missing or of a
 * version they cannot read: dependency-cruiser would otherwise skip every .ts file and
 * report a clean graph.
 */
export function checkTypeScript(fromDir?: string): string {
  let version: string;
  try {
    // By default, the TypeScript that typescript-eslint and dependency-cruiser load from here.
    const require = createRequire(fromDir ? `${fromDir}/` : import.meta.url);
    const pkg: unknown = require('typescript/package.json');
    version = typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : '';
  } catch {
    throw new ModelError({
      what: 'TypeScript is not installed where the lints run',
      why: 'ESLint and dependency-cruiser both parse the sources with the typescript package; without it no .ts file is read',
      fix: 'add "typescript": "5.9.3" to the devDependencies of the root package.json and run npm install',
      doc: 'docs/design-docs/architecture-lints.md#failing-loudly',
    });
  }
  const parts = version.split(/[.-]/).map(Number);
  if (!atLeast(parts, SUPPORTED_TYPESCRIPT.min) || atLeast(parts, SUPPORTED_TYPESCRIPT.below)) {
    throw new ModelError({
      what: `TypeScript ${version} is not supported by the architecture lints`,
      why: 'typescript-eslint 8 reads TypeScript >=4.8 <6.1, and dependency-cruiser skips every .ts file under TypeScript 7, which would make the graph checks pass on nothing',
      fix: 'pin "typescript": "5.9.3" in the root package.json devDependencies and run npm install',
      doc: 'docs/design-docs/architecture-lints.md#failing-loudly',
    });
  }
  return version;
}
