// Kind `cert-manager`: cert-manager on its own (issuers are the stack's resources).
// Facts: cert-manager/cert-manager deploy/charts/cert-manager v1.19.6 (commit 60b0447cc9a64885d42567ea590862b88a62d1ad).
{
  description: 'cert-manager',
  charts: [{
    name: 'cert-manager',
    // v1.19.6 README: helm repo add jetstack https://charts.jetstack.io
    repo: 'https://charts.jetstack.io',
    version: 'v1.19.6',
    // values.yaml crds.enabled (default false); installCRDs is deprecated and may not be
    // set together with it (_helpers.tpl crd-check).
    values: { crds: { enabled: true } },
  }],
  // cert-manager's chart puts its leader-election Role in kube-system
  // (values.yaml global.leaderElection.namespace: kube-system).
  extraNamespaces: ['kube-system'],
  exports: {
    // _helpers.tpl:55-58 webhook.fullname = (fullname | trunc 55) + "-webhook";
    // webhook-service.yaml port 443.
    webhook: { service: '{fullname:55}-webhook', port: 443, scheme: 'https' },
  },
}
