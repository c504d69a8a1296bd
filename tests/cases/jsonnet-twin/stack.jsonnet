// The Jsonnet twin of minio-release-kalypso-minio: the same stack, written as Jsonnet.
local consumer(kind) = { kind: kind, storage: 'store' };
{
  stack: 'release-kalypso-minio',
  repo: { url: 'https://example.org/gitops.git' },
  components: {
    store: { kind: 'minio', release: 'kalypso-minio', namespace: 'minio', credentials: { secret: 'minio-root' } },
    metrics: consumer('mimir') + {
      values: {
        kafka: { enabled: false },
        mimir: { structuredConfig: { ingest_storage: { enabled: false }, ingester: { push_grpc_method_enabled: true } } },
      },
    },
    traces: consumer('tempo') + { buckets: { traces: 'traces-kalypso-minio' } },
    dashboards: {
      kind: 'grafana',
      datasources: ['metrics', 'traces'],
      values: { env: { S3_CONSOLE: '${store.console.url}' } },
    },
  },
}
