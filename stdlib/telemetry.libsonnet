// Kind `telemetry`: the OpenTelemetry path for traces, metrics and logs. eBPF auto-instrumentation
// (chart opentelemetry-ebpf-instrumentation) feeds an OpenTelemetry Collector whose exporters and
// pipelines kalypsoc builds from the component's `telemetry:` targets (their kinds' `ingest`).
// Facts: open-telemetry/opentelemetry-helm-charts charts/opentelemetry-ebpf-instrumentation 0.4.3
// (appVersion v0.4.1; ../shared/charts/opentelemetry-ebpf-instrumentation-0.4.3).
//
// Why a Deployment and not the operator's OpenTelemetryCollector resource: the Service a CR
// gets exists only once the operator has reconciled it (named by operator code, not by any
// chart this tree renders), so neither `kustomize build` nor `kalypsoc verify` could prove the
// address the instrumentation sends to; a plain Deployment + Service is rendered here and
// checked like every other address, needs no CRD from an earlier wave, and runs unchanged on
// a cluster without the operator. The operator (kind `otel`) stays for SDK Instrumentation.
local collectorVersion = '0.141.0';  // as profiling.libsonnet: `otlp` / `otlphttp` exporter names
local labels = { 'app.kubernetes.io/name': 'otel-collector', 'app.kubernetes.io/part-of': '${self.name}' };
local name = '${self.otlp-grpc.service}';
{
  description: 'OpenTelemetry path: eBPF auto-instrumentation + a Collector sending traces, metrics and logs to the stack',
  charts: [{
    name: 'opentelemetry-ebpf-instrumentation',
    // Chart.yaml sources: open-telemetry/opentelemetry-helm-charts (published on its Pages).
    repo: 'https://open-telemetry.github.io/opentelemetry-helm-charts',
    version: '0.4.3',
    // A privileged hostPID DaemonSet (templates/daemonset.yaml: preset application ->
    // hostPID: true; values.yaml privileged: true): left out when the stack says `ebpf: false`.
    ebpf: true,
    // templates/_helpers.tpl obi.fullname: the common contains-rule over the chart name.
    values: {},
  }],
  // Chart values naming this component's own endpoints (filled in by the compiler).
  selfValues: {
    'opentelemetry-ebpf-instrumentation': {
      // values.yaml config.data: otel_traces_export.endpoint "http://${HOST_IP}:4317" and
      // otel_metrics_export.endpoint "http://${HOST_IP}:4318" (a collector on every node);
      // here the stack's Collector, same ports and protocols.
      config: { data: {
        otel_traces_export: { endpoint: 'http://${self.otlp-grpc.address}' },
        otel_metrics_export: { endpoint: 'http://${self.otlp-http.address}' },
      } },
    },
  },
  // Signals a `telemetry:` target may receive from this collector.
  collects: ['traces', 'metrics', 'logs'],
  resources: {
    'otel-collector.yaml': [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: name, namespace: '${self.namespace}', labels: labels },
        data: {
          'config.yaml': {
            receivers: { otlp: { protocols: {
              grpc: { endpoint: '0.0.0.0:4317' },
              http: { endpoint: '0.0.0.0:4318' },
            } } },
            processors: { batch: {} },
            // One exporter per target, one pipeline per signal (compiler/wire.cc).
            exporters: '${telemetry.exporters}',
            service: { pipelines: '${telemetry.pipelines}' },
          },
        },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: name, namespace: '${self.namespace}', labels: labels },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels: labels },
            spec: {
              containers: [{
                name: 'collector',
                image: 'otel/opentelemetry-collector-contrib:' + collectorVersion,
                args: ['--config=/conf/config.yaml'],
                ports: [
                  { name: 'otlp-grpc', containerPort: 4317, protocol: 'TCP' },
                  { name: 'otlp-http', containerPort: 4318, protocol: 'TCP' },
                ],
                volumeMounts: [{ name: 'config', mountPath: '/conf', readOnly: true }],
                resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
              }],
              volumes: [{ name: 'config', configMap: { name: name } }],
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: name, namespace: '${self.namespace}', labels: labels },
        spec: {
          selector: labels,
          ports: [
            { name: 'otlp-grpc', port: 4317, targetPort: 'otlp-grpc', protocol: 'TCP' },
            { name: 'otlp-http', port: 4318, targetPort: 'otlp-http', protocol: 'TCP' },
          ],
        },
      },
    ],
  },
  profiles: {
    // values.yaml resources: {} with 100m / 128Mi suggested in its comment.
    small: { 'opentelemetry-ebpf-instrumentation': { resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } } } },
  },
  exports: {
    // The Collector Service above: OTLP gRPC 4317 and OTLP HTTP 4318.
    'otlp-grpc': { service: '{component}-otel-collector', port: 4317, scheme: 'grpc' },
    'otlp-http': { service: '{component}-otel-collector', port: 4318, scheme: 'http' },
  },
}
