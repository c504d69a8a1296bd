#!/usr/bin/env bash
# `kalypsoc verify` with the real charts (../shared/helm/helm serving ../shared/charts): both
# shipped stacks and the golden cases prove clean where their charts exist (an unavailable
# chart is exit 2, never a pass), and each fact broken in a copy of the stdlib is found.
set -uo pipefail
kalypsoc="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
helm="$(cd ../shared/helm 2>/dev/null && pwd)/helm"
if [ ! -x "$helm" ]; then
  echo "FAIL: ../shared/helm/helm not found beside the repository (verify's tests render real charts)"; exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export KALYPSO_CACHE_DIR="$tmp/cache"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# run NAME WANT_RC ARGS...: runs verify, keeps stdout in $tmp/NAME.out (temp paths removed).
run() {
  local name=$1 want=$2; shift 2
  "$kalypsoc" "$@" --helm "$helm" > "$tmp/$name.raw" 2> "$tmp/$name.err"
  local rc=$?
  sed "s|$tmp/||g" "$tmp/$name.raw" > "$tmp/$name.out"
  [ "$rc" = "$want" ] || { fail "$name: exit $rc, want $want"; cat "$tmp/$name.out" "$tmp/$name.err"; }
}
has() { grep -qxF -- "$2" "$tmp/$1.out" || { fail "$1: missing line: $2"; cat "$tmp/$1.out"; }; }
# The only lines besides the summary are chart-unavailable errors: no finding.
no_findings() {
  if grep -v '^verify: \|^error: chart unavailable: ' "$tmp/$1.out" | grep -q .; then fail "$1: findings:"; cat "$tmp/$1.out"; fi
}

# --- the shipped stacks: everything whose chart exists is proven --------------------------
run kalypso 2 verify stacks/kalypso.yaml
no_findings kalypso
has kalypso 'error: chart unavailable: kalypso-mimir: chart "mimir-distributed" version "6.0.4" not found in https://grafana.github.io/helm-charts repository (helmlite serves charts from '"$(cd ../shared/charts && pwd)"'; versions there: none)'
grep -q '^verify: 8 of 9 components rendered and checked, 0 findings, 1 not rendered' "$tmp/kalypso.out" || fail "kalypso: summary"
run kalypso-one 0 verify stacks/kalypso.yaml --component kalypso-loki
run hy-home 2 verify examples/hy-home/stack.yaml
no_findings hy-home
grep -q '^verify: 14 of 16 components rendered and checked, 0 findings, 2 not rendered' "$tmp/hy-home.out" || fail "hy-home: summary"
grep -q '^error: chart unavailable: airflow: ' "$tmp/hy-home.out" || fail "hy-home: airflow not reported unavailable"
grep -q '^error: chart unavailable: n8n: ' "$tmp/hy-home.out" || fail "hy-home: n8n not reported unavailable"

# --- a fleet: every instance rendered from clusters/<cluster>/manifests/<component>, checked
# against its own cluster (domain, Services, Secrets); only the hub's mimir is unavailable.
run fleet 2 verify examples/fleet/stack.yaml
no_findings fleet
[ "$(grep -c '^error: chart unavailable: ' "$tmp/fleet.out")" = 1 ] || fail "fleet: more than mimir unavailable"
grep -q '^error: chart unavailable: hub/kalypso-mimir: chart "mimir-distributed" version "6.0.4" not found' "$tmp/fleet.out" || fail "fleet: mimir not reported unavailable"
grep -q '^verify: 16 of 17 components rendered and checked, 0 findings, 1 not rendered' "$tmp/fleet.out" || fail "fleet: summary"
grep -q '^verify: prod-us/kalypso-otel: rendered ' "$tmp/fleet.err" || fail "fleet: prod-us/kalypso-otel not rendered"
run fleet-one 0 verify examples/fleet/stack.yaml --component prod-us/kalypso-otel
grep -q '^verify: 1 of 1 components rendered' "$tmp/fleet-one.out" || fail "fleet-one: summary"
run fleet-all 0 verify examples/fleet/stack.yaml --component kalypso-istio
[ "$(grep -c '^verify: [a-z0-9-]*/kalypso-istio: rendered ' "$tmp/fleet-all.err")" = 4 ] || fail "fleet-all: not every cluster's istio"
run fleet-unknown 2 verify examples/fleet/stack.yaml --component hub/kalypso-otl
grep -qF "did you mean 'hub/kalypso-otel'?" "$tmp/fleet-unknown.err" || { fail "fleet-unknown: message"; cat "$tmp/fleet-unknown.err"; }

