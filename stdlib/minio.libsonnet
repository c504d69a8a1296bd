// Kind `minio`: MinIO object storage, standalone, its buckets derived from its consumers.
// Facts: minio/minio helm/minio, chart 5.4.0 (commit 43a74029685512ce9b1b76c053d48b43fc8d64fc).
{
  description: 'MinIO S3 object storage (standalone; buckets derived from the storage consumers)',
  charts: [{
    name: 'minio',
    // minio 5.4.0 README.md: helm repo add minio https://charts.min.io/
    repo: 'https://charts.min.io/',
    version: '5.4.0',
    values: {
      // minio 5.4.0 values.yaml: `mode: distributed` with `replicas: 16` by default.
      // (No replicas: templates/deployment.yaml:27 hard-codes 1 in standalone mode.)
      mode: 'standalone',
      // values.yaml defaults: persistence.size 500Gi, resources.requests.memory 16Gi.
      persistence: { enabled: true, size: '50Gi' },
      resources: { requests: { memory: '1Gi' } },
      // values.yaml ships a default user `console` / `console123`: no literal credentials.
      users: [],
    },
  }],
  // Root credentials: values.yaml `existingSecret` must hold keys rootUser and rootPassword
  // (templates/deployment.yaml secretKeyRef; _helper_create_bucket.txt reads both).
  credentials: {
    defaultSecret: '{name}-root',
    keys: ['rootUser', 'rootPassword'],
    purpose: 'MinIO root user',
    values: { existingSecret: '${credentials.secret}' },
  },
  provides: {
    storage: {
      endpoint: 's3',
      region: 'us-east-1',
      // values.yaml `buckets:` item: name, policy, purge, versioning, objectlocking.
      bucketsPath: '/buckets',
      bucket: { name: '${bucket.name}', policy: 'none', purge: false, versioning: false, objectlocking: false },
    },
  },
  // templates/_helpers.tpl `minio.fullname`: fullnameOverride, else release if it contains
  // (nameOverride or "minio"), else release-minio; trunc 63, trimSuffix "-" (naming.cc).
  // Well-known defaults that must never reach a rendered Secret or ConfigMap (verify).
  defaultCredentials: [{ value: 'console123', fact: 'minio 5.4.0 values.yaml:372 users[0].secretKey' }],
  exports: {
    // templates/service.yaml: Service <fullname>, port service.port (9000).
    s3: { service: '{fullname}', port: 9000, scheme: 'http' },
    // templates/console-service.yaml: Service <fullname>-console, consoleService.port (9001).
    console: { service: '{fullname}-console', port: 9001, scheme: 'http' },
  },
}
