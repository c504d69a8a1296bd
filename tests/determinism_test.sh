#!/usr/bin/env bash
# Two builds of the reference stack in two different directories give byte-identical
# trees (and a second build in the same place rewrites nothing).
set -euo pipefail
kalypsoc=$1
src=$(pwd)
a=$(mktemp -d) b=$(mktemp -d)
trap 'rm -rf "$a" "$b"' EXIT
for d in "$a" "$b/deeper/path"; do
  mkdir -p "$d/.git" "$d/stacks"
  cp stacks/kalypso.yaml "$d/stacks/"
  (cd "$d" && LC_ALL=C TZ=UTC "$kalypsoc" --stdlib "$src/stdlib" build stacks/kalypso.yaml)
done
diff -r "$a/out" "$b/deeper/path/out"
diff -r "$a/out" "$src/out"
out=$(cd "$a" && "$kalypsoc" --stdlib "$src/stdlib" -v build stacks/kalypso.yaml 2>&1)
case "$out" in
  *" 0 written,"*) ;;
  *) echo "second build rewrote files: $out"; exit 1 ;;
esac
echo "determinism: ok"
