// The eslint-plugin-boundaries 7 configuration that finds the same violations as the
// architecture model of the generated repo: layer order inside a domain, no reaching into
// another domain's internals (its types/ are shared), cross-cutting packages only from
// providers/, and utils/ importing nothing from domains or providers.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const LAYERS = ['types', 'config', 'repo', 'service', 'runtime', 'ui'];

/** The flat config (an array), for `eslint -c` or the ESLint API. */
export async function boundariesConfig() {
  const boundaries = (await import(require.resolve('eslint-plugin-boundaries'))).default;
  const tseslint = (await import(require.resolve('typescript-eslint'))).default;
  const same = { domain: '{{ from.captured.domain }}' };
  const policies = LAYERS.map((layer, i) => ({
    from: { element: { type: layer } },
    allow: {
      to: {
        element: {
          types: { anyOf: [...LAYERS.slice(1, i + 1), 'types', 'providers', 'utils'] },
        },
      },
    },
  }));
  // Own-domain check for the layers after types: a later layer may import another
  // domain only through its types.
  const ownDomain = LAYERS.slice(1).map((layer) => ({
    from: { element: { type: ['config', 'repo', 'service', 'runtime', 'ui'] } },
    disallow: { to: { element: { type: layer, captured: { domain: `!${same.domain}` } } } },
  }));
  return [
    { ignores: ['**/node_modules/**'] },
    {
      files: ['src/**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { boundaries },
      settings: {
        'import/resolver': { [fileURLToPath(new URL('./ts-resolver.cjs', import.meta.url))]: {} },
        'boundaries/elements': [
          ...LAYERS.map((layer) => ({ type: layer, pattern: `src/domains/*/${layer}`, capture: ['domain'] })),
          { type: 'providers', pattern: 'src/providers' },
          { type: 'utils', pattern: 'src/utils' },
          { type: 'shell', pattern: 'src/shell' },
        ],
      },
      rules: {
        'boundaries/dependencies': [
          2,
          {
            default: 'disallow',
            checkAllOrigins: true,
            policies: [
              // Later policies win: packages are allowed, then the cross-cutting ones are
              // forbidden outside providers/.
              { allow: { to: { module: { origin: ['external', 'core'] } } } },
              {
                from: { element: { types: { anyOf: [...LAYERS, 'utils', 'shell'] } } },
                disallow: { to: { module: { origin: 'external', source: ['better-sqlite3', '@opentelemetry/*'] } } },
              },
              ...policies,
              ...ownDomain,
              { from: { element: { type: 'providers' } }, allow: { to: { element: { types: { anyOf: ['providers', 'utils', 'types'] } } } } },
              { from: { element: { type: 'utils' } }, allow: { to: { element: { type: 'utils' } } } },
              { from: { element: { type: 'shell' } }, allow: { to: { element: { type: '*' } } } },
            ],
          },
        ],
      },
    },
  ];
}

export default await boundariesConfig();
