#!/usr/bin/env bash
# The CLI as a pre-commit hook and a CI job use it, on a real temporary repository: the
# no-op fast path (taken, and not taken after touching a stdlib file or an owned file) and
# `check` (exit codes 0/1/2, diff text, missing files, --output json).
set -euo pipefail
kalypsoc=$(realpath "$1")
src=$(pwd)
repo=$(mktemp -d)
export KALYPSO_CACHE_DIR=$(mktemp -d)
trap 'rm -rf "$repo" "$KALYPSO_CACHE_DIR"' EXIT
mkdir -p "$repo/.git" "$repo/stacks"
cp stacks/kalypso.yaml "$repo/stacks/"
cp -r stdlib "$repo/stdlib"
cd "$repo"
k() { "$kalypsoc" --stdlib "$repo/stdlib" "$@"; }
fail() { echo "FAIL: $*"; exit 1; }
expect() {  # expect TEXT-PATTERN OUTPUT
  case "$2" in *$1*) ;; *) fail "expected '$1' in: $2" ;; esac
}

out=$(k -v build stacks/kalypso.yaml 2>&1); expect "full build: no previous build recorded" "$out"
expect "stdlib catalog evaluated" "$out"
out=$(k -v build stacks/kalypso.yaml 2>&1); expect "no-op: " "$out"

# Touching a stdlib file the build read (a comment: same output) makes the next build full.
echo "// touched" >> stdlib/grafana.libsonnet
out=$(k -v build stacks/kalypso.yaml 2>&1); expect "full build: input changed: $repo/stdlib/grafana.libsonnet" "$out"
expect " 0 written," "$out"
expect "stdlib catalog evaluated" "$out"   # the stdlib changed: the cached catalog is not used
out=$(k -v build stacks/kalypso.yaml 2>&1); expect "no-op: " "$out"

# An edited generated file is never trusted: the build is full and restores it.
values=out/manifests/kalypso-grafana/values.yaml
cp "$values" /tmp/kalypso-cli-values.$$
echo "# hand edit" >> "$values"
out=$(k -v build stacks/kalypso.yaml 2>&1); expect "full build: generated file changed: $repo/$values" "$out"
expect " 1 written," "$out"
cmp "$values" /tmp/kalypso-cli-values.$$ || fail "build did not restore $values"
rm -f /tmp/kalypso-cli-values.$$

# A no-op reads no file that had settled before the stamp was made (it compares lstat
# facts), yet sees every change: an in-place edit of the same size, in the same second.
sleep 0.2  # longer than the settling margin (50 ms)
out=$(k -v build stacks/kalypso.yaml 2>&1); expect "no-op: " "$out"  # hashes, records the facts
out=$(k -v build stacks/kalypso.yaml 2>&1); expect "(0 of them read)" "$out"
cp "$values" /tmp/kalypso-cli-values.$$
# Overwrite one byte in place: same inode, same size.
offset=$(grep -bo 'admin-user' "$values" | head -1 | cut -d: -f1)
printf 'A' | dd of="$values" bs=1 seek="$offset" conv=notrunc status=none
out=$(k -v build stacks/kalypso.yaml 2>&1); expect "full build: generated file changed: $repo/$values" "$out"
cmp "$values" /tmp/kalypso-cli-values.$$ || fail "build did not restore $values"
touch "$values"  # new times, same bytes: read again, still a no-op
out=$(k -v build stacks/kalypso.yaml 2>&1); expect "no-op: " "$out"
rm -f /tmp/kalypso-cli-values.$$

# A changed stack is a full build.
sed -i 's/stack: kalypso-infra/stack: kalypso-infra  # renamed nothing/' stacks/kalypso.yaml
out=$(k -v build stacks/kalypso.yaml 2>&1); expect "full build: input changed: $repo/stacks/kalypso.yaml" "$out"
expect "stdlib catalog from cache" "$out"  # only the stack changed: no Jsonnet evaluation
out=$(k -v build --full stacks/kalypso.yaml 2>&1); expect "stdlib catalog evaluated" "$out"

# check: clean tree -> 0, and it never takes the fast path (it compiles and compares).
k check stacks/kalypso.yaml > /dev/null || fail "check on a fresh tree did not exit 0"

