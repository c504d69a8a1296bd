// Kind `grafana`: Grafana with provisioned datasources for the stack's components.
// Facts: grafana/helm-charts charts/grafana, chart 10.5.12 (commit f7410c6487b021ca64a302c97ed82cfa077d0089).
{
  description: 'Grafana, datasources provisioned from the resolved endpoints',
  charts: [{
    name: 'grafana',
    repo: 'https://grafana.github.io/helm-charts',
    version: '10.5.12',
    values: {},
  }],
  // values.yaml admin.existingSecret with admin.userKey (admin-user) and
  // admin.passwordKey (admin-password); otherwise the chart generates a password.
  credentials: {
    defaultSecret: '{name}-admin',
    keys: ['admin-user', 'admin-password'],
    purpose: 'Grafana admin user',
    values: { admin: { existingSecret: '${credentials.secret}', userKey: '${credentials.key0}', passwordKey: '${credentials.key1}' } },
  },
  // values.yaml `datasources:` maps file names to provisioning files.
  datasources: { path: '/datasources/datasources.yaml' },
  // templates/_helpers.tpl `grafana.fullname`: top-level overrides, chart name "grafana".
  // Web UI (out/README.md "Reach the UIs"): port-forward to the `http` Service.
  ui: [{ endpoint: 'http', localPort: 3000, title: 'Grafana' }],
  exports: {
    // templates/service.yaml: Service <fullname>, service.port 80 (targetPort 3000).
    http: { service: '{fullname}', port: 80, scheme: 'http' },
  },
}
