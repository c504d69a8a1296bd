#!/usr/bin/env bash
# `kalypsoc diff` golden cases (tests/diff/<case>/), each in a real temporary git repository:
#   1. the case's base/ (else tests/diff/common/) is committed on branch main;
#   2. on branch `change`, the case's change.patch (the pull request) is applied and committed;
#   3. `kalypsoc --color never --stdlib <repo's stdlib> diff ARGS` runs in the repository, ARGS
#      from the case's `args` file;
#   4. stdout, stderr and the exit code must equal want.stdout, want.stderr and want.rc byte for
#      byte (the temporary repository's path is written REPO). KALYPSO_UPDATE_GOLDEN=1 rewrites them.
# Commit dates and identities are fixed so commit ids, which the output shows, are stable.
# Usage, from the repository root: tests/diff_cases_test.sh path/to/kalypsoc
set -euo pipefail
export LC_ALL=C
kalypsoc=$(realpath "$1")
src=$(pwd)
work=$(realpath "$(mktemp -d)")
trap 'rm -rf "$work"' EXIT
export KALYPSO_CACHE_DIR="$work/cache" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=kalypso GIT_AUTHOR_EMAIL=kalypso@example.org GIT_AUTHOR_DATE='2026-01-01T00:00:00Z'
export GIT_COMMITTER_NAME=kalypso GIT_COMMITTER_EMAIL=kalypso@example.org GIT_COMMITTER_DATE='2026-01-01T00:00:00Z'

failures=0
cases=0
for dir in tests/diff/*/; do
  dir=${dir%/}
  name=$(basename "$dir")
  [ "$name" = common ] && continue
  cases=$((cases + 1))
  repo="$work/repos/$name"
  base="$dir/base"
  [ -d "$base" ] || base=tests/diff/common
  mkdir -p "$repo"
  cp -R "$base/." "$repo/"
  (
    cd "$repo"
    git init -q -b main
    git add -A
    git commit -q -m base
    git checkout -q -b change
    if [ -f "$src/$dir/change.patch" ]; then
      git apply "$src/$dir/change.patch"
      git add -A
      git commit -q -m change
    fi
  )
  read -r -a args < "$dir/args" || true
  set +e
  (cd "$repo" && timeout 120 "$kalypsoc" --color never --stdlib "$src/stdlib" diff "${args[@]}") \
    > "$work/stdout" 2> "$work/stderr"
  rc=$?
  set -e
  sed -i "s|$repo|REPO|g" "$work/stdout" "$work/stderr"
  echo "$rc" > "$work/rc"
  if [ "${KALYPSO_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$work/stdout" "$dir/want.stdout"
    cp "$work/stderr" "$dir/want.stderr"
    cp "$work/rc" "$dir/want.rc"
    continue
  fi
  for f in stdout stderr rc; do
    if ! cmp -s "$work/$f" "$dir/want.$f"; then
      echo "FAIL: $name: $f differs from $dir/want.$f:"
      diff -u "$dir/want.$f" "$work/$f" | head -40 || true
      failures=$((failures + 1))
    fi
  done
done

# The Markdown of a large change fits one GitHub comment.
cap=65536
size=$(wc -m < tests/diff/markdown-cap/want.stdout)
if [ "$size" -gt "$cap" ] || [ "$size" -lt $((cap - 4096)) ]; then
  echo "FAIL: markdown-cap: $size characters, expected just under $cap"
  failures=$((failures + 1))
fi
grep -q "Cut to fit GitHub's 65536-character comment limit" tests/diff/markdown-cap/want.stdout ||
  { echo "FAIL: markdown-cap: no note of what was cut"; failures=$((failures + 1)); }

echo "$cases diff cases, $failures failures"
[ "$failures" -eq 0 ]
