// Kind `tempo`: Grafana Tempo, distributed, traces on S3.
// Facts: grafana/helm-charts charts/tempo-distributed, chart 1.60.0 (commit 789dbc8b44725f7be9d0a9b04acd0d7236b3f25d).
local s3 = import 's3.libsonnet';
{
  description: 'Grafana Tempo (tempo-distributed): traces, OTLP in, S3 storage',
  charts: [{
    name: 'tempo-distributed',
    // templates/_helpers.tpl `tempo.fullname`: the name is the literal "tempo" (not the
    // chart name) unless nameOverride; release kept when it contains it; trunc 63.
    naming: { name: 'tempo' },
    repo: 'https://grafana.github.io/helm-charts',
    version: '1.60.0',
    values: {
      // values.yaml traces.otlp.{grpc,http}.enabled default false: no OTLP receiver at all.
      traces: { otlp: { grpc: { enabled: true }, http: { enabled: true } } },
    },
  }],
  // Sizing. values.yaml ingester.replicas 3 with ingester.config.replication_factor 3;
  // distributor, querier, queryFrontend, compactor replicas 1; ingester.zoneAwareReplication
  // is "EXPERIMENTAL" and off (so `ha` leaves it off); PDBs are on for the components that
  // have them (podDisruptionBudget.enabled true / maxUnavailable 1).
  profiles: {
    small: { 'tempo-distributed': { ingester: { replicas: 1, config: { replication_factor: 1 } } } },
    ha: { 'tempo-distributed': { distributor: { replicas: 2 }, querier: { replicas: 2 }, queryFrontend: { replicas: 2 } } },
  },
  storage: {
    buckets: { traces: 'tempo-traces' },
    secret: s3.secret,
    secretKeys: s3.secretKeys,
    values: {
      // values.yaml storage.trace.backend defaults to local; the s3 map is copied into
      // tempo.yaml as is (templates/configmap-tempo.yaml), so it uses Tempo 2.9's own keys
      // (grafana/tempo v2.9.0 tempodb/backend/s3/config.go: bucket, endpoint, region,
      // access_key, secret_key, insecure, forcepathstyle).
      storage: { trace: { backend: 's3', s3: {
        bucket: '${buckets.traces}',
        endpoint: '${storage.endpoint}',
        region: '${storage.region}',
        access_key: s3.accessKeyRef,
        secret_key: s3.secretKeyRef,
        insecure: '${storage.insecure}',
        forcepathstyle: true,
      } } },
      // The chart does not pass -config.expand-env=true to distributor, ingester, querier,
      // query-frontend or compactor (only enterprise templates do); global.extraArgs and
      // global.extraEnvFrom reach every component (templates/*/deployment-*.yaml).
      global: { extraArgs: ['-config.expand-env=true'], extraEnvFrom: s3.envFrom },
      // Chart.yaml: minio subchart, condition minio.enabled (values.yaml default false).
      minio: { enabled: false },
    },
  },
  features: {
    // The minio 4.1.0 subchart renders Deployment <minio fullname> (tempo's values.yaml sets
    // minio.mode: standalone; charts/minio/templates/deployment.yaml), found by rendering it on.
    'bundled-minio': {
      checks: [{ path: '/minio/enabled', default: false }],
      off: { minio: { enabled: false } },
      workloads: [{ kind: 'Deployment', name: '{subchart:minio}' }],
    },
  },
  // Well-known default that must never be rendered (verify): values.yaml:2034 minio.rootPassword.
  defaultCredentials: [{ value: 'supersecret', fact: 'tempo-distributed 1.60.0 values.yaml:2034 minio.rootPassword' }],
  // What a `telemetry:` collector sends here: OTLP gRPC to the distributor (enabled above).
  ingest: {
    traces: { endpoint: 'otlp-grpc', exporter: 'otlp', config: { endpoint: '${target.address}', tls: { insecure: true } } },
  },
  datasource: {
    endpoint: 'query',
    entry: { name: '${datasource.name}', uid: '${datasource.uid}', type: 'tempo', access: 'proxy', url: '${datasource.url}' },
    links: {
      loki: { jsonData: { tracesToLogsV2: { datasourceUid: '${peer.uid}', spanStartTimeShift: '-5m', spanEndTimeShift: '5m', filterByTraceID: true } } },
      pyroscope: { jsonData: { tracesToProfiles: { datasourceUid: '${peer.uid}', profileTypeId: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds', tags: [{ key: 'service.name', value: 'service_name' }] } } },
      mimir: { jsonData: { serviceMap: { datasourceUid: '${peer.uid}' } } },
    },
  },
  exports: {
    // templates/query-frontend/service-query-frontend.yaml: <fullname>-query-frontend,
    // port http-metrics = server.httpListenPort (3200 at 1.60.0).
    query: { service: '{fullname}-query-frontend', port: 3200, scheme: 'http' },
    // templates/distributor/service-distributor.yaml: <fullname>-distributor, OTLP ports
    // 4317 (grpc) and 4318 (http) when traces.otlp.*.enabled.
    'otlp-grpc': { service: '{fullname}-distributor', port: 4317, scheme: 'grpc' },
    'otlp-http': { service: '{fullname}-distributor', port: 4318, scheme: 'http' },
  },
}
