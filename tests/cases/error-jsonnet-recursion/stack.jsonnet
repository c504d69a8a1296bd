// A helper that never reaches its base case.
local waves(n) = if n == 0 then [] else waves(n + 1) + [n];
{
  stack: 'jsonnet-recursion',
  repo: { url: 'https://example.org/gitops.git' },
  components: {
    dashboards: { kind: 'grafana', values: { waves: waves(3) } },
  },
}
