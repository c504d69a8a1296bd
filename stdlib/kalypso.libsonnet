// The stdlib entry point: every component kind by name, and catalog(), which the compiler's
// one Jsonnet evaluation calls for the definitions of the kinds a stack uses.
local kinds = {
  otel: import 'otel.libsonnet',
  telemetry: import 'telemetry.libsonnet',
  istio: import 'istio.libsonnet',
  minio: import 'minio.libsonnet',
  mimir: import 'mimir.libsonnet',
  tempo: import 'tempo.libsonnet',
  loki: import 'loki.libsonnet',
  pyroscope: import 'pyroscope.libsonnet',
  grafana: import 'grafana.libsonnet',
  'kube-prometheus-stack': import 'kube_prometheus_stack.libsonnet',
  'argo-cd': import 'argo_cd.libsonnet',
  metallb: import 'metallb.libsonnet',
  'cert-manager': import 'cert_manager.libsonnet',
  kyverno: import 'kyverno.libsonnet',
  alloy: import 'alloy.libsonnet',
  helm: import 'helm_kind.libsonnet',
  manifests: import 'manifests.libsonnet',
};

// Reads a field defensively: the stack may not have passed validation yet (Jsonnet
// stacks are evaluated before the schema check), so never fail on a wrong shape here.
local field(o, k, default) = if std.isObject(o) && std.objectHas(o, k) then o[k] else default;
local obj(o, k) = local v = field(o, k, {}); if std.isObject(v) then v else {};

{
  kinds: kinds,

  // The definitions of `names` (the kinds a stack uses; unknown names are skipped, the
  // compiler reports them) and the names of every kind.
  catalog(names):: {
    kindNames: std.objectFields(kinds),
    kinds: { [k]: kinds[k] for k in std.set(names) if std.objectHas(kinds, k) },
  },

  // The same for a Jsonnet stack, from its components (read defensively: the stack has not
  // been validated yet when this runs).
  catalogFor(stack)::
    local comps = obj(stack, 'components');
    local usable(c) = std.isObject(c) && std.isString(field(c, 'kind', null)) && field(c, 'enabled', true) != false;
    self.catalog([comps[n].kind for n in std.objectFields(comps) if usable(comps[n])]),
}
