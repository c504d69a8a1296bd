// What every S3 consumer kind shares: the Secret its pods read S3 keys from (as env vars,
// expanded by the component's own config with -config.expand-env=true).
{
  secret: 's3-credentials',
  secretKeys: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
  accessKeyRef: '${AWS_ACCESS_KEY_ID}',
  secretKeyRef: '${AWS_SECRET_ACCESS_KEY}',
  envFrom: [{ secretRef: { name: '${storage.secret}' } }],
}
