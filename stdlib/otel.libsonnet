// Kind `otel`: cert-manager and the OpenTelemetry Operator (whose webhooks take their
// certificates from cert-manager), installed together as one component.
// Facts: cert-manager/cert-manager deploy/charts/cert-manager v1.14.4 (tag commit f5ddc412);
// open-telemetry/opentelemetry-helm-charts charts/opentelemetry-operator 0.102.0 (commit 8391ca42).
local helm = import 'helm.libsonnet';
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
  instance(c):: {
    local cm = helm.at(c.charts, ['cert-manager']),
    local op = helm.at(c.charts, ['opentelemetry-operator']),
    local cmRelease = if std.isString(std.get(cm, 'release', null)) then cm.release else c.release + '-cert-manager',
    local opRelease = if std.isString(std.get(op, 'release', null)) then op.release else c.release,
    // Both charts use the common fullname helper with their chart name.
    local cmFull = helm.fullname('cert-manager', cmRelease, helm.at(cm, ['values'])),
    local opFull = helm.fullname('opentelemetry-operator', opRelease, c.values),
    charts: [{ release: cmRelease }, { release: opRelease }],
    exports: {
      // cert-manager templates/_helpers.tpl webhook.fullname = (fullname | trunc 55) +
      // "-webhook"; templates/webhook-service.yaml port 443.
      'cert-manager-webhook': { service: helm.trunc(helm.trunc(cmFull, 55) + '-webhook'), port: 443, scheme: 'https' },
      // opentelemetry-operator templates/service.yaml: <fullname>-webhook on
      // admissionWebhooks.servicePort (443); <fullname> serves metrics on 8080.
      'operator-webhook': { service: opFull + '-webhook', port: 443, scheme: 'https' },
      'operator-metrics': { service: opFull, port: 8080, scheme: 'http' },
    },
  },
}
