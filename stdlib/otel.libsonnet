// Kind `otel`: cert-manager and the OpenTelemetry Operator (whose webhooks take their
// certificates from cert-manager), installed together as one component.
// Facts: cert-manager/cert-manager deploy/charts/cert-manager v1.14.4 (tag commit f5ddc412);
// open-telemetry/opentelemetry-helm-charts charts/opentelemetry-operator 0.102.0 (commit 8391ca42).
{
  description: 'cert-manager + OpenTelemetry Operator',
  // cert-manager's chart puts its leader-election Role in kube-system
  // (values.yaml global.leaderElection.namespace: kube-system).
  extraNamespaces: ['kube-system'],
  // opentelemetry-operator 0.102.0 conf/crds/crd-opentelemetrycollector.yaml is 395,696
  // bytes, over the 262,144-byte last-applied annotation limit of client-side apply.
  syncOptions: ['ServerSideApply=true'],
  charts: [
    {
      name: 'cert-manager',
      repo: 'https://charts.jetstack.io',
      version: 'v1.14.4',
      // A release of its own beside the operator's (the component's release name).
      release: '{release}-cert-manager',
      // v1.14 values.yaml: installCRDs (crds.enabled only arrives in v1.15).
      values: { installCRDs: true },
    },
    {
      name: 'opentelemetry-operator',
      repo: 'https://open-telemetry.github.io/opentelemetry-helm-charts',
      version: '0.102.0',
      // values.yaml admissionWebhooks.certManager.enabled: true: the webhook certificate is
      // a cert-manager Certificate, so cert-manager (above) must come first.
      values: {},
    },
  ],
  // Sizing: cert-manager values.yaml replicaCount 1, podDisruptionBudget.enabled false;
  // opentelemetry-operator values.yaml replicaCount 1, pdb.create false. Both are one replica
  // already (small = standard).
  profiles: {
    ha: {
      'cert-manager': { replicaCount: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } },
      'opentelemetry-operator': { replicaCount: 2, pdb: { create: true } },
    },
  },
  // Exports, named by naming.cc from each chart's `fullname` helper (chart name, trunc 63).
  exports: {
    // cert-manager templates/_helpers.tpl webhook.fullname = (fullname | trunc 55) +
    // "-webhook"; templates/webhook-service.yaml port 443.
    'cert-manager-webhook': { chart: 'cert-manager', service: '{fullname:55}-webhook', port: 443, scheme: 'https' },
    // opentelemetry-operator templates/service.yaml: <fullname>-webhook on
    // admissionWebhooks.servicePort (443); <fullname> serves metrics on 8080.
    'operator-webhook': { chart: 'opentelemetry-operator', service: '{fullname}-webhook', port: 443, scheme: 'https' },
    'operator-metrics': { chart: 'opentelemetry-operator', service: '{fullname}', port: 8080, scheme: 'http' },
  },
}
