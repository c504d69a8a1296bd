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
  // Sizing. mimir-distributed 6.0.4's templates are not available offline (only its
  // values.yaml is known): ingester.replicas 3 with ingester.zoneAwareReplication.enabled true,
  // store_gateway zone-aware (3 zones), alertmanager zone-aware, querier.replicas 2,
  // query_scheduler.replicas 2, rollout_operator.enabled true (it orchestrates the zoned
  // StatefulSets), replication_factor 3 in the ingester and store-gateway rings. Those defaults
  // are the production shape (`ha` = standard); `small` is the design's single replica.
  profiles: {
    small: { 'mimir-distributed': {
      ingester: { replicas: 1, zoneAwareReplication: { enabled: false } },
      store_gateway: { replicas: 1, zoneAwareReplication: { enabled: false } },
      alertmanager: { replicas: 1, zoneAwareReplication: { enabled: false } },
      distributor: { replicas: 1 },
      querier: { replicas: 1 },
      query_frontend: { replicas: 1 },
      query_scheduler: { replicas: 1 },
      compactor: { replicas: 1 },
      ruler: { replicas: 1 },
      rollout_operator: { enabled: false },
      mimir: { structuredConfig: {
        ingester: { ring: { replication_factor: 1 } },
        store_gateway: { sharding_ring: { replication_factor: 1 } },
        alertmanager: { sharding_ring: { replication_factor: 1 } },
      } },
    } },
  },
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
  // What a `telemetry:` collector sends here: Prometheus remote write to the `write` endpoint
  // below (the gateway's /api/v1/push). X-Scope-OrgID 'anonymous' is the tenant Mimir uses
  // when multitenancy is off and a valid tenant when it is on.
  ingest: {
    metrics: { endpoint: 'write', exporter: 'prometheusremotewrite', config: { endpoint: '${target.url}', headers: { 'X-Scope-OrgID': 'anonymous' } } },
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
