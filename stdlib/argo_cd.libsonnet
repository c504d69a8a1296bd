// Kind `argo-cd`: Argo CD itself.
// Facts: argoproj/argo-helm charts/argo-cd, chart 10.1.1 (Argo CD v3.4.4; tag argo-cd-10.1.1,
// commit af0a9310).
{
  description: 'Argo CD',
  // The ApplicationSet CRD is ~340,807 bytes, over the 262,144-byte client-side apply limit
  // (the chart annotates its CRDs with ServerSideApply=true as well).
  syncOptions: ['ServerSideApply=true'],
  charts: [{
    name: 'argo-cd',
    repo: 'https://argoproj.github.io/argo-helm',
    version: '10.1.1',
    // values.yaml:6 nameOverride: argocd, so the common fullname rule names everything
    // "argocd-*" for release "argocd" and "<release>-argocd-*" otherwise.
    naming: { defaults: { nameOverride: 'argocd' } },
    values: {
      // configs.cm passes keys through to argocd-cm: the trees kalypsoc writes need helm.
      configs: { cm: { 'kustomize.buildOptions': '--enable-helm' } },
    },
  }],
  // The Redis password Secret is made at run time by the redis-secret-init Job
  // (templates/redis-secret-init/job.yaml:1,42 `argocd admin redis-initial-password`), its
  // name hard-coded "argocd-redis" whatever the release (templates/_helpers.tpl:313).
  runtimeSecrets: [{ name: 'argocd-redis', keys: ['auth'] }],
  exports: {
    // templates/argocd-server/service.yaml: <fullname>-server, http 80 / https 443 -> 8080.
    server: { service: '{fullname}-server', port: 80, scheme: 'http' },
    'server-https': { service: '{fullname}-server', port: 443, scheme: 'https' },
    // templates/argocd-repo-server/service.yaml: <fullname>-repo-server, 8081.
    'repo-server': { service: '{fullname}-repo-server', port: 8081, scheme: 'grpc' },
  },
}
