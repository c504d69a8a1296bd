#!/usr/bin/env bash
# The error catalogue (tests/cases/error-*/) through the real binary, as a pre-commit hook
# runs it: each case is copied into its own temporary repository (a directory with `.git`)
# at the same relative path, and `kalypsoc --color never build STACK` must
#   - exit 2 within 60 s (no crash, no hang),
#   - print exactly want.stderr on stderr (the temporary repository's absolute path, when a
#     message shows one, is made relative first, as the golden test does with its own
#     directory) and nothing on stdout,
#   - leave the repository as it was (no output tree, no file added) and record no build stamp.
# STACK is tests/cases/<case>/stack.yaml (or stack.jsonnet), or the path in the case's `args`
# file (a directory, a missing file). A case with a `pad-to` file gets its stack padded with
# comment lines to that many bytes first (too large to commit).
# Usage, from the repository root: tests/error_cases_test.sh path/to/kalypsoc
set -euo pipefail
export LC_ALL=C
kalypsoc=$(realpath "$1")
src=$(pwd)
work=$(realpath "$(mktemp -d)")
export KALYPSO_CACHE_DIR="$work/cache"
trap 'rm -rf "$work"' EXIT
mkdir -p "$KALYPSO_CACHE_DIR"

failures=0
cases=0
fail() {
  echo "FAIL: $1: $2"
  failures=$((failures + 1))
}

for dir in tests/cases/error-*; do
  name=$(basename "$dir")
  cases=$((cases + 1))
  if [ ! -f "$dir/want.stderr" ]; then
    fail "$name" "no want.stderr"
    continue
  fi
  repo="$work/repos/$name"
  mkdir -p "$repo/.git" "$repo/tests/cases"
  cp -R "$dir" "$repo/tests/cases/$name"
  rm -f "$repo/tests/cases/$name/want.stderr"  # not an input: kalypsoc must not depend on it
  if [ -f "$dir/args" ]; then
    stack=$(head -n 1 "$dir/args")
  elif [ -f "$dir/stack.jsonnet" ]; then
    stack="tests/cases/$name/stack.jsonnet"
  else
    stack="tests/cases/$name/stack.yaml"
  fi
  if [ -f "$dir/pad-to" ]; then
    file="$repo/$stack"
    size=$(head -n 1 "$dir/pad-to")
    missing=$((size - $(stat -c %s "$file")))
    { yes '# padding: generated dashboards, far more than a stack should hold' || true; } | head -c "$missing" >> "$file"
    [ "$(stat -c %s "$file")" = "$size" ] || { fail "$name" "could not pad $stack to $size bytes"; continue; }
  fi
  before=$(cd "$repo" && find . -printf '%p %s %T@\n' | sort)

  set +e
  (cd "$repo" && timeout 60 "$kalypsoc" --color never --stdlib "$src/stdlib" build "$stack") \
    > "$work/stdout" 2> "$work/stderr"
  rc=$?
  set -e

  if [ "$rc" = 124 ]; then
    fail "$name" "kalypsoc did not finish within 60 s"
    continue
  fi
  [ "$rc" = 2 ] || fail "$name" "exit code $rc, want 2"
  [ -s "$work/stdout" ] && fail "$name" "unexpected output on stdout: $(head -c 300 "$work/stdout")"
  sed "s|$repo/||g" "$work/stderr" > "$work/stderr.relative"
  if ! cmp -s "$work/stderr.relative" "$dir/want.stderr"; then
    fail "$name" "stderr differs from want.stderr:"
    diff -a -u "$dir/want.stderr" "$work/stderr.relative" | head -n 40 || true
  fi
  [ -e "$repo/out" ] && fail "$name" "a failed build created the output directory 'out'"
  after=$(cd "$repo" && find . -printf '%p %s %T@\n' | sort)
  if [ "$before" != "$after" ]; then
    fail "$name" "a failed build changed the repository:"
    diff <(echo "$before") <(echo "$after") | head -n 20 || true
  fi
  # (the stdlib catalog cache, catalog-*, depends only on the stdlib: it may be written)
  if [ -n "$(find "$KALYPSO_CACHE_DIR" -type f -name 'stamp-*')" ]; then
    fail "$name" "a failed build recorded a build stamp"
    rm -rf "${KALYPSO_CACHE_DIR:?}"/*
  fi
  rm -rf "$repo"
done

# A glob that matched nothing (run from the wrong directory) must not pass.
[ "$cases" -ge 40 ] || fail "tests/cases" "only $cases error-* cases found (run from the repository root)"
if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s) in $cases error cases"
  exit 1
fi
echo "ok: $cases error cases exit 2 with their want.stderr and write nothing"
