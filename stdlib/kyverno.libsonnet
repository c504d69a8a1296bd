// Kind `kyverno`: the Kyverno policy engine (policies are the stack's resources).
// Facts: kyverno/kyverno charts/kyverno, chart 3.8.2 (Kyverno v1.18.2; tag v1.18.2, commit 945ac9ce8546ea6cd51370f24b615148c577da5e).
{
  description: 'Kyverno policy engine',
  // The clusterpolicies and policies CRDs are ~1.42 MB each (Kyverno's Argo CD guide asks
  // for server-side apply).
  syncOptions: ['ServerSideApply=true'],
  charts: [{
    name: 'kyverno',
    repo: 'https://kyverno.github.io/kyverno/',
    version: '3.8.2',
    values: {},
  }],
  // Chart defaults that run a `latest` image (policy.forbid: latest-tag): the helm test pods
  // (templates/tests/_helpers.tpl kyverno.test.image: defaultTag "latest"; values.yaml
  // test.image.tag ~). The chart's own webhooksCleanup hook runs the same image at the
  // appVersion (templates/hooks/pre-delete-remove-webhooks.yaml), so that tag exists.
  latestDefaults: [
    { chart: 'kyverno', image: 'ghcr.io/kyverno/readiness-checker', path: '/test/image/tag', fix: { test: { image: { tag: 'v1.18.2' } } } },
  ],
  exports: {
    // templates/admission-controller/_helpers.tpl:34-36: "<fullname>-svc" | trunc 63;
    // admissionController.service.port 443 -> 9443.
    webhook: { service: '{fullname}-svc', port: 443, scheme: 'https' },
  },
}
