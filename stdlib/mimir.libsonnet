// Kind `mimir`: Grafana Mimir (mimir-distributed), classic architecture possible, S3 storage.
// Facts: grafana/mimir operations/helm/charts/mimir-distributed, chart 6.0.4
// (commit 30ef07805c2d45dfc77bb7d7d2e95d2d6740b579: Chart.yaml, values.yaml, CHANGELOG.md).
local s3 = import 's3.libsonnet';
{
  description: 'Grafana Mimir (mimir-distributed): metrics, S3 storage',
  charts: [{
    name: 'mimir-distributed',
    // templates/_helpers.tpl `mimir.fullname`: the name is `mimir.infixName` ("mimir", not
    // the chart name) or nameOverride; contains-rule; trunc 63.
    naming: { name: 'mimir' },
    repo: 'https://grafana.github.io/helm-charts',
    version: '6.0.4',
    values: {},
  }],
  storage: {
    // Mimir refuses to start when blocks, alertmanager and ruler share a bucket and prefix.
    buckets: { blocks: 'mimir-blocks', alertmanager: 'mimir-alertmanager', ruler: 'mimir-ruler' },
    secret: s3.secret,
    secretKeys: s3.secretKeys,
    values: {
      // values.yaml minio.enabled: true; while on, the config template points every store
      // at the bundled MinIO.
      minio: { enabled: false },
      mimir: { structuredConfig: {
        // values.yaml comment: common.storage.backend s3 with ${AWS_...} env references;
        // the chart passes -config.expand-env=true to its components itself.
        common: { storage: { backend: 's3', s3: {
          endpoint: '${storage.endpoint}',
          region: '${storage.region}',
          insecure: '${storage.insecure}',
          access_key_id: s3.accessKeyRef,
          secret_access_key: s3.secretKeyRef,
        } } },
        blocks_storage: { s3: { bucket_name: '${buckets.blocks}' } },
        alertmanager_storage: { s3: { bucket_name: '${buckets.alertmanager}' } },
        ruler_storage: { s3: { bucket_name: '${buckets.ruler}' } },
      } },
      // values.yaml global.extraEnvFrom: "- secretRef: name: mysecret".
      global: { extraEnvFrom: s3.envFrom },
    },
  },
  features: {
    // values.yaml kafka.enabled: true, and the mimir.config template hard-codes
    // ingest_storage.enabled: true; docs migrate-helm-chart-5.x-to-6.0 turns both off and
    // re-enables the ingester's gRPC push.
    kafka: {
      checks: [
        { path: '/kafka/enabled', default: true },
        { path: '/mimir/structuredConfig/ingest_storage/enabled', default: true },
      ],
      off: { kafka: { enabled: false }, mimir: { structuredConfig: { ingest_storage: { enabled: false }, ingester: { push_grpc_method_enabled: true } } } },
    },
    'bundled-minio': { checks: [{ path: '/minio/enabled', default: true }], off: { minio: { enabled: false } } },
  },
  datasource: {
    endpoint: 'query',
    entry: { name: '${datasource.name}', uid: '${datasource.uid}', type: 'prometheus', access: 'proxy', url: '${datasource.url}' },
  },
  // values.yaml gateway.enabled: true, gateway.service.port: 80; Service <fullname>-gateway
  // (mimir.gateway.service.name); nginx routes the Prometheus API under
  // mimir.prometheusHttpPrefix (/prometheus) and writes at /api/v1/push.
  exports: {
    query: { service: '{fullname}-gateway', port: 80, scheme: 'http', path: '/prometheus' },
    write: { service: '{fullname}-gateway', port: 80, scheme: 'http', path: '/api/v1/push' },
  },
}
