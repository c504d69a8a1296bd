// Kind `pyroscope`: Grafana Pyroscope (single binary), profiles on S3.
// Facts: grafana/pyroscope operations/pyroscope/helm/pyroscope, chart 1.18.0 (commit c1d2ce619d7eb7f0817bad074ecf71714b8610df).
local s3 = import 's3.libsonnet';
local profiling = import 'profiling.libsonnet';
{
  description: 'Grafana Pyroscope: continuous profiling, S3 storage',
  charts: [{
    name: 'pyroscope',
    // templates/_helpers.tpl `pyroscope.fullname`: chart name "pyroscope", overrides under
    // pyroscope.nameOverride / pyroscope.fullnameOverride; contains-rule; trunc 63.
    naming: { overrides: 'pyroscope' },
    repo: 'https://grafana.github.io/helm-charts',
    version: '1.18.0',
    values: {},
  }],
  storage: {
    buckets: { profiles: 'pyroscope-profiles' },
    secret: s3.secret,
    secretKeys: s3.secretKeys,
    values: {
      pyroscope: {
        // values.yaml: pyroscope.structuredConfig is merged over pyroscope.config; S3 keys
        // from Pyroscope 1.18 pkg/objstore (backend s3: endpoint, bucket_name, ...).
        structuredConfig: { storage: { backend: 's3', s3: {
          endpoint: '${storage.endpoint}',
          bucket_name: '${buckets.profiles}',
          region: '${storage.region}',
          access_key_id: s3.accessKeyRef,
          secret_access_key: s3.secretKeyRef,
          insecure: '${storage.insecure}',
          force_path_style: true,
        } } },
        // pyroscope.extraArgs entries become -key=value; the chart never sets
        // config.expand-env. pyroscope.extraEnvFrom is the container's envFrom.
        extraArgs: { 'config.expand-env': 'true' },
        extraEnvFrom: s3.envFrom,
      },
      minio: { enabled: false },
    },
  },
  features: {
    // values.yaml alloy.enabled: true (bundled Alloy subchart) at 1.18.0; chart 1.5.0 had
    // agent.enabled: true (grafana-agent subchart) instead.
    // Each renders one StatefulSet named by its subchart's fullname (found by rendering it on):
    // charts/alloy (controller.type statefulset in pyroscope's values.yaml alloy block),
    // charts/grafana-agent (alias agent), charts/minio 4.1.0 (mode distributed).
    alloy: {
      checks: [{ path: '/alloy/enabled', default: true }],
      off: { alloy: { enabled: false } },
      workloads: [{ kind: 'StatefulSet', name: '{subchart:alloy}' }],
    },
    'grafana-agent': {
      checks: [{ path: '/agent/enabled', default: false }],
      off: { agent: { enabled: false } },
      workloads: [{ kind: 'StatefulSet', name: '{subchart:agent}' }],
    },
    'bundled-minio': {
      checks: [{ path: '/minio/enabled', default: false }],
      off: { minio: { enabled: false } },
      workloads: [{ kind: 'StatefulSet', name: '{subchart:minio}' }],
    },
  },
  // The eBPF profiling path: profiler DaemonSet -> collector -> Pyroscope.
  resources: profiling,
  // Well-known default that must never be rendered (verify): values.yaml:505 minio.rootPassword.
  defaultCredentials: [{ value: 'supersecret', fact: 'pyroscope 1.18.0 values.yaml:505 minio.rootPassword' }],
  // The privileged hostPID profiler DaemonSet; left out when the stack says `ebpf: false`.
  ebpfResources: ['otel-ebpf-profiler.yaml'],
  datasource: {
    endpoint: 'http',
    entry: { name: '${datasource.name}', uid: '${datasource.uid}', type: 'grafana-pyroscope-datasource', access: 'proxy', url: '${datasource.url}' },
  },
  exports: {
    // templates/services.yaml: Service <fullname>, port 4040 (HTTP and OTLP profiles).
    http: { service: '{fullname}', port: 4040, scheme: 'http' },
    // The profiles collector kalypsoc adds (profiling.libsonnet), OTLP gRPC.
    'otlp-profiles': { service: '{component}-otel-collector', port: 4317, scheme: 'grpc' },
  },
}
