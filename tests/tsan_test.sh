#!/usr/bin/env bash
# kalypsoc built with ThreadSanitizer (BUILD_DIR, `make test-tsan`) on stacks big enough that
# resolve, wire, render and the tree scan start their threads: a fleet of 10 clusters x 30
# components and 1,000 one-cluster components, built in full, after an edit and as a no-op,
# then checked. Any report of a data race fails (TSan's exit code 66).
set -euo pipefail
build=$(realpath "$1")
src=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export KALYPSO_CACHE_DIR="$work/cache" TSAN_OPTIONS="halt_on_error=1 exitcode=66"
k() { "$build/kalypsoc" --stdlib "$src/stdlib" "$@"; }
for shape in "30 10" "1000"; do
  dir="$work/stack-${shape// /x}"
  mkdir -p "$dir/.git"
  # shellcheck disable=SC2086
  "$build/kalypso_bench" --stack $shape > "$dir/stack.yaml"
  cd "$dir"
  k build --full stack.yaml
  echo "# an edit" >> stack.yaml
  k build stack.yaml
  sleep 0.2
  k build stack.yaml
  k -v build stack.yaml 2>&1 | grep -q "no-op: " || { echo "FAIL: $shape: the third build was not a no-op"; exit 1; }
  k check stack.yaml > /dev/null
  cd "$src"
  echo "tsan: $shape: build, build after an edit, no-op and check ran without a data race"
done