# --- golden cases (fleet ones too): exit 0, or exit 2 naming only unavailable charts ------
for stack in tests/cases/*/stack.yaml tests/cases/*/stack.jsonnet; do
  name="case-$(basename "$(dirname "$stack")")"
  case "$name" in case-error-*) continue ;; esac
  "$kalypsoc" verify "$stack" --helm "$helm" > "$tmp/$name.out" 2> "$tmp/$name.err"
  rc=$?
  if [ "$rc" = 2 ] && ! grep -q '^error: chart unavailable: ' "$tmp/$name.out"; then fail "$name: exit 2 without an unavailable chart"; cat "$tmp/$name.out" "$tmp/$name.err"; fi
  [ "$rc" = 0 ] || [ "$rc" = 2 ] || { fail "$name: exit $rc"; cat "$tmp/$name.out"; }
  no_findings "$name"
done

# The fleet cases' made-up charts (agent, cache) are unavailable, per instance; the rest proven.
for name in case-fleet-rings case-fleet-rings-jsonnet; do
  grep -q '^verify: 3 of 7 components rendered and checked, 0 findings, 4 not rendered' "$tmp/$name.out" || { fail "$name: summary"; cat "$tmp/$name.out"; }
  [ "$(grep -c '^error: chart unavailable: \(dev-1/agent\|dev-1/cache\|prod-eu/agent\|prod-us/agent\): ' "$tmp/$name.out")" = 4 ] || fail "$name: unavailable instances"
done
grep -q '^verify: 4 of 4 components rendered and checked, 0 findings' "$tmp/case-fleet-app-of-apps.out" || fail "case-fleet-app-of-apps: summary"

