local common = import 'common.libsonnet';
{
  stack: 'jsonnet-import-missing',
  repo: { url: 'https://example.org/gitops.git' },
  components: {
    dashboards: common.grafana,
  },
}
