// Kind `istio`: Istio base (CRDs, cluster roles) and istiod; the ingress gateway chart is
// optional (charts.gateway.enabled: true).
// Facts: istio/istio manifests/charts at tag 1.28.3 (commit 4c1f845d839e9086ee85ad9337f2647492322eb4).
local helm = import 'helm.libsonnet';
{
  description: 'Istio service mesh: base + istiod (+ optional gateway)',
  charts: [
    {
      name: 'base',
      repo: 'https://istio-release.storage.googleapis.com/charts',
      version: '1.28.3',
      values: { defaultRevision: 'default' },
    },
    {
      name: 'istiod',
      repo: 'https://istio-release.storage.googleapis.com/charts',
      version: '1.28.3',
      values: {},
    },
    {
      name: 'gateway',
      repo: 'https://istio-release.storage.googleapis.com/charts',
      version: '1.28.3',
      optional: true,
      values: {},
    },
  ],
  instance(c):: {
    local rel(chart, default) = local o = helm.at(c.charts, [chart]); if std.isString(std.get(o, 'release', null)) then o.release else default,
    local gw = rel('gateway', c.release + '-gateway'),
    local istiodValues = helm.at(c.charts, ['istiod', 'values']),
    local revision = std.get(istiodValues, 'revision', ''),
    // istio-discovery templates/service.yaml: the Service is "istiod", "istiod-<revision>"
    // when a revision is set; the release name plays no part.
    local istiod = if std.isString(revision) && revision != '' then 'istiod-' + revision else 'istiod',
    // gateway templates/_helpers.tpl gateway.name = .Values.name or the release name.
    charts: [{ release: rel('base', c.release + '-base') }, { release: rel('istiod', 'istiod') }, { release: gw }],
    exports: {
      // ports 15010 grpc-xds, 15012 https-dns (xDS over mTLS), 443 https-webhook,
      // 15014 http-monitoring.
      xds: { service: istiod, port: 15012, scheme: 'grpc' },
      webhook: { service: istiod, port: 443, scheme: 'https' },
      monitoring: { service: istiod, port: 15014, scheme: 'http' },
    } + if std.get(helm.at(c.charts, ['gateway']), 'enabled', false) == true then {
      local gwValues = helm.at(c.charts, ['gateway', 'values']),
      local gwName = if std.isString(std.get(gwValues, 'name', null)) && gwValues.name != '' then gwValues.name else gw,
      // gateway values.yaml service ports 80 (http2) and 443 (https), type LoadBalancer.
      'gateway-http': { service: gwName, port: 80, scheme: 'http' },
      'gateway-https': { service: gwName, port: 443, scheme: 'https' },
    } else {
    },
  },
}
