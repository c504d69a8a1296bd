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
      // values.yaml ships a default user `console` / `console123`: replaced by one user per
      // consumer (provides.storage.user below), never a literal secret key.
      users: [],
    },
  }],
  // Sizing over the standalone skeleton above. values.yaml podDisruptionBudget.enabled false
  // (templates/poddisruptionbudget.yaml), distributed mode needs replicas >= 4.
  profiles: {
    small: { minio: { resources: { requests: { memory: '512Mi' } } } },
    ha: { minio: { mode: 'distributed', replicas: 4, resources: { requests: { memory: '4Gi' } },
                   podDisruptionBudget: { enabled: true, maxUnavailable: 1 } } },
  },
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
      // Least privilege: one user and one policy per consumer. values.yaml `users:` item with
      // existingSecret / existingSecretKey (templates/post-job.yaml projects that Secret key;
      // _helper_create_user.txt reads it and attaches `policy`); `policies:` item name +
      // statements (resources, actions), written by _helper_policy.tpl as an IAM policy and
      // created by _helper_create_policy.txt before the users.
      usersPath: '/users',
      policiesPath: '/policies',
      userSecretKeys: ['secretKey'],
      user: { accessKey: '${consumer.name}', existingSecret: '${consumer.secret}', existingSecretKey: 'secretKey', policy: '${consumer.name}' },
      policy: { name: '${consumer.name}', statements: [
        // Objects of its buckets: read, write, delete, multipart uploads.
        { resources: '${consumer.objects}', actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'] },
        // The buckets themselves: list and locate (no create/delete: the chart makes them).
        { resources: '${consumer.buckets}', actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'] },
      ] },
    },
  },
  // templates/_helpers.tpl `minio.fullname`: fullnameOverride, else release if it contains
  // (nameOverride or "minio"), else release-minio; trunc 63, trimSuffix "-" (naming.cc).
  // Well-known defaults that must never reach a rendered Secret or ConfigMap (verify).
  defaultCredentials: [{ value: 'console123', fact: 'minio 5.4.0 values.yaml:372 users[0].secretKey' }],
  ui: [{ endpoint: 'console', localPort: 9001, title: 'MinIO console' }],
  exports: {
    // templates/service.yaml: Service <fullname>, port service.port (9000).
    s3: { service: '{fullname}', port: 9000, scheme: 'http' },
    // templates/console-service.yaml: Service <fullname>-console, consoleService.port (9001).
    console: { service: '{fullname}-console', port: 9001, scheme: 'http' },
  },
}
