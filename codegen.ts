import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed client code for frontends, generated from the committed schema (no running server needed):
 * `npx graphql-codegen` writes typed document nodes for the operations in examples/operations.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['examples/operations/**/*.graphql'],
  ignoreNoDocuments: false,
  // ESM consumers (like this repo, NodeNext) need `.js` suffixes in the generated imports.
  emitLegacyCommonJSImports: false,
  generates: {
    'examples/generated/': {
      preset: 'client',
      config: {
        scalars: { DateTime: 'string', JSON: 'unknown' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
