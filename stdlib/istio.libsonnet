// Kind `istio`: Istio base (CRDs, cluster roles) and istiod; the ingress gateway chart is
// optional (charts.gateway.enabled: true).
// Facts: istio/istio manifests/charts at tag 1.28.3 (commit 4c1f845d839e9086ee85ad9337f2647492322eb4).
{
  description: 'Istio service mesh: base + istiod (+ optional gateway)',
  charts: [
    {
      name: 'base',
      repo: 'https://istio-release.storage.googleapis.com/charts',
      version: '1.28.3',
      release: '{release}-base',
      values: { defaultRevision: 'default' },
    },
    {
      name: 'istiod',
      repo: 'https://istio-release.storage.googleapis.com/charts',
      version: '1.28.3',
      release: 'istiod',
      values: {},
    },
    {
      name: 'gateway',
      repo: 'https://istio-release.storage.googleapis.com/charts',
      version: '1.28.3',
      optional: true,
      release: '{release}-gateway',
      values: {},
    },
  ],
  // Sizing (stack `profile`), per chart. istiod values.yaml (_internal_defaults_do_not_set, the
  // user's values merged over it by templates/zzz_profile.yaml): autoscaleEnabled true (1-5),
  // replicaCount 1, resources.requests 500m / 2048Mi, global.defaultPodDisruptionBudget.enabled
  // true (templates/poddisruptionbudget.yaml). gateway values.yaml: autoscaling.enabled true
  // (1-5), resources.requests 100m / 128Mi, podDisruptionBudget {} (off).
  profiles: {
    // The design's laptop shape: one istiod at 100m / 128Mi, no HPA, and no PDB (a PDB
    // over a single replica blocks every node drain).
    small: {
      istiod: { autoscaleEnabled: false, replicaCount: 1, resources: { requests: { cpu: '100m', memory: '128Mi' } },
                global: { defaultPodDisruptionBudget: { enabled: false } } },
      gateway: { autoscaling: { enabled: false }, replicaCount: 1 },
    },
    ha: {
      istiod: { autoscaleMin: 2, replicaCount: 2 },
      gateway: { autoscaling: { minReplicas: 2 }, podDisruptionBudget: { minAvailable: 1 } },
    },
  },
  // istio-discovery templates/service.yaml: the Service is "istiod", "istiod-<revision>"
  // when a revision is set; the release name plays no part. Ports 15012 https-dns (xDS
  // over mTLS), 443 https-webhook, 15014 http-monitoring.
  exports: {
    xds: { chart: 'istiod', service: 'istiod{-values.revision}', port: 15012, scheme: 'grpc' },
    webhook: { chart: 'istiod', service: 'istiod{-values.revision}', port: 443, scheme: 'https' },
    monitoring: { chart: 'istiod', service: 'istiod{-values.revision}', port: 15014, scheme: 'http' },
    // gateway templates/_helpers.tpl gateway.name = .Values.name or the release name;
    // values.yaml service ports 80 (http2) and 443 (https), type LoadBalancer.
    'gateway-http': { chart: 'gateway', service: '{values.name|release}', port: 80, scheme: 'http' },
    'gateway-https': { chart: 'gateway', service: '{values.name|release}', port: 443, scheme: 'https' },
    'gateway-status': { chart: 'gateway', service: '{values.name|release}', port: 15021, scheme: 'http' },
  },
}
