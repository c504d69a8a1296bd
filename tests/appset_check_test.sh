#!/usr/bin/env bash
# ../shared/argocd-appset/check.sh on the generated fleet trees: the ApplicationSet rendered
# as ArgoCD's controller would, every Application checked against the CRDs and the tree.
# check.sh orders RollingSync steps by wave alone; a fleet's steps restart their waves in
# every ring (argocd_schema_test checks the ring-then-wave order), so on a progressive fleet
# tree exactly that one finding is expected, and nothing else.
set -euo pipefail
check=../shared/argocd-appset/check.sh
if [ ! -x "$check" ] || ! command -v node >/dev/null || ! command -v go >/dev/null; then
  echo "skipped: needs ../shared/argocd-appset, node and go"
  exit 0
fi
fail=0
for tree in tests/cases/fleet-rings/want tests/cases/fleet-app-of-apps/want examples/fleet/out; do
  prefix=out
  case $tree in examples/*) prefix=$tree ;; esac
  out=$("$check" --repo-prefix "$prefix" "$tree" 2>&1) && rc=0 || rc=$?
  findings=$(printf '%s\n' "$out" | grep '^  ' | grep -v 'steps not in increasing wave order' || true)
  if [ "$rc" -gt 1 ] || [ -n "$findings" ]; then
    echo "FAIL: $tree"
    printf '%s\n' "$out"
    fail=1
  else
    printf '%s\n' "$out" | tail -1
  fi
done
exit $fail
