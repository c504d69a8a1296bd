#!/usr/bin/env bash
# The pre-commit hooks of .pre-commit-hooks.yaml under the real `pre-commit` (Debian's), in a
# temporary repository with two stacks in an unusual layout (a YAML stack with a resource
# file elsewhere, a Jsonnet stack importing a library): editing either one's stack,
# imported Jsonnet or resource file makes the hook rebuild exactly that stack.
set -euo pipefail
kalypsoc=$(realpath "$1")
src=$(pwd)
command -v pre-commit > /dev/null || { echo "pre-commit is not installed (make test-deps)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export KALYPSO_CACHE_DIR=$tmp/cache PRE_COMMIT_HOME=$tmp/pre-commit-home HOME=$tmp
export PATH=$(dirname "$kalypsoc"):$PATH
fail() { echo "FAIL: $*"; exit 1; }

# The hook repository: this tree's .pre-commit-hooks.yaml, committed (pre-commit clones it).
mkdir "$tmp/hooks" && cp "$src/.pre-commit-hooks.yaml" "$tmp/hooks/"
git -C "$tmp/hooks" init -q && git -C "$tmp/hooks" add . &&
  git -C "$tmp/hooks" -c user.name=t -c user.email=t@t commit -qm hooks
rev=$(git -C "$tmp/hooks" rev-parse HEAD)

repo=$tmp/repo
mkdir -p "$repo/platform/deploy/alpha" "$repo/shared/manifests" "$repo/teams/beta/lib"
cd "$repo"
git init -q
git config user.name t && git config user.email t@t
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $tmp/hooks
    rev: $rev
    hooks:
      - id: kalypsoc-build
YAML
cat > kalypsoc.yaml <<'YAML'
stacks:
  - platform/deploy/alpha/platform.yml
  - teams/beta/observability.jsonnet
YAML
cat > platform/deploy/alpha/platform.yml <<'YAML'
stack: alpha
repo: {url: https://example.org/gitops.git}
output: generated/alpha
components:
  store:
    kind: minio
    namespace: minio
    credentials: {secret: minio-root}
    resources: [shared/manifests/alpha-quota.yaml]
YAML
cat > shared/manifests/alpha-quota.yaml <<'YAML'
apiVersion: v1
kind: ResourceQuota
metadata: {name: alpha-quota, namespace: minio}
spec: {hard: {pods: "20"}}
YAML
cat > teams/beta/observability.jsonnet <<'JSONNET'
local parts = import 'lib/parts.libsonnet';
{
  stack: 'beta',
  repo: { url: 'https://example.org/gitops.git' },
  output: 'out-beta',
  components: { dashboards: parts.grafana },
}
JSONNET
cat > teams/beta/lib/parts.libsonnet <<'JSONNET'
{ grafana: { kind: 'grafana', namespace: 'grafana', values: { replicas: 1 } } }
JSONNET
git add -A
"$kalypsoc" -q build
git add -A
git commit -qm "two stacks"
pre-commit install > /dev/null

# commit FILE: stages FILE, runs the hook; prints its output. The hook fails the first time
# (it rewrote the tree); staging the rewritten tree and committing again passes.
commit() {
  git add "$1"
  set +e
  out=$(git commit -qm "edit $1" 2>&1)
  rc=$?
  set -e
  [ "$rc" != 0 ] || fail "the hook rewrote nothing after editing $1: $out"
  echo "$out"
  git add -A
  git commit -qm "edit $1 (tree)" > /dev/null || fail "second commit after editing $1 failed"
}
# expect_only STACK OUTPUT: the hook built STACK and no other stack.
expect_only() {
  case "$2" in *"$1: wrote"*) ;; *) fail "expected a rebuild of $1 in: $2" ;; esac
  [ "$(grep -c ': wrote ' <<< "$2")" = 1 ] || fail "expected only $1 rebuilt in: $2"
}

echo "# alpha: the stack file"
sed -i 's/namespace: minio$/namespace: minio-alpha/' platform/deploy/alpha/platform.yml
sed -i 's/namespace: minio}/namespace: minio-alpha}/' shared/manifests/alpha-quota.yaml
git add shared/manifests/alpha-quota.yaml
out=$(commit platform/deploy/alpha/platform.yml); echo "$out"
expect_only platform/deploy/alpha/platform.yml "$out"
grep -q "minio-alpha" generated/alpha/manifests/store/namespace.yaml || fail "alpha tree not rebuilt"

echo "# alpha: its resource file"
sed -i 's/"20"/"30"/' shared/manifests/alpha-quota.yaml
out=$(commit shared/manifests/alpha-quota.yaml); echo "$out"
expect_only platform/deploy/alpha/platform.yml "$out"
grep -q '"30"' generated/alpha/manifests/store/alpha-quota.yaml || fail "alpha resource not copied again"

echo "# beta: the Jsonnet stack"
sed -i "s/namespace: 'grafana'/namespace: 'grafana-beta'/" teams/beta/lib/parts.libsonnet
out=$(commit teams/beta/lib/parts.libsonnet); echo "$out"
expect_only teams/beta/observability.jsonnet "$out"
grep -rq "grafana-beta" out-beta/ || fail "beta tree not rebuilt"

echo "# beta: the stack file"
sed -i "s/stack: 'beta'/stack: 'beta2'/" teams/beta/observability.jsonnet
out=$(commit teams/beta/observability.jsonnet); echo "$out"
expect_only teams/beta/observability.jsonnet "$out"

echo "# a deleted resource file (pre-commit does not pass deleted files): the hook fails"
git rm -q shared/manifests/alpha-quota.yaml
set +e
out=$(git commit -qm "delete a resource" 2>&1); rc=$?
set -e
echo "$out"
[ "$rc" != 0 ] || fail "the hook passed with a stack whose resource file is gone"
case "$out" in *"cannot read resource 'shared/manifests/alpha-quota.yaml'"*) ;; *) fail "no error for the deleted resource: $out" ;; esac
git reset -q --hard

echo "# an unrelated file: the hook passes and builds nothing"
echo "notes" > NOTES.md
git add NOTES.md
out=$(git commit -qm notes 2>&1) || fail "the hook failed on an unrelated file: $out"
if grep -q ': wrote ' <<< "$out"; then fail "an unrelated file rebuilt a stack: $out"; fi
echo "pre-commit: ok"
