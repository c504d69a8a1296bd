#!/usr/bin/env bash
# Every build is a transaction, tried on real trees with the real binary: SIGKILL at every
# file system operation of a publish (KALYPSO_FAULT_AFTER_OPS), injected EIO, a real tmpfs
# that fills, immutable files and directories (chattr +i), a read-only bind mount, and
# concurrent builds of two different stacks. After each: the tree is the old or the new one
# byte for byte, with no temporary file and no orphan, and the next build + check end clean.
# Parts that need root (mount, chattr) say so and are skipped when the system refuses them.
set -euo pipefail
kalypsoc=$(realpath "$1")
src=$(pwd)
work=$(mktemp -d)
export KALYPSO_CACHE_DIR=$work/cache
mounts=()
cleanup() {
  for m in "${mounts[@]}"; do umount "$m" 2>/dev/null || true; done
  chattr -R -i "$work" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
k() { "$kalypsoc" --stdlib "$src/stdlib" "$@"; }
expect() { case "$2" in *"$1"*) ;; *) fail "expected '$1' in: $2" ;; esac; }

# Two versions of the reference stack: `old` lacks pyroscope, `new` lacks tempo (a directory
# appears, one goes, shared files change).
drop() { awk -v c="  $1:" '$0 == c {skip = 1} skip && /^$/ {skip = 0; next} !skip' "$src/stacks/kalypso.yaml"; }
drop kalypso-pyroscope | sed 's/, kalypso-pyroscope\]/]/' > "$work/old.yaml"
drop kalypso-tempo | sed -e 's/kalypso-tempo, //' -e '/traces: kalypso-tempo/d' > "$work/new.yaml"

# make_repo DIR VERSION: a repository whose stacks/kalypso.yaml is VERSION, built.
make_repo() {
  mkdir -p "$1/.git" "$1/stacks"
  cp "$work/$2.yaml" "$1/stacks/kalypso.yaml"
  (cd "$1" && k build stacks/kalypso.yaml)
}
# The tree under DIR/out: every directory and every file's hash (the lock file stays between builds).
snap() { (cd "$1/out" && find . -type d | sort | sed 's/^/dir /' && find . -type f ! -name .kalypsoc-lock -exec sha256sum {} + | sort -k2); }
# No staging area, intent record or temporary file anywhere under DIR/out.
no_temps() {
  local left
  left=$(find "$1/out" -name '.kalypsoc-staging' -o -name '.kalypsoc-journal' -o -name '.kalypsoc-tmp-*')
  [ -z "$left" ] || fail "$2: left behind: $left"
}
# The next build and check of VERSION end clean, with exactly that tree.
ends_clean() {
  cp "$work/$2.yaml" "$1/stacks/kalypso.yaml"
  (cd "$1" && k build stacks/kalypso.yaml && k check stacks/kalypso.yaml > /dev/null) || fail "$3: build + check not clean"
  [ "$(snap "$1")" = "$(snap "$work/ref-$2")" ] || fail "$3: the tree is not the $2 tree"
  no_temps "$1" "$3"
}
is_tree() {  # is_tree DIR VERSION
  [ "$(snap "$1")" = "$(snap "$work/ref-$2")" ]
}

make_repo "$work/ref-old" old
make_repo "$work/ref-new" new
is_tree "$work/ref-old" new && fail "old and new trees are the same"
make_repo "$work/pristine" old
report=()

