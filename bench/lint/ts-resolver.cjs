// An import resolver (eslint-module-utils interface 2) for the benchmark's boundaries run:
// TypeScript sources import each other with `.js` suffixes (NodeNext), which the node
// resolver cannot map back to `.ts`. Relative specifiers are resolved by path alone, the
// cheapest resolution possible, so boundaries is measured at its fastest; packages go
// to the node resolver that boundaries uses by default.
const { existsSync } = require('node:fs');
const { dirname, resolve } = require('node:path');
const nodeResolver = require(require.resolve('eslint-import-resolver-node', { paths: [require.resolve('eslint-plugin-boundaries')] }));

exports.interfaceVersion = 2;
exports.resolve = function resolveImport(source, file, config) {
  if (source.startsWith('.')) {
    const path = resolve(dirname(file), source);
    const ts = path.replace(/\.js$/, '.ts');
    if (existsSync(ts)) return { found: true, path: ts };
    if (existsSync(path)) return { found: true, path };
    return { found: false };
  }
  return nodeResolver.resolve(source, file, config);
};
