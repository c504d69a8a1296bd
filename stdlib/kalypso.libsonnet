// The stdlib entry point: every component kind by name, and catalog(stack), which the
// compiler's one Jsonnet evaluation calls to instantiate the kinds a stack uses.
local kinds = {
  otel: import 'otel.libsonnet',
  istio: import 'istio.libsonnet',
  minio: import 'minio.libsonnet',
  mimir: import 'mimir.libsonnet',
  tempo: import 'tempo.libsonnet',
  loki: import 'loki.libsonnet',
  pyroscope: import 'pyroscope.libsonnet',
  grafana: import 'grafana.libsonnet',
  helm: import 'helm_kind.libsonnet',
};

// Reads a field defensively: the stack may not have passed validation yet (Jsonnet
// stacks are evaluated before the schema check), so never fail on a wrong shape here.
local field(o, k, default) = if std.isObject(o) && std.objectHas(o, k) then o[k] else default;
local str(o, k, default) = local v = field(o, k, default); if std.isString(v) then v else default;
local obj(o, k) = local v = field(o, k, {}); if std.isObject(v) then v else {};

{
  kinds: kinds,

  catalog(stack)::
    local comps = obj(stack, 'components');
    local usable(c) = std.isObject(c) && std.isString(field(c, 'kind', null)) &&
                      std.objectHas(kinds, c.kind) && field(c, 'enabled', true) != false;
    local names = [n for n in std.objectFields(comps) if usable(comps[n])];
    local used = std.set([comps[n].kind for n in names]);
    {
      kindNames: std.objectFields(kinds),
      kinds: { [k]: kinds[k] for k in used },
    },
}
