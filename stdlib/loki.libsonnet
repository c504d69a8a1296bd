// Kind `loki`: Grafana Loki, single binary behind the chart's gateway, chunks on S3.
// Facts: grafana/loki production/helm/loki, chart 6.49.0 (commit 0edc65d96e95331b094b120a07fe2ea3e4281c3c).
local s3 = import 's3.libsonnet';
{
  description: 'Grafana Loki: logs, single binary behind the gateway, S3 storage',
  charts: [{
    name: 'loki',
    // templates/_helpers.tpl `loki.name` is the literal "loki" (or nameOverride) and
    // `loki.fullname` the usual contains-rule on it; trunc 63.
    repo: 'https://grafana.github.io/helm-charts',
    version: '6.49.0',
    values: {
      // values.yaml deploymentMode: SimpleScalable (3 write, 3 read, 3 backend replicas).
      deploymentMode: 'SingleBinary',
      singleBinary: { replicas: 1 },
      write: { replicas: 0 },
      read: { replicas: 0 },
      backend: { replicas: 0 },
      loki: {
        // values.yaml auth_enabled: true would make every client send X-Scope-OrgID.
        auth_enabled: false,
        // values.yaml commonConfig.replication_factor: 3 (for 3 write replicas).
        commonConfig: { replication_factor: 1 },
        // templates/validate.yaml fails when schemaConfig is empty.
        schemaConfig: { configs: [{ from: '2024-04-01', store: 'tsdb', object_store: 's3', schema: 'v13', index: { prefix: 'index_', period: '24h' } }] },
      },
      // values.yaml chunksCache.allocatedMemory: 8192 requests ~9.8 GiB.
      chunksCache: { allocatedMemory: 1024 },
    },
  }],
  // Sizing over the single-binary skeleton. values.yaml chunksCache.allocatedMemory 8192 (1024
  // above), resultsCache.allocatedMemory 1024; `ha` is the chart's own SimpleScalable shape
  // (3 write / 3 read / 3 backend, replication_factor 3).
  profiles: {
    small: { loki: { chunksCache: { allocatedMemory: 512 }, resultsCache: { allocatedMemory: 256 } } },
    ha: { loki: {
      deploymentMode: 'SimpleScalable',
      singleBinary: { replicas: 0 },
      write: { replicas: 3 },
      read: { replicas: 3 },
      backend: { replicas: 3 },
      loki: { commonConfig: { replication_factor: 3 } },
    } },
  },
  storage: {
    // No admin bucket: bucketNames.admin is read only by the enterprise Admin API
    // (templates/_helpers.tpl:1045, enterprise.enabled; verify --unused-values found it).
    buckets: { chunks: 'loki-chunks', ruler: 'loki-ruler' },
    secret: s3.secret,
    secretKeys: s3.secretKeys,
    values: {
      loki: { storage: {
        type: 's3',
        // templates/_helpers.tpl: required "Please define loki.storage.bucketNames.chunks"
        // (and .ruler, since ruler.enabled defaults to true).
        bucketNames: { chunks: '${buckets.chunks}', ruler: '${buckets.ruler}' },
        // values.yaml loki.storage.s3 keys, mapped by loki.lokiStorageConfig.
        s3: {
          endpoint: '${storage.endpoint}',
          region: '${storage.region}',
          accessKeyId: s3.accessKeyRef,
          secretAccessKey: s3.secretKeyRef,
          s3ForcePathStyle: true,
          insecure: '${storage.insecure}',
        },
      } },
      // No template passes -config.expand-env=true. Each target reads its own extraArgs and
      // extraEnvFrom: singleBinary.* (templates/single-binary/statefulset.yaml:99,116), and in
      // SimpleScalable (profile ha) read.* (templates/read/deployment-read.yaml:78,95),
      // write.* (templates/write/statefulset-write.yaml:89,106), backend.*
      // (templates/backend/statefulset-backend.yaml:87,104), each concat'ed with global.*.
      // Not global.*: global.extraEnvFrom would hand the S3 keys to the memcached caches
      // (templates/memcached/_memcached-statefulset.tpl; verify --unused-values found it).
      singleBinary: { extraArgs: ['-config.expand-env=true'], extraEnvFrom: s3.envFrom },
      read: { extraArgs: ['-config.expand-env=true'], extraEnvFrom: s3.envFrom },
      write: { extraArgs: ['-config.expand-env=true'], extraEnvFrom: s3.envFrom },
      backend: { extraArgs: ['-config.expand-env=true'], extraEnvFrom: s3.envFrom },
      // Chart.yaml: minio 5.4.0 subchart, condition minio.enabled (default false).
      minio: { enabled: false },
    },
  },
  // Chart defaults that run a `latest` image (policy.forbid: latest-tag): values.yaml
  // test.enabled true with test.image.tag "latest" (templates/tests/test-canary.yaml).
  latestDefaults: [
    { chart: 'loki', image: 'docker.io/grafana/loki-helm-test', path: '/test/image/tag', unless: '/test/enabled', fix: { test: { enabled: false } } },
  ],
  features: {
    // The minio 5.4.0 subchart renders StatefulSet <minio fullname> (mode distributed by
    // default: charts/minio/templates/statefulset.yaml), found by rendering minio.enabled=true.
    'bundled-minio': {
      checks: [{ path: '/minio/enabled', default: false }],
      off: { minio: { enabled: false } },
      workloads: [{ kind: 'StatefulSet', name: '{subchart:minio}' }],
    },
  },
  // Well-known defaults that must never be rendered (verify): the bundled minio's root and
  // user password (values.yaml:4016, 4022).
  defaultCredentials: [{ value: 'supersecretpassword', fact: 'loki 6.49.0 values.yaml:4016 minio.rootPassword' }],
  // What a `telemetry:` collector sends here: OTLP/HTTP logs to the gateway's /otlp/v1/logs
  // (loki 6.49 native OTLP ingestion; auth_enabled false above, so no tenant header).
  ingest: {
    logs: { endpoint: 'otlp', exporter: 'otlphttp', config: { logs_endpoint: '${target.url}' } },
  },
  datasource: {
    endpoint: 'query',
    entry: { name: '${datasource.name}', uid: '${datasource.uid}', type: 'loki', access: 'proxy', url: '${datasource.url}' },
    links: {
      // Grafana provisioning expands $VAR, so Grafana's own ${__value.raw} is written $${...}.
      tempo: { jsonData: { derivedFields: [{ name: 'TraceID', datasourceUid: '${peer.uid}', matcherRegex: '(?:traceID|trace_id)=(\\w+)', url: '$$${__value.raw}' }] } },
    },
  },
  exports: {
    // templates/gateway/service-gateway.yaml: loki.gatewayFullname = <fullname>-gateway,
    // port gateway.service.port (80); nginx routes /loki/api/v1/push and /loki/api/v1/.
    query: { service: '{fullname}-gateway', port: 80, scheme: 'http' },
    push: { service: '{fullname}-gateway', port: 80, scheme: 'http', path: '/loki/api/v1/push' },
    // templates/_helpers.tpl loki.nginxFile: `location = /otlp/v1/logs` -> the distributor.
    otlp: { service: '{fullname}-gateway', port: 80, scheme: 'http', path: '/otlp/v1/logs' },
  },
}
