// Kind `manifests`: no chart, only the stack's `resources` (plain Kubernetes objects, such as
// an application's Rollout, Services and policies), in a namespace and wave of their own.
{
  description: 'Plain manifests from the stack (resources:), no chart',
  charts: [],
}