# 1. SIGKILL after N operations, for every N until the publish completes. Recovery alternates
#    between check (even N) and build (odd N).
r=$work/kill
finished=0 undone=0 n=0
while :; do
  rm -rf "$r" && cp -a "$work/pristine" "$r" && cp "$work/new.yaml" "$r/stacks/kalypso.yaml"
  set +e
  err=$(cd "$r" && KALYPSO_FAULT_AFTER_OPS=$n "$kalypsoc" --stdlib "$src/stdlib" build stacks/kalypso.yaml 2>&1); rc=$?
  set -e
  [ "$rc" = 0 ] && break
  [ "$rc" = 137 ] || fail "kill at op $n: exit $rc: $err"
  committed=no staged=no
  [ -e "$r/out/.kalypsoc-journal" ] && committed=yes
  [ -e "$r/out/.kalypsoc-staging" ] && staged=yes
  if [ $staged = yes ] && [ $committed = no ]; then  # nothing visible may have changed before the commit point
    [ "$(snap "$r" | grep -v '\.kalypsoc-staging')" = "$(snap "$work/ref-old")" ] || fail "kill at op $n: visible change before the commit"
  elif [ $committed = no ]; then  # killed before staging began, or after the record was removed
    is_tree "$r" old || is_tree "$r" new || fail "kill at op $n: neither the old nor the new tree"
  fi
  set +e
  if [ $((n % 2)) = 0 ]; then said=$(cd "$r" && k check stacks/kalypso.yaml 2>&1 >/dev/null); else said=$(cd "$r" && k build stacks/kalypso.yaml 2>&1); fi
  set -e
  no_temps "$r" "kill at op $n"
  if [ $committed = yes ]; then
    expect "out: warning: finished the publish of an interrupted build" "$said"
    finished=$((finished + 1))
    is_tree "$r" new || fail "kill at op $n: not the new tree after recovery"
  elif [ $staged = yes ]; then
    expect "out: warning: undid an interrupted build (it had changed nothing in the tree)" "$said"
    undone=$((undone + 1))
    [ $((n % 2)) = 1 ] || is_tree "$r" old || fail "kill at op $n: not the old tree after check's recovery"
  fi
  ends_clean "$r" new "kill at op $n"
  n=$((n + 1))
done
[ "$finished" -gt 3 ] && [ "$undone" -gt 3 ] || fail "kill sweep: $finished finished, $undone undone"
report+=("SIGKILL after each of $n operations: every run old or new; $finished finished by the next run, $undone undone")
total=$n

# 2. An I/O error (EIO, then EACCES) at sampled operations: exit 2 with a clear message, the
#    old tree (or, past the commit point, the new one after the next run).
for fault in EIO EACCES; do
  for n in 0 1 $((total / 3)) $((total / 2)) $((total - 6)) $((total - 3)) $((total - 1)); do
    rm -rf "$r" && cp -a "$work/pristine" "$r" && cp "$work/new.yaml" "$r/stacks/kalypso.yaml"
    set +e
    out=$(cd "$r" && KALYPSO_FAULT=$fault KALYPSO_FAULT_AFTER_OPS=$n k build stacks/kalypso.yaml 2>&1); rc=$?
    set -e
    [ "$rc" = 2 ] || [ "$rc" = 0 ] || fail "$fault at op $n: exit $rc"
    case "$out" in
      *"published, but flushing the directory failed"*) [ "$rc" = 0 ] && is_tree "$r" new || fail "$fault at op $n: $out" ;;
      *"nothing was changed"*) is_tree "$r" old || fail "$fault at op $n: not the old tree"; no_temps "$r" "$fault at op $n" ;;
      *"finishes it"*) ;;
      *) fail "$fault at op $n: unclear message: $out" ;;
    esac
    ends_clean "$r" new "$fault at op $n"
  done
done
report+=("EIO and EACCES injected at 7 operations each: exit 2, old tree (or finished by the next run)")

