/**
 * The script that mounts GraphiQL, served as `/playground/assets/bootstrap.js` rather than inlined so the
 * page's Content-Security-Policy can allow scripts from 'self' only (no 'unsafe-inline', no nonce).
 * It reads its settings from the page's `<script type="application/json">` block, which browsers never
 * execute and CSP therefore does not govern.
 */
export const BOOTSTRAP_JS = `'use strict';
(function () {
  var settings = JSON.parse(document.getElementById('meetgraph-playground-settings').textContent);
  var tab = { query: settings.query, variables: settings.variables };
  if (settings.headers) tab.headers = settings.headers;
  var firstVisit = true;
  try {
    firstVisit = window.localStorage.getItem('graphiql:tabState') === null;
  } catch (e) {
    // Storage blocked: every visit is a first one.
  }
  var props = {
    fetcher: GraphiQL.createFetcher({ url: settings.endpoint }),
    // Only for a first visit: GraphiQL keeps the user's own tabs in localStorage after that.
    defaultQuery: settings.query,
    defaultTabs: [tab],
    defaultEditorToolsVisibility: settings.headers ? 'headers' : 'variables',
    isHeadersEditorEnabled: true,
    // Headers hold API keys: never write them to localStorage.
    shouldPersistHeaders: false,
  };
  if (settings.headers) props.defaultHeaders = settings.headers;
  // GraphiQL 3 fills the first tab's variables editor from the \`variables\` prop or storage only, not from
  // defaultTabs, so hand the example's variables over explicitly — on a first visit only, so they never
  // overwrite what the user typed last time.
  if (firstVisit) props.variables = settings.variables;
  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, props));
})();
`;
