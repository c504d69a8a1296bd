local env = 'staging';
local replicas = if env == 'production' then 3 else error 'unknown environment ' + env;
{
  stack: 'jsonnet-runtime',
  repo: { url: 'https://example.org/gitops.git' },
  components: {
    dashboards: { kind: 'grafana', values: { replicas: replicas } },
  },
}
