#!/usr/bin/env bash
# Output for people, checked by the tools people use on it: mermaid's own parser (node,
# tests/js) on graphs of stacks whose components are named after every Mermaid keyword, and
# yamllint's default rules on every YAML file of the generated trees.
set -euo pipefail
kalypsoc=$(realpath "$1")
src=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export KALYPSO_CACHE_DIR=$tmp/cache
fail() { echo "FAIL: $*"; exit 1; }
[ -d "$src/tests/js/node_modules/mermaid" ] || fail "tests/js/node_modules missing (make test-deps)"
command -v yamllint > /dev/null || fail "yamllint is not installed (make test-deps)"

# Every flowchart keyword that is also a valid component name (lower-case DNS label).
keywords="end subgraph graph flowchart style linkstyle classdef class click call href callback direction default
  interpolate tb bt rl lr td accdescr acctitle o x"
mkdir -p "$tmp/repo/.git"
cd "$tmp/repo"
{
  echo "stack: keywords"
  echo "repo: {url: https://example.org/gitops.git}"
  echo "components:"
  prev=""
  for k in $keywords; do
    echo "  $k:"
    echo "    kind: manifests"
    echo "    namespace: ns-$k"
    echo "    resources: [{apiVersion: v1, kind: ConfigMap, metadata: {name: $k}, data: {a: b}}]"
    [ -n "$prev" ] && echo "    needs: [$prev]"
    prev=$k
  done
} > stack.yaml
"$kalypsoc" graph --format mermaid stack.yaml > keywords.mmd
"$kalypsoc" -q build stack.yaml
sed -n '/^```mermaid$/,/^```$/p' out/README.md | sed '1d;$d' > readme.mmd
"$kalypsoc" graph --format mermaid "$src/stacks/kalypso.yaml" > kalypso.mmd
# A control: the same graph with component names as node ids (kalypsoc's old output) must be
# refused, or the parser proves nothing.
{ echo "flowchart LR"; echo "  subgraph wave1[\"wave 1\"]"; for k in $keywords; do echo "    $k"; done; echo "  end"; } > control.mmd
out=$(cd "$src/tests/js" && node mermaid_parse.mjs "$tmp/repo/control.mmd" 2>&1) && fail "mermaid accepted keyword ids: $out"
(cd "$src/tests/js" && node mermaid_parse.mjs "$tmp/repo/keywords.mmd" "$tmp/repo/readme.mmd" "$tmp/repo/kalypso.mmd") ||
  fail "mermaid refused kalypsoc's graph"

# yamllint, default rules, on the trees kalypsoc wrote: this one and the shipped ones. The
# exceptions are lines kalypsoc copies verbatim from the stack's inputs (a `resources:`
# file's own long comment, a long string value), which it must not rewrite.
lint() {  # lint TREE INPUT-FILES...
  local tree=$1; shift
  { find "$tree" -name '*.yaml' | sort | xargs yamllint -f parsable || true; } | while IFS= read -r finding; do
    file=${finding%%:*}; rest=${finding#*:}; line=${rest%%:*}
    text=$(sed -n "${line}p" "$file" | sed -E 's/^ *(- )?//; s/^[A-Za-z0-9_.-]+: //')
    case "$finding" in
      *"(line-length)"*) grep -rqF -- "$text" "$@" && continue ;;
    esac
    echo "$finding"
  done
}
problems=$(lint out stack.yaml)
cd "$src"
problems+=$(lint out stacks/kalypso.yaml stdlib)
problems+=$(lint examples/hy-home/out examples/hy-home)
[ -z "$problems" ] || fail "yamllint on generated files:
$problems"

# The schema: the committed file is what the binary embeds (kinds generated from the stdlib),
# it compiles under ajv's strict mode, and an editor using it flags a misspelled kind.
"$kalypsoc" schema | cmp - schema/stack.schema.json ||
  fail "schema/stack.schema.json differs from \`kalypsoc schema\` (regenerate: build/kalypsoc schema > schema/stack.schema.json)"
good='{"stack": "s", "repo": {"url": "https://example.org/g.git"}, "components": {"g": {"kind": "grafana"}}}'
echo "$good" > "$tmp/good.json"
sed 's/"grafana"/"grafanna"/' "$tmp/good.json" > "$tmp/bad.json"
grep -q grafanna "$tmp/bad.json" || fail "test set-up: bad.json"
(cd tests/js && node ajv_strict.mjs "$src/schema/stack.schema.json" "$tmp/good.json") || fail "ajv strict"
out=$(cd tests/js && node ajv_strict.mjs "$src/schema/stack.schema.json" "$tmp/bad.json") && fail "ajv accepted kind grafanna"
case "$out" in *"must be equal to one of the allowed values"*) ;; *) fail "ajv on kind grafanna: $out" ;; esac
echo "output: ok"