# check: stale file -> 1 with a unified diff, the list and the fixing command.
sed -i 's/adminUser/adminUserX/; s/admin-user/admin-userX/' "$values"
rm out/argocd/project.yaml
set +e
out=$(k check stacks/kalypso.yaml 2>&1); rc=$?
set -e
[ "$rc" = 1 ] || fail "check on a stale tree exited $rc, not 1"
expect "--- a/$values" "$out"
expect "+++ b/$values" "$out"
expect "-  userKey: admin-userX" "$out"
expect "+  userKey: admin-user" "$out"
expect "  stale:   $values" "$out"
expect "  missing: out/argocd/project.yaml" "$out"
expect "fix it with: kalypsoc build stacks/kalypso.yaml" "$out"
out=$(k check --diff-lines 3 stacks/kalypso.yaml 2>&1 || true)
expect "diff cut at 3 lines" "$out"

# --output json for machines.
set +e
out=$(k check --output json stacks/kalypso.yaml 2>/dev/null); rc=$?
set -e
[ "$rc" = 1 ] || fail "check --output json on a stale tree exited $rc"
expect '"status": "stale"' "$out"
expect '"missing": [' "$out"
expect '"out/argocd/project.yaml"' "$out"
expect '"fix": "kalypsoc build stacks/kalypso.yaml"' "$out"

# The build fixes it; check is clean again.
k build stacks/kalypso.yaml
k check stacks/kalypso.yaml > /dev/null || fail "check after build did not exit 0"
out=$(k check --output json stacks/kalypso.yaml); expect '"status": "clean"' "$out"

# Foreign files: build warns and leaves them; check names them with the rm that fixes it
# (never "kalypsoc build" alone); kustomize's chart cache (out/.gitignore) is neither.
echo "notes" > out/NOTES.md
mkdir -p out/manifests/kalypso-grafana/charts/grafana-8.0.0 && echo cache > out/manifests/kalypso-grafana/charts/grafana-8.0.0/Chart.yaml
out=$(k build stacks/kalypso.yaml 2>&1)
expect "out/NOTES.md: warning: not generated by kalypsoc; left in place (remove it or move it out of 'out')" "$out"
[ -f out/NOTES.md ] || fail "build removed a foreign file"
set +e
out=$(k check stacks/kalypso.yaml 2>&1); rc=$?
set -e
[ "$rc" = 1 ] || fail "check with a foreign file exited $rc, not 1"
expect "  not generated by kalypsoc: out/NOTES.md" "$out"
expect "remove what kalypsoc did not generate (or move it out of 'out'; build never touches it): rm -- out/NOTES.md" "$out"
case "$out" in *"kalypsoc build"*|*charts*) fail "check suggested build or named the chart cache: $out" ;; esac
out=$(k check --output json stacks/kalypso.yaml || true); expect '"fixForeign": "rm -- out/NOTES.md"' "$out"
rm -- out/NOTES.md   # the suggested fix, which really fixes it
k check stacks/kalypso.yaml > /dev/null || fail "check after the suggested rm was not clean"

# Invalid input -> 2, with the diagnostic (JSON too).
sed -i 's/kind: grafana/kind: grafanna/' stacks/kalypso.yaml
set +e
out=$(k check stacks/kalypso.yaml 2>&1); rc=$?
json=$(k check --output json stacks/kalypso.yaml 2>/dev/null); rc2=$?
set -e
[ "$rc" = 2 ] && [ "$rc2" = 2 ] || fail "check on an invalid stack exited $rc/$rc2, not 2"
expect "error: unknown component kind 'grafanna' (did you mean 'grafana'?)" "$out"
expect '"status": "error"' "$json"
expect '"message": "unknown component kind' "$json"
set +e
json=$(k validate --output json stacks/kalypso.yaml 2>/dev/null); rc=$?
set -e
[ "$rc" = 2 ] || fail "validate --output json on an invalid stack exited $rc"
expect '"status": "error"' "$json"
sed -i 's/kind: grafanna/kind: grafana/' stacks/kalypso.yaml

# Commands: an unknown one is named with the closest; global options after the command.
set +e
out=$(k buld 2>&1); rc=$?
set -e
[ "$rc" = 2 ] || fail "unknown command exited $rc"
expect "error: unknown command 'buld' (did you mean 'build'?)" "$out"
out=$(k build stacks/kalypso.yaml -v --color never 2>&1); expect "no-op: " "$out"
expect "stacks/kalypso.yaml: no-op: 0 written, " "$out"
# The summary line (stderr), the same counts for a no-op and a full build; -q silences it.
noop=$(k build stacks/kalypso.yaml 2>&1); expect "stacks/kalypso.yaml: wrote 0 files, " "$noop"
full=$(k build --full stacks/kalypso.yaml 2>&1); expect "stacks/kalypso.yaml: wrote 0 files, " "$full"
[ "$(sed -E 's/ in [0-9]+ ms.*//' <<< "$noop")" = "$(sed -E 's/ in [0-9]+ ms.*//' <<< "$full")" ] ||
  fail "no-op and full build counts differ: '$noop' vs '$full'"
