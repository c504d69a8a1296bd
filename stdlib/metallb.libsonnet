// Kind `metallb`: MetalLB load balancer (pools and advertisements are the stack's resources).
// Facts: metallb/metallb charts/metallb, chart 0.16.1 (tag v0.16.1, commit 791dfcc6).
{
  description: 'MetalLB: LoadBalancer Services on bare metal and kind',
  charts: [{
    name: 'metallb',
    repo: 'https://metallb.github.io/metallb',
    version: '0.16.1',
    values: {},
  }],
  // The speaker runs with hostNetwork and NET_RAW (templates/speaker.yaml:172, 384-388):
  // Pod Security Admission must allow privileged pods in its namespace.
  labels: {
    'pod-security.kubernetes.io/enforce': 'privileged',
    'pod-security.kubernetes.io/audit': 'privileged',
    'pod-security.kubernetes.io/warn': 'privileged',
  },
  exports: {
    // templates/webhooks.yaml:130-141: the webhook Service is the literal
    // "metallb-webhook-service" (also controller/main.go's --cert-service-name default),
    // whatever the release; port 443 -> 9443.
    webhook: { service: 'metallb-webhook-service', port: 443, scheme: 'https' },
  },
}
