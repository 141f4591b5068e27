export interface PlaygroundPageSettings {
  /** Where GraphiQL sends operations (same origin). */
  endpoint: string;
  query: string;
  /** JSON text for the variables editor. */
  variables: string;
  /** JSON text for the headers editor, or null for none. */
  headers: string | null;
}

/** Where the page loads its assets from; every one is served by meetgraph itself. */
export const PLAYGROUND_ASSET_PATH = '/playground/assets';

/**
 * Scripts and styles from meetgraph only. GraphiQL (CodeMirror, its popovers, React's style props) sets
 * inline styles, hence 'unsafe-inline' for styles — scripts get no such exception. Its fonts and icons are
 * data: URIs inside graphiql.min.css; `connect-src 'self'` keeps operations on this server.
 */
export const PLAYGROUND_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** JSON that is safe inside a <script> element: no `</script>`, no `<!--`, no U+2028/2029 surprises. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function renderPlaygroundPage(settings: PlaygroundPageSettings): string {
  const asset = (name: string): string => `${PLAYGROUND_ASSET_PATH}/${name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>meetgraph playground</title>
<link rel="stylesheet" href="${asset('graphiql.min.css')}">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading the meetgraph playground…</div>
<script type="application/json" id="meetgraph-playground-settings">${scriptSafeJson(settings)}</script>
<script src="${asset('react.production.min.js')}"></script>
<script src="${asset('react-dom.production.min.js')}"></script>
<script src="${asset('graphiql.min.js')}"></script>
<script src="${asset('bootstrap.js')}"></script>
</body>
</html>
`;
}
