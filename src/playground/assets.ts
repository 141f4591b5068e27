import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** A package's own directory; react and react-dom do not export their `umd/` files, so go via package.json. */
const packageDir = (name: string): string => path.dirname(require.resolve(`${name}/package.json`));

/**
 * The playground's third-party assets, served by meetgraph from the installed npm packages (the versions
 * package-lock.json pins), so the playground works air-gapped and never loads anything from a CDN.
 * A fixed table: the asset route serves these names and nothing else, so no request path reaches the disk.
 */
export function playgroundAssetFiles(): Record<string, string> {
  return {
    'react.production.min.js': path.join(packageDir('react'), 'umd', 'react.production.min.js'),
    'react-dom.production.min.js': path.join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'),
    'graphiql.min.js': require.resolve('graphiql/graphiql.min.js'),
    'graphiql.min.css': require.resolve('graphiql/graphiql.min.css'),
  };
}
