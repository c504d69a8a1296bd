// Schema errors in a Jsonnet stack: there are no YAML positions to point at.
{
  stack: 'jsonnet-schema',
  repo: { url: 'https://example.org/gitops.git' },
  components: {
    dashboards: { kind: 'grafana', namspace: 'grafana' },
    metrics: { kind: 'mimri' },
  },
}
