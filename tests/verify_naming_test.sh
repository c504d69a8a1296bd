#!/usr/bin/env bash
# The naming rules proven on the real templates: every stdlib kind whose charts are in
# ../shared/charts, with three release names (short, containing the chart's name, 40
# characters), rendered by `kalypsoc verify`; every export must name a rendered Service and
# port (and every other check of verify must hold too).
set -uo pipefail
kalypsoc="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
helm="$(cd ../shared/helm 2>/dev/null && pwd)/helm"
[ -x "$helm" ] || { echo "FAIL: ../shared/helm/helm not found beside the repository"; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export KALYPSO_CACHE_DIR="$tmp/cache"

# kind, then the release name containing its chart's name (the name its fullname rule tests).
kinds="otel:my-opentelemetry-operator istio:mesh-base minio:store-minio tempo:traces-tempo loki:logs-loki
pyroscope:pyroscope-profiles grafana:grafana kube-prometheus-stack:kube-prometheus-stack argo-cd:argocd
metallb:metallb-lb cert-manager:x-cert-manager kyverno:kyverno-policy alloy:alloy-agent"
# mimir is missing: mimir-distributed 6.0.4 is not in ../shared/charts (SOURCES.md).

stack() {  # stack VARIANT: one component per kind, each with the release the variant gives it
  local variant=$1
  printf 'stack: naming-%s\nrepo: {url: https://example.org/gitops.git}\npolicy: {forbid: [kafka]}\ncomponents:\n' "$variant"
  for pair in $kinds; do
    local kind=${pair%%:*} contains=${pair#*:} release
    # opentelemetry-operator appends "-webhook" to a fullname cut at 63 characters, so a
    # 40-character release gives an invalid Service name: kalypsoc refuses it (checked below).
    [ "$variant" = long ] && [ "$kind" = otel ] && continue
    case $variant in
      short) release=r ;;
      contains) release=$contains ;;
      long) release=kalypso-naming-proof-release-40-chars-xy ;;
    esac
    printf '  c-%s:\n    kind: %s\n    namespace: ns-%s\n    release: %s\n' "$kind" "$kind" "$kind" "$release"
    case $kind in
      tempo | loki) printf '    storage: c-minio\n' ;;
      pyroscope) printf '    storage: c-minio\n    values: {alloy: {enabled: false}}\n' ;;
      minio | grafana | kube-prometheus-stack) printf '    credentials: {secret: admin-%s}\n' "$kind" ;;
    esac
  done
}

fails=0
for variant in short contains long; do
  mkdir -p "$tmp/$variant"
  stack "$variant" > "$tmp/$variant/stack.yaml"
  start=$(date +%s)
  "$kalypsoc" verify "$tmp/$variant/stack.yaml" --helm "$helm" > "$tmp/$variant.out" 2> "$tmp/$variant.err"
  rc=$?
  echo "naming ($variant release names): exit $rc in $(($(date +%s) - start)) s: $(tail -1 "$tmp/$variant.out")"
  if [ "$rc" != 0 ]; then
    echo "FAIL: $variant release names:"; cat "$tmp/$variant.out" "$tmp/$variant.err"; fails=$((fails + 1))
  fi
done
# The long release for otel: a compile error naming the Service, not a tree that cannot apply.
printf 'stack: naming-otel\nrepo: {url: https://example.org/gitops.git}\ncomponents:\n  c-otel: {kind: otel, release: kalypso-naming-proof-release-40-chars-xy}\n' > "$tmp/otel.yaml"
"$kalypsoc" verify "$tmp/otel.yaml" --helm "$helm" > /dev/null 2> "$tmp/otel.err"
rc=$?
if [ "$rc" != 2 ] || ! grep -qF "error: export 'operator-webhook' of 'c-otel' names the Service 'kalypso-naming-proof-release-40-chars-xy-opentelemetry-operator-webhook', which is not a Kubernetes name" "$tmp/otel.err"; then
  echo "FAIL: otel with a 40-character release: exit $rc"; cat "$tmp/otel.err"; fails=$((fails + 1))
fi
[ "$fails" = 0 ] || exit 1
