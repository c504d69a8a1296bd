// A semantic error in a Jsonnet stack points at the field in the Jsonnet source.
local grafana(name) = { kind: 'grafana', namespace: name };
{
  stack: 'jsonnet-semantic',
  repo: { url: 'https://example.org/gitops.git' },
  components: {
    dashboards: grafana('dashboards') + {
      values: { server: { root_url: '${logs.qurey.url}' } },
    },
    logs: { kind: 'loki' },
  },
}
