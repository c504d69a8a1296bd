local hosts = importstr '/etc/passwd';
{
  stack: 'jsonnet-import-outside',
  repo: { url: 'https://example.org/gitops.git' },
  components: {
    dashboards: { kind: 'grafana', description: hosts },
  },
}
