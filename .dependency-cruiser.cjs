// The rules of the layout (README, Architecture). `npm run lint:deps` checks them; .ci/run fails
// on any violation. Paths are relative to the repository root.
const NODE_FOLDERS = '^src/(entry|cli|platform/node)/';
const PURE_CORES = [
  '^src/drafts/parse[^/]*[.]ts$',
  '^src/drafts/(correspond|diff)[.]ts$',
  '^src/mail/(read|understand|references|points|quotes|html-text|footers|charset|spam|addresses|types|non-opinions|tables|unit-names)[.]ts$',
  '^src/lib/(docx|xlsx|zip)[.]ts$',
  '^src/reports/build[^/]*[.]ts$',
];

module.exports = {
  forbidden: [
    {
      name: 'views-take-view-models',
      comment: 'Views take view-model props declared in views/ and return HTML: they import views/ and the pure src/lib only — never a store, a route, src/db or another module.',
      severity: 'error',
      from: { path: '^views/' },
      to: { path: '^src/', pathNot: '^src/lib/' },
    },
    {
      name: 'pure-cores-stay-pure',
      comment: 'The parser, the block correspondence and its character diff, the mail reading/understanding and the report builder import neither the database nor hono.',
      severity: 'error',
      from: { path: PURE_CORES },
      to: { path: ['^src/db/', '^src/platform/', '^node_modules/(hono|@hono|kysely|better-sqlite3)/', '(routes|store)[.]tsx?$'] },
    },
    {
      name: 'node-only-in-node-folders',
      comment: 'Only src/entry, src/cli and src/platform/node may use Node: the rest runs on Workers too.',
      severity: 'error',
      from: { path: '^(src|views)/', pathNot: NODE_FOLDERS },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'node-packages-in-node-folders',
      comment: 'Packages that need Node (SQLite driver, SMTP/IMAP, the Node HTTP adapter, nodemailer) are used from the Node folders only.',
      severity: 'error',
      from: { path: '^(src|views)/', pathNot: NODE_FOLDERS },
      to: { path: '^node_modules/(better-sqlite3|nodemailer|smtp-server|imapflow|@hono/node-server|exceljs)/' },
    },
    {
      name: 'core-does-not-reach-the-platform',
      comment: 'Dependencies point one way: entry/cli -> platform -> app -> modules -> lib/db. The core never imports an entry point, a CLI or the Node platform.',
      severity: 'error',
      from: { path: '^(src|views)/', pathNot: NODE_FOLDERS },
      to: { path: NODE_FOLDERS },
    },
    {
      name: 'no-circles',
      comment: 'Files that import each other in a loop cannot be understood one at a time.',
      severity: 'error',
      from: { path: '^(src|views)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