[ -z "$(k -q build stacks/kalypso.yaml 2>&1)" ] || fail "-q build printed something"
[ -z "$(k build stacks/kalypso.yaml -q 2>&1)" ] || fail "build -q printed something"
# JSON for machines.
out=$(k build --full --output json stacks/kalypso.yaml 2>/dev/null); expect '"written": []' "$out"
out=$(k secrets --output json stacks/kalypso.yaml); expect '"secret": "minio-root"' "$out"
out=$(k graph --format json stacks/kalypso.yaml); expect '"component": "kalypso-grafana"' "$out"
expect '"wave": 6' "$out"
out=$(k validate --output json stacks/kalypso.yaml); expect '"status": "ok"' "$out"
# A directory names the stack files in it.
set +e
out=$(k build stacks 2>&1); rc=$?
set -e
[ "$rc" = 2 ] || fail "build DIR exited $rc"
expect "stacks: error: is a directory; pass the stack file in it: stacks/kalypso.yaml" "$out"
# No stack: kalypsoc.yaml lists them (found from a subdirectory too).
set +e
out=$(k build 2>&1); rc=$?
set -e
[ "$rc" = 2 ] || fail "build without stacks or kalypsoc.yaml exited $rc"
expect "no stack given and no kalypsoc.yaml" "$out"
printf 'stacks:\n  - stacks/kalypso.yaml\n' > kalypsoc.yaml
out=$(cd out && k build 2>&1); expect "../stacks/kalypso.yaml: wrote 0 files" "$out"
k check > /dev/null || fail "check with kalypsoc.yaml"
printf 'stacks:\n  - stacks/missing.yaml\n' > kalypsoc.yaml
set +e
out=$(k check 2>&1); rc=$?
set -e
[ "$rc" = 2 ] || fail "kalypsoc.yaml naming a missing stack: exit $rc"
expect "kalypsoc.yaml:2:5: error: no stack file 'stacks/missing.yaml'" "$out"
rm kalypsoc.yaml

# The stdlib is described from the binary itself.
out=$("$kalypsoc" stdlib list); expect "loki@6.49.0" "$out"
out=$("$kalypsoc" stdlib show grafana); expect "charts:" "$out"
set +e
out=$("$kalypsoc" stdlib show grafanna 2>&1); rc=$?
set -e
[ "$rc" = 2 ] || fail "stdlib show of an unknown kind exited $rc"
expect "no stdlib kind 'grafanna' (did you mean 'grafana'?)" "$out"

# Fleets: explain names the layer that set a value (the cluster's block over the
# environment's), and the report commands take --cluster.
mkdir -p examples/fleet
cp "$src/examples/fleet/stack.yaml" examples/fleet/
f=examples/fleet/stack.yaml
out=$(k explain $f prod-us/kalypso-ebpf values.config.data.log_level)
expect 'prod-us/kalypso-ebpf values.config.data.log_level = "warn"' "$out"
expect "set by   $f:" "$out"
expect "clusters.prod-us" "$out"
expect 'environments.prod = "info"' "$out"
out=$(k explain $f hub/kalypso-loki values.loki.commonConfig.replication_factor)
expect "stdlib/loki.libsonnet:" "$out"
expect "stdlib default" "$out"
out=$(k endpoints --cluster dev-1 $f); expect "dev-1/kalypso-otel" "$out"
case "$out" in *hub/kalypso-loki*) fail "endpoints --cluster dev-1 lists the hub: $out" ;; esac
out=$(k secrets --cluster hub $f); expect "cluster/namespace hub/minio:" "$out"
out=$(k graph --cluster prod-eu $f); expect "prod-eu/kalypso-ebpf" "$out"
set +e
out=$(k explain $f prod-us/kalypso-ebfp 2>&1); rc=$?
out2=$(k graph --cluster prod-ue $f 2>&1); rc2=$?
set -e
[ "$rc" = 2 ] && [ "$rc2" = 2 ] || fail "explain/graph with an unknown name exited $rc/$rc2, not 2"
expect "no instance 'prod-us/kalypso-ebfp' (did you mean 'prod-us/kalypso-ebpf'?)" "$out"
expect "unknown cluster 'prod-ue' (did you mean" "$out2"
echo "cli: ok"