# 3. A real full disk: the repository on a small tmpfs, filled but for F KiB.
mnt=$work/tmpfs
mkdir -p "$mnt"
if mount -t tmpfs -o size=1m tmpfs "$mnt" 2> /dev/null; then
  mounts+=("$mnt")
  cases=0
  for free in 0 4 8 16 24 32 48 64 96 128 192; do
    for skip in "" 1; do
      rm -rf "${mnt:?}"/* && make_repo "$mnt/repo" old > /dev/null
      dd if=/dev/zero of="$mnt/filler" bs=4k 2> /dev/null || true
      total_kib=$(du -k "$mnt/filler" | cut -f1)
      truncate -s $(((total_kib - free) * 1024)) "$mnt/filler"
      cp "$work/new.yaml" "$mnt/repo/stacks/kalypso.yaml"
      set +e
      out=$(cd "$mnt/repo" && KALYPSO_TEST_SKIP_SPACE_CHECK=$skip k build stacks/kalypso.yaml 2>&1); rc=$?
      set -e
      if [ "$rc" = 0 ]; then
        is_tree "$mnt/repo" new || fail "full disk ($free KiB free): built, but not the new tree"
      else
        [ "$rc" = 2 ] || fail "full disk ($free KiB free): exit $rc"
        if [ -z "$skip" ]; then expect "not enough space to stage the build" "$out"; else expect "No space left on device; nothing was changed" "$out"; fi
        is_tree "$mnt/repo" old || fail "full disk ($free KiB free): not the old tree"
        cases=$((cases + 1))
      fi
      no_temps "$mnt/repo" "full disk ($free KiB free)"
      rm -f "$mnt/filler"
      ends_clean "$mnt/repo" new "full disk ($free KiB free), then space"
    done
  done
  [ "$cases" -gt 6 ] || fail "the full tmpfs failed only $cases builds"
  umount "$mnt" && mounts=()
  report+=("full tmpfs (1 MiB, 0-192 KiB left): $cases refused builds, each 'not enough space' (statvfs) or ENOSPC while staging, old tree")
else
  echo "txn: SKIP full disk: cannot mount a tmpfs here (needs root)"
  report+=("full tmpfs: SKIPPED (mount not permitted)")
fi

# 4. Immutable files and directories (chattr +i): refused before any change.
r=$work/immutable
rm -rf "$r" && cp -a "$work/pristine" "$r"
if chattr +i "$r/out/README.md" 2> /dev/null; then
  chattr -i "$r/out/README.md"
  for target in out/manifests/kalypso-grafana/values.yaml out/manifests/kalypso-tempo out/manifests out; do
    cp "$work/new.yaml" "$r/stacks/kalypso.yaml"
    chattr +i "$r/$target"
    set +e
    out=$(cd "$r" && k build stacks/kalypso.yaml 2>&1); rc=$?
    set -e
    chattr -i "$r/$target"
    [ "$rc" = 2 ] || fail "chattr +i $target: exit $rc"
    expect "is immutable; kalypsoc must change it: chattr -i" "$out"
    is_tree "$r" old || fail "chattr +i $target: the tree changed"
    no_temps "$r" "chattr +i $target"
    ends_clean "$r" new "chattr +i $target, then -i"
    cp "$work/old.yaml" "$r/stacks/kalypso.yaml" && (cd "$r" && k build stacks/kalypso.yaml)
  done
  report+=("chattr +i on a changed file, a removed directory, out/manifests, out: exit 2 before any change, old tree")
else
  echo "txn: SKIP chattr +i: not supported on this file system or not root"
  report+=("chattr +i: SKIPPED (not supported here)")
fi

# 5. A read-only bind mount over a component directory.
if mount --bind "$r/out/manifests/kalypso-grafana" "$r/out/manifests/kalypso-grafana" 2> /dev/null &&
   mount -o remount,bind,ro "$r/out/manifests/kalypso-grafana" 2> /dev/null; then
  mounts+=("$r/out/manifests/kalypso-grafana")
  cp "$work/new.yaml" "$r/stacks/kalypso.yaml"
  set +e
  out=$(cd "$r" && k build stacks/kalypso.yaml 2>&1); rc=$?
  set -e
  umount "$r/out/manifests/kalypso-grafana" && mounts=()
  [ "$rc" = 2 ] || fail "read-only mount: exit $rc"
  expect "out/manifests/kalypso-grafana: error: directory is on a read-only file system" "$out"
  is_tree "$r" old || fail "read-only mount: the tree changed"
  ends_clean "$r" new "read-only mount, then unmounted"
  report+=("read-only bind mount over a component directory: exit 2 before any change, old tree")
else
  umount "$r/out/manifests/kalypso-grafana" 2> /dev/null || true
  echo "txn: SKIP read-only bind mount: mount not permitted"
  report+=("read-only bind mount: SKIPPED (mount not permitted)")
fi

# 6. Two builds of different stacks into one tree at once: serialized; the tree is one of them.
r=$work/race
mkdir -p "$r/.git" "$r/stacks" "$work/ref-a/.git" "$work/ref-a/stacks"
for v in a b; do
  src_v=old; [ $v = b ] && src_v=new
  cp "$work/$src_v.yaml" "$r/stacks/$v.yaml"
  cp "$work/$src_v.yaml" "$work/ref-a/stacks/$v.yaml"
done
(cd "$work/ref-a" && k build stacks/a.yaml) && cp -a "$work/ref-a" "$work/ref-b"
(cd "$work/ref-b" && k build stacks/b.yaml)
winners=""
for round in $(seq 1 20); do
  (cd "$r" && "$kalypsoc" --stdlib "$src/stdlib" build stacks/a.yaml 2> "$work/race-a.err") & pa=$!
  (cd "$r" && "$kalypsoc" --stdlib "$src/stdlib" build stacks/b.yaml 2> "$work/race-b.err") & pb=$!
  wait $pa || fail "race round $round: build a failed: $(cat "$work/race-a.err")"
  wait $pb || fail "race round $round: build b failed: $(cat "$work/race-b.err")"
  no_temps "$r" "race round $round"
  if [ "$(snap "$r")" = "$(snap "$work/ref-a")" ]; then winners+=a
  elif [ "$(snap "$r")" = "$(snap "$work/ref-b")" ]; then winners+=b
  else fail "race round $round: the tree is neither a's nor b's"; fi
done
(cd "$r" && k build stacks/b.yaml && k check stacks/b.yaml > /dev/null) || fail "race: build + check not clean"
report+=("two concurrent builds (stacks a and b, one tree), 20 rounds: always exactly one tree (last writers: $winners)")

# 7. A build stopped in the middle of its publish holds the lock: --no-wait fails naming it,
#    check waits (never reads the half-published tree) and is clean once the build ends.
KALYPSO_FAULT=stop KALYPSO_FAULT_AFTER_OPS=$((total / 2)) "$kalypsoc" --stdlib "$src/stdlib" build "$r/stacks/a.yaml" & holder=$!
for _ in $(seq 1 100); do
  [ "$(awk '{print $3}' /proc/$holder/stat 2> /dev/null)" = T ] && break
  sleep 0.1
done
[ "$(awk '{print $3}' /proc/$holder/stat)" = T ] || fail "the stopped build did not stop"
set +e
out=$(cd "$r" && k build --no-wait stacks/b.yaml 2>&1); rc=$?
set -e
[ "$rc" = 2 ] || fail "build --no-wait while locked: exit $rc"
expect "out/.kalypsoc-lock: error: pid $holder (kalypsoc build) is using 'out'; run again when it has finished, or without --no-wait to wait for it" "$out"
(cd "$r" && k check stacks/a.yaml > "$work/check.out" 2> "$work/check.err") & checker=$!
sleep 1
kill -0 $checker 2> /dev/null || fail "check did not wait for the publishing build: $(cat "$work/check.err")"
expect "kalypsoc: waiting for pid $holder (kalypsoc build), which is using 'out'" "$(cat "$work/check.err")"
kill -CONT $holder
wait $holder || fail "the resumed build failed"
wait $checker || fail "check after the build was not clean: $(cat "$work/check.out")"
report+=("a build stopped mid-publish: build --no-wait exits 2 naming its pid; check waits, then is clean")

printf 'txn: %s\n' "${report[@]}"
echo "txn: ok"
