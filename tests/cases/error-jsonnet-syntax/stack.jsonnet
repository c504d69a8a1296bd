// A missing comma between two fields.
{
  stack: 'jsonnet-syntax',
  repo: { url: 'https://example.org/gitops.git' },
  components: {
    store: { kind: 'minio' }
    dashboards: { kind: 'grafana' },
  },
}
