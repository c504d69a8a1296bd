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
      // configs.cm passes keys through to argocd-cm (templates/_helpers.tpl argo-cd.config.cm:
      // every key but create/annotations, toString): the trees kalypsoc writes need helm.
      configs: { cm: { 'kustomize.buildOptions': '--enable-helm' } },
    },
  }],
  // The Redis password Secret is made at run time by the redis-secret-init Job
  // (templates/redis-secret-init/job.yaml:1,42 `argocd admin redis-initial-password`), its
  // name hard-coded "argocd-redis" whatever the release (templates/_helpers.tpl:313).
  runtimeSecrets: [{ name: 'argocd-redis', keys: ['auth'] }],
  // What the stack's own `argocd.ordering` needs from the ArgoCD it deploys (README, "ArgoCD
  // prerequisites"), by ordering, then chart.
  orderingValues: {
    // configs.params -> argocd-cmd-params-cm (argo-cd.config.params: every key but
    // create/annotations, toString): RollingSync needs progressive syncs in the controller.
    progressive: { 'argo-cd': { configs: { params: { 'applicationsetcontroller.enable.progressive.syncs': true } } } },
    // The Application health check ArgoCD dropped from its defaults in 1.8: without it a
    // parent does not wait for a child wave to be healthy. configs.cm -> argocd-cm.
    'app-of-apps': { 'argo-cd': { configs: { cm: { 'resource.customizations.health.argoproj.io_Application': |||
      hs = {}
      hs.status = "Progressing"
      hs.message = ""
      if obj.status ~= nil then
        if obj.status.health ~= nil then
          hs.status = obj.status.health.status
          if obj.status.health.message ~= nil then
            hs.message = obj.status.health.message
          end
        end
      end
      return hs
    ||| } } } },
  },
  // The server serves the UI over TLS on 443; with configs.params server.insecure: true
  // (TLS ended in front of it) only plain HTTP, on either port: port-forward to 80 then.
  ui: [{ endpoint: 'server-https', localPort: 8080, title: 'ArgoCD', plainWhen: '/configs/params/server.insecure', plainEndpoint: 'server' }],
  exports: {
    // templates/argocd-server/service.yaml: <fullname>-server, http 80 / https 443 -> 8080.
    server: { service: '{fullname}-server', port: 80, scheme: 'http' },
    'server-https': { service: '{fullname}-server', port: 443, scheme: 'https' },
    // templates/argocd-repo-server/service.yaml: <fullname>-repo-server, 8081.
    'repo-server': { service: '{fullname}-repo-server', port: 8081, scheme: 'grpc' },
  },
}
