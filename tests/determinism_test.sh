#!/usr/bin/env bash
# Two builds of the reference stack in two different directories give byte-identical
# trees; a second build in the same place is a no-op, and a forced full one rewrites nothing.
set -euo pipefail
kalypsoc=$1
src=$(pwd)
a=$(mktemp -d) b=$(mktemp -d)
export KALYPSO_CACHE_DIR=$(mktemp -d)
trap 'rm -rf "$a" "$b" "$KALYPSO_CACHE_DIR"' EXIT
for d in "$a" "$b/deeper/path"; do
  mkdir -p "$d/.git" "$d/stacks"
  cp stacks/kalypso.yaml "$d/stacks/"
  (cd "$d" && LC_ALL=C TZ=UTC "$kalypsoc" --stdlib "$src/stdlib" build stacks/kalypso.yaml)
done
diff -r -x .kalypsoc-lock "$a/out" "$b/deeper/path/out"
diff -r -x .kalypsoc-lock "$a/out" "$src/out"
out=$(cd "$a" && "$kalypsoc" --stdlib "$src/stdlib" -v build stacks/kalypso.yaml 2>&1)
case "$out" in
  *": no-op: "*) ;;
  *) echo "second build was not a no-op: $out"; exit 1 ;;
esac
out=$(cd "$a" && "$kalypsoc" --stdlib "$src/stdlib" -v build --full stacks/kalypso.yaml 2>&1)
case "$out" in
  *" 0 written,"*) ;;
  *) echo "forced full build rewrote files: $out"; exit 1 ;;
esac
echo "determinism: ok"
