// Kind `alloy`: Grafana Alloy as a DaemonSet (its configuration comes from the stack).
// Facts: grafana/alloy operations/helm/charts/alloy, chart 1.11.1 (tag helm-chart/1.11.1,
// commit 233907cff225ce253f812bdfc14138dac1fa0cd2), published at grafana.github.io/helm-charts.
{
  description: 'Grafana Alloy telemetry collector',
  // A stack's `policy.forbid: [alloy]` forbids this kind outright.
  feature: 'alloy',
  charts: [{
    name: 'alloy',
    repo: 'https://grafana.github.io/helm-charts',
    version: '1.11.1',
    values: {
      // values.yaml controller.type: daemonset (the default, stated); alloy.mounts.varlog
      // mounts the node's /var/log read-only (templates/controllers/_pod.yaml:76-80).
      controller: { type: 'daemonset' },
      alloy: { mounts: { varlog: true } },
    },
  }],
  exports: {
    // templates/service.yaml: Service <fullname>, port http-metrics = alloy.listenPort 12345.
    http: { service: '{fullname}', port: 12345, scheme: 'http' },
  },
}
