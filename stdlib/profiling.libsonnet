// Pyroscope's eBPF profiling path (SPEC section 9), emitted as extra resources of the
// pyroscope component: an eBPF profiler DaemonSet sends OTLP profiles to an OpenTelemetry
// Collector, which forwards them to Pyroscope. Every address is filled in by kalypsoc;
// ConfigMap data given as objects is written as YAML text by the compiler.
//
// Facts:
// - Pyroscope 1.18 accepts OTLP profiles (gRPC, plaintext h2c) on its HTTP port 4040
//   (grafana/pyroscope v1.18.0 pkg/ingester/otlp/ingest_handler.go, pkg/api/api.go).
// - The collector needs --feature-gates=service.profilesSupport; the pyroscope v1.18.0
//   example (examples/grafana-alloy-auto-instrumentation/ebpf-otel) uses a `profiles`
//   pipeline from the `otlp` receiver to an `otlp` exporter with tls.insecure, and mounts
//   /sys/kernel/debug, /proc and /sys/fs/cgroup into a privileged hostPID profiler.
// - The supported profiler is the collector distribution otelcol-ebpf-profiler (its
//   `profiling` receiver); image otel/opentelemetry-collector-ebpf-profiler
//   (open-telemetry/opentelemetry-collector-releases distributions/otelcol-ebpf-profiler).
// - Collector 0.141.0: the exporter is still named `otlp` (renamed otlp_grpc in 0.144).
local collectorVersion = '0.141.0';
local labels(app) = { 'app.kubernetes.io/name': app, 'app.kubernetes.io/part-of': '${self.name}' };
local collectorName = '${self.otlp-profiles.service}';
local profilerName = '${self.name}-ebpf-profiler';
{
  'otel-profiles-collector.yaml': [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: collectorName, namespace: '${self.namespace}', labels: labels('otel-profiles-collector') },
      data: {
        'config.yaml': ({
          receivers: { otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' } } } },
          // No batch processor: profiles go straight through.
          exporters: { otlp: { endpoint: '${self.http.host}:${self.http.port}', tls: { insecure: true } } },
          service: { pipelines: { profiles: { receivers: ['otlp'], exporters: ['otlp'] } } },
        }),
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: collectorName, namespace: '${self.namespace}', labels: labels('otel-profiles-collector') },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels('otel-profiles-collector') },
        template: {
          metadata: { labels: labels('otel-profiles-collector') },
          spec: {
            containers: [{
              name: 'collector',
              image: 'otel/opentelemetry-collector-contrib:' + collectorVersion,
              args: ['--config=/conf/config.yaml', '--feature-gates=service.profilesSupport'],
              ports: [{ name: 'otlp-grpc', containerPort: 4317, protocol: 'TCP' }],
              volumeMounts: [{ name: 'config', mountPath: '/conf', readOnly: true }],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
            }],
            volumes: [{ name: 'config', configMap: { name: collectorName } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: collectorName, namespace: '${self.namespace}', labels: labels('otel-profiles-collector') },
      spec: {
        selector: labels('otel-profiles-collector'),
        ports: [{ name: 'otlp-grpc', port: 4317, targetPort: 'otlp-grpc', protocol: 'TCP' }],
      },
    },
  ],
  'otel-ebpf-profiler.yaml': [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: profilerName, namespace: '${self.namespace}', labels: labels('otel-ebpf-profiler') },
      data: {
        'config.yaml': ({
          receivers: { profiling: {} },
          exporters: { otlp: { endpoint: '${self.otlp-profiles.address}', tls: { insecure: true } } },
          service: { pipelines: { profiles: { receivers: ['profiling'], exporters: ['otlp'] } } },
        }),
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: profilerName, namespace: '${self.namespace}', labels: labels('otel-ebpf-profiler') },
      spec: {
        selector: { matchLabels: labels('otel-ebpf-profiler') },
        template: {
          metadata: { labels: labels('otel-ebpf-profiler') },
          spec: {
            hostPID: true,
            tolerations: [{ operator: 'Exists' }],
            containers: [{
              name: 'profiler',
              image: 'otel/opentelemetry-collector-ebpf-profiler:' + collectorVersion,
              args: ['--config=/conf/config.yaml', '--feature-gates=service.profilesSupport'],
              securityContext: { privileged: true, runAsUser: 0 },
              volumeMounts: [
                { name: 'config', mountPath: '/conf', readOnly: true },
                { name: 'debugfs', mountPath: '/sys/kernel/debug' },
                { name: 'proc', mountPath: '/proc', readOnly: true },
                { name: 'cgroup', mountPath: '/sys/fs/cgroup', readOnly: true },
              ],
              resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
            }],
            volumes: [
              { name: 'config', configMap: { name: profilerName } },
              { name: 'debugfs', hostPath: { path: '/sys/kernel/debug' } },
              { name: 'proc', hostPath: { path: '/proc' } },
              { name: 'cgroup', hostPath: { path: '/sys/fs/cgroup' } },
            ],
          },
        },
      },
    },
  ],
}
