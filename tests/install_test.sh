#!/usr/bin/env bash
# The installed tool without its source tree: the .deb `make package` builds (CPack) is
# unpacked into a temporary root with `dpkg -x`; its kalypsoc, run from another directory
# with the stdlib compiled in, writes a starter stack (`init`) and builds it. Also checks
# `make install`'s layout (man page, completions) and a copied binary with the tree moved.
set -euo pipefail
kalypsoc=$(realpath "$1")
build=$(dirname "$kalypsoc")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export KALYPSO_CACHE_DIR=$tmp/cache
unset KALYPSO_STDLIB
fail() { echo "FAIL: $*"; exit 1; }

(cd "$build" && cpack -G DEB -B "$tmp/pkg" > "$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; fail "cpack"; }
deb=$(ls "$tmp"/pkg/kalypsoc_*.deb)
dpkg-deb -f "$deb" Package Version Depends
dpkg -x "$deb" "$tmp/root"
for f in usr/bin/kalypsoc usr/share/man/man1/kalypsoc.1.gz usr/share/bash-completion/completions/kalypsoc \
         usr/share/zsh/vendor-completions/_kalypsoc usr/share/fish/vendor_completions.d/kalypsoc.fish; do
  [ -s "$tmp/root/$f" ] || fail "the package lacks $f"
done
zcat "$tmp/root/usr/share/man/man1/kalypsoc.1.gz" | grep -q '^\.SS build' || fail "man page has no build section"
grep -q 'stdlib' "$tmp/root/usr/share/bash-completion/completions/kalypsoc" || fail "bash completion lacks stdlib"
bash -c "source '$tmp/root/usr/share/bash-completion/completions/kalypsoc' && complete -p kalypsoc" > /dev/null ||
  fail "bash completion does not load"

# From a directory outside any source tree, with only the unpacked binary.
k=$tmp/root/usr/bin/kalypsoc
mkdir "$tmp/work" && cd "$tmp/work"
"$k" --version | grep -Eq '^kalypsoc [0-9]+\.[0-9]+\.[0-9]+ \(commit [0-9a-f]{12}|unknown' || fail "--version: $("$k" --version)"
"$k" init
"$k" build 2> build.log || { cat build.log; fail "build of the starter stack"; }
grep -q "stack.yaml: wrote" build.log || fail "no summary line: $(cat build.log)"
[ -s out/argocd/applicationset.yaml ] || [ -n "$(ls out/argocd)" ] || fail "no ArgoCD tree written"
"$k" check > /dev/null || fail "check after build"
"$k" stdlib show loki | grep -q "loki-gateway" || fail "stdlib show loki lacks the gateway Service"

# A copied binary still builds after its build tree is out of reach (a different root).
cp "$kalypsoc" "$tmp/copied-kalypsoc"
rm -rf out && "$tmp/copied-kalypsoc" -q build && [ -d out/argocd ] || fail "copied binary"

# make install's layout under a prefix (cmake --install, what `make install PREFIX=` runs).
cmake --install "$build" --prefix "$tmp/prefix" > /dev/null
[ -x "$tmp/prefix/bin/kalypsoc" ] && [ -s "$tmp/prefix/share/man/man1/kalypsoc.1.gz" ] || fail "cmake --install layout"
echo "install: ok"
