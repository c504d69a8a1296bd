// Kind `kube-prometheus-stack`: Prometheus Operator, Prometheus, Alertmanager and Grafana.
// Facts: prometheus-community/helm-charts charts/kube-prometheus-stack, chart 88.5.3 (tag
// kube-prometheus-stack-88.5.3, commit ea930baeebeba39f56d6b44e351f23b2a072a600); its grafana
// subchart 12.11.1 (grafana-community/helm-charts, commit 864f7794683680e5100a38670e103c4fa6e37e29).
{
  description: 'kube-prometheus-stack: Prometheus Operator, Prometheus, Alertmanager, Grafana',
  // charts/crds/crds/crd-prometheuses.yaml is 833,082 bytes (alertmanagers 620,510), far over
  // the 262,144-byte last-applied annotation limit of client-side apply.
  syncOptions: ['ServerSideApply=true'],
  charts: [{
    name: 'kube-prometheus-stack',
    repo: 'https://prometheus-community.github.io/helm-charts',
    version: '88.5.3',
    // templates/_helpers.tpl:14-25 `kube-prometheus-stack.fullname`: the whole name is cut
    // to 26 characters ("longest name adds 37 chars"), fullnameOverride included, so release
    // "monitoring" gives "monitoring-kube-prometheus".
    naming: { max: 26 },
    values: {
      prometheus: { prometheusSpec: {
        // values.yaml:4476 (and 4451/4499/4521): true selects only CRs labelled
        // release=<release>; false lets Prometheus find every ServiceMonitor and rule.
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
      } },
    },
  }],
  // values.yaml:1471-1475 grafana.admin.existingSecret / userKey (admin-user) / passwordKey
  // (admin-password); without it the grafana subchart generates a random password.
  credentials: {
    defaultSecret: '{name}-grafana-admin',
    keys: ['admin-user', 'admin-password'],
    purpose: 'Grafana admin user',
    values: { grafana: { admin: { existingSecret: '${credentials.secret}', userKey: '${credentials.key0}', passwordKey: '${credentials.key1}' } } },
  },
  // The grafana subchart renders `datasources:` like the grafana chart; the Prometheus
  // datasource itself comes from kube-prometheus-stack's sidecar ConfigMap.
  datasources: { path: '/grafana/datasources/datasources.yaml' },
  // The operator mounts the admission webhook's TLS Secret <fullname>-admission
  // (templates/prometheus-operator/deployment.yaml:219), which the admission-create Job
  // writes at run time (admission-webhooks/job-patch/job-createSecret.yaml:49 --secret-name).
  runtimeSecrets: [{ name: '{fullname}-admission' }],
  ui: [{ endpoint: 'grafana', localPort: 3000, title: 'Grafana' }],
  exports: {
    // templates/prometheus/service.yaml:6 <fullname>-prometheus, prometheus.service.port 9090.
    prometheus: { service: '{fullname}-prometheus', port: 9090, scheme: 'http' },
    // templates/alertmanager/service.yaml:6 <fullname>-alertmanager, alertmanager.service.port 9093.
    alertmanager: { service: '{fullname}-alertmanager', port: 9093, scheme: 'http' },
    // The grafana subchart's own fullname (chart "grafana", the parent's release, trunc 63,
    // overrides under grafana.*); templates/service.yaml:6, service.port 80 -> 3000.
    grafana: { service: '{fullname}', naming: { name: 'grafana', overrides: 'grafana' }, port: 80, scheme: 'http' },
  },
}