# --- a fact broken in a copy of the stdlib gives exit 1 and exactly its finding -----------
# broken NAME FILE SED STACK ARGS...: stdlib copy with FILE edited by SED, verify STACK.
broken() {
  local name=$1 file=$2 expr=$3 stack=$4; shift 4
  rm -rf "$tmp/stdlib" && cp -r stdlib "$tmp/stdlib"
  sed -i "$expr" "$tmp/stdlib/$file"
  cmp -s "stdlib/$file" "$tmp/stdlib/$file" && fail "$name: the edit changed nothing"
  run "$name" 1 --stdlib "$tmp/stdlib" verify "$stack" "$@"
}
# at FILE TEXT [AFTER]: stdlib/FILE:LINE of the one line holding TEXT (the fact a finding
# cites), counting only lines past the first one holding AFTER when given.
at() {
  local n; n="$(awk -v t="$2" -v a="${3:-}" 'a == "" || past { if (index($0, t)) print NR } a != "" && index($0, a) { past = 1 }' "stdlib/$1")"
  # (in $(...): the message goes to stderr, and the finding's line then cannot match)
  [ "$(printf '%s\n' "$n" | grep -c .)" = 1 ] || echo "FAIL: stdlib/$1: '$2' is not on exactly one line" >&2
  echo "stdlib/$1:$n"
}
# count NAME N: the run reported exactly N findings (one broken fact, nothing else).
count() {
  local n; n="$(grep -c '^stdlib/' "$tmp/$1.out")"
  [ "$n" = "$2" ] || { fail "$1: $n findings, want $2"; cat "$tmp/$1.out"; }
}
run store 0 verify tests/verify/store.yaml
run lone 0 verify tests/verify/lone.yaml
broken suffix minio.libsonnet "s/service: '{fullname}-console'/service: '{fullname}-consol'/" tests/verify/store.yaml
has suffix "$(at minio.libsonnet "console: { service: '{fullname}-console'"): store: Service/store-minio-consol: endpoint 'console' names Service 'store-minio-consol' in namespace 'store', which is not rendered (Services rendered there: store-minio, store-minio-console)"
count suffix 1
broken port minio.libsonnet "s/port: 9000/port: 9001/" tests/verify/store.yaml
has port "$(at minio.libsonnet "s3: { service: '{fullname}', port: 9000"): store: Service/store-minio: endpoint 's3' names port 9001 of Service 'store-minio', which has ports 9000"
has port "$(at minio.libsonnet "s3: { service: '{fullname}', port: 9000"): profiles: ConfigMap/profiles-pyroscope-config: address 'store-minio.store.svc.cluster.local:9001' names port 9001 of Service 'store-minio', which has ports 9000"
count port 2
broken key minio.libsonnet "s/keys: \['rootUser', 'rootPassword'\]/keys: ['rootUser', 'rootPass']/" tests/verify/store.yaml
has key "$(at minio.libsonnet "keys: ['rootUser', 'rootPassword']"): store: Deployment/store-minio: container 'minio' env MINIO_ROOT_PASSWORD reads key 'rootPassword' of Secret 'store-root', which has keys rootPass, rootUser (as kalypsoc states it)"
count key 1
broken s3-key s3.libsonnet "s/'AWS_SECRET_ACCESS_KEY'\]/'AWS_SECRET_KEY']/" stacks/kalypso.yaml --component kalypso-loki
has s3-key "$(at loki.libsonnet "secretKeys" "  storage: {"): kalypso-loki: StatefulSet/kalypso-loki: container 'loki' expands \${AWS_SECRET_ACCESS_KEY} in ConfigMap/loki config.yaml, but its environment has no AWS_SECRET_ACCESS_KEY"
count s3-key 1
# The chart's default user is replaced twice: `users: []` in the skeleton, and the users per
# consumer written at usersPath (an empty list without consumers); both are broken here.
broken default minio.libsonnet "s/      users: \[\],//; s|usersPath: '/users'|usersPath: '/user'|" tests/verify/lone.yaml
has default "$(at minio.libsonnet "value: 'console123'"): store: ConfigMap/store-minio: key 'add-user' holds the chart's default credential 'console123' (minio 5.4.0 values.yaml:372 users[0].secretKey)"
count default 1
broken forbidden pyroscope.libsonnet "s|path: '/alloy/enabled', default: true|path: '/alloy/enable', default: false|" tests/verify/forbidden.yaml
has forbidden "$(at pyroscope.libsonnet "name: '{subchart:alloy}'"): profiles: StatefulSet/profiles-alloy: the policy forbids 'alloy', but its workload StatefulSet/profiles-alloy is rendered"
count forbidden 1
broken expand loki.libsonnet "s|singleBinary: { extraArgs: \['-config.expand-env=true'\], |singleBinary: { |" stacks/kalypso.yaml --component kalypso-loki
has expand "$(at loki.libsonnet "values:" "  storage: {"): kalypso-loki: StatefulSet/kalypso-loki: container 'loki' mounts ConfigMap/loki whose config.yaml uses \${AWS_ACCESS_KEY_ID}, but does not pass -config.expand-env=true"
has expand "$(at loki.libsonnet "values:" "  storage: {"): kalypso-loki: StatefulSet/kalypso-loki: container 'loki' mounts ConfigMap/loki whose config.yaml uses \${AWS_SECRET_ACCESS_KEY}, but does not pass -config.expand-env=true"
count expand 2
broken runtime argo_cd.libsonnet "s|runtimeSecrets: \[{ name: 'argocd-redis', keys: \['auth'\] }\],||" examples/hy-home/stack.yaml --component argocd
grep -q "reads Secret 'argocd-redis' key 'auth', which is not rendered, not listed by \`kalypsoc secrets\` and not declared as created at run time" "$tmp/runtime.out" || { fail "runtime: finding"; cat "$tmp/runtime.out"; }

# --- output, errors -------------------------------------------------------------------------
run json 0 verify tests/verify/store.yaml --output json
grep -q '"status": "proven"' "$tmp/json.out" || fail "json: status"
broken json-broken minio.libsonnet "s/port: 9000/port: 9001/" tests/verify/store.yaml --output json --component store
grep -q '"status": "findings"' "$tmp/json-broken.out" || fail "json-broken: status"
run unknown 2 verify tests/verify/store.yaml --component stor
grep -qF "error: --component stor: no such component in tests/verify/store.yaml (did you mean 'store'?)" "$tmp/unknown.err" || fail "unknown component message"
"$kalypsoc" verify tests/verify/store.yaml --helm /nonexistent/helm > /dev/null 2> "$tmp/nohelm.err"
[ $? = 2 ] && grep -qF -- "--helm /nonexistent/helm: not an executable file" "$tmp/nohelm.err" || fail "missing helm: exit 2 with a message"
ls "$tmp/cache/charts" | grep -q '^minio-5.4.0$' || fail "charts are not cached in \$KALYPSO_CACHE_DIR/charts"

[ "$fails" = 0 ] && echo "verify: all cases pass" || { echo "verify: $fails failures"; exit 1; }
