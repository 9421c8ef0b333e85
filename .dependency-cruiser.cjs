/**
 * The layer rules of the house (../shared/docs/design.md, "The house"), checked on every `npm test`.
 * `npm run check:deps` runs it alone.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'No import cycles anywhere: a cycle means two files cannot be understood (or tested) apart.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'crm-is-the-core',
      severity: 'error',
      comment: 'The domain imports no HTTP, platform, queue, job, command or wiring code: dependencies point inward.',
      from: { path: '^src/crm/' },
      to: { path: ['^src/(http|channels|jobs|queue|app|features)/', '^bot-commands/'] },
    },
    {
      name: 'crm-has-no-koa',
      severity: 'error',
      comment: 'The domain knows nothing of Koa.',
      from: { path: '^src/crm/' },
      to: { dependencyTypes: ['npm'], path: '(^|/)node_modules/(koa|@koa/|raw-body)' },
    },
    {
      name: 'leaves-import-nothing-of-ours',
      severity: 'error',
      comment: 'messaging (the shared vocabulary), config, errors, metrics and secrets are leaves every layer may import.',
      from: { path: '^src/(messaging/|secrets/|config\\.ts$|errors\\.ts$|metrics\\.ts$)' },
      to: { path: '^(src|bot-commands)/', pathNot: '^src/(messaging|secrets)/' },
    },
    {
      name: 'leaf-folders-stay-inside',
      severity: 'error',
      comment: 'A leaf folder imports only itself.',
      from: { path: '^src/(messaging|secrets)/' },
      to: { path: '^(src|bot-commands)/', pathNot: '^src/$1/' },
    },
    {
      name: 'channels-use-no-other-features-routes',
      severity: 'error',
      comment: "A channel mounts its own routes; another channel's or feature's routes and modules are not its business.",
      from: { path: '^src/channels/([^/]+)/' },
      to: {
        path: ['^src/channels/[^/]+/routes/', '^src/channels/[^/]+/[^/]+-module\\.ts$', '^src/features/[^/]+/[^/]+-(module|routes)\\.ts$'],
        pathNot: '^src/channels/$1/',
      },
    },
    {
      name: 'modules-are-wired-by-the-app',
      severity: 'error',
      comment: 'Only src/app (the module list) imports module files.',
      from: { path: '^(src|bot-commands)/', pathNot: '^src/app/' },
      to: { path: '^src/(features|channels)/.+-module\\.ts$' },
    },
    {
      name: 'commands-are-platform-neutral',
      severity: 'error',
      comment: 'Chat commands never import a particular channel.',
      from: { path: '^bot-commands/' },
      to: { path: '^src/channels/' },
    },
    {
      name: 'http-is-plumbing',
      severity: 'error',
      comment: 'src/http is Koa plumbing that modules use: it imports no feature, channel, queue or job.',
      from: { path: '^src/http/' },
      to: { path: '^src/(features|channels|queue|jobs)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^|/)(tests|mini-app|scripts)/|\\.test\\.ts$' },
  },
};
