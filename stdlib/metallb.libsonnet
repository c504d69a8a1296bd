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
  // Secrets the chart's workloads read that no template renders: the controller creates the
  // memberlist Secret at run time (templates/controller.yaml:92-94 METALLB_ML_SECRET_NAME =
  // metallb.secretName, templates/_helpers.tpl:79-80 "<fullname>-memberlist"); the speaker
  // mounts it (templates/speaker.yaml:183-187).
  runtimeSecrets: [{ name: '{fullname}-memberlist' }],
  exports: {
    // templates/webhooks.yaml:130-141: the webhook Service is the literal
    // "metallb-webhook-service" (also controller/main.go's --cert-service-name default),
    // whatever the release; port 443 -> 9443.
    webhook: { service: 'metallb-webhook-service', port: 443, scheme: 'https' },
  },
}
