// Tests of name resolution: endpoints from release names, references, suggestions.
#include "resolve.h"

#include <doctest/doctest.h>

#include "../tests/test_support.h"

using namespace kalypso;
using kalypso::testing::CompileText;
using kalypso::testing::StackText;

TEST_CASE("the MinIO release name moves the S3 endpoint (minio 5.4.0 fullname rule)") {
  struct Case {
    const char* release;
    const char* host;
  } cases[] = {{"kalypso-minio", "kalypso-minio.minio.svc.cluster.local"},
               {"minio", "minio.minio.svc.cluster.local"},
               {"s3store", "s3store-minio.minio.svc.cluster.local"}};
  for (const auto& c : cases) {
    auto r = CompileText(StackText("  store: {kind: minio, namespace: minio, release: " + std::string(c.release) + "}\n"), Until::kWire);
    REQUIRE_MESSAGE(r.ok, r.diags);
    CHECK(r.c->compiled.endpoints.at("store.s3").host == c.host);
    CHECK(r.c->compiled.endpoints.at("store.s3").port == 9000);
  }
}

TEST_CASE("references resolve to host:port, host, port and url; whole-string references keep their type") {
  auto r = CompileText(StackText("  m: {kind: mimir, values: {kafka: {enabled: false}}}\n"
                             "  g:\n    kind: grafana\n    values:\n      a: \"${m.query}\"\n      b: \"${m.query.port}\"\n"
                             "      c: \"x ${m.query.url} y\"\n      d: \"$${m.query}\"\n      e: \"${ENV_VAR}\"\n"),
                       Until::kWire);
  REQUIRE_MESSAGE(r.ok, r.diags);
  const Json& v = r.c->compiled.components.at("g").charts[0].values;
  CHECK(v["a"] == "m-mimir-gateway.m.svc.cluster.local:80");
  CHECK(v["b"] == 80);
  CHECK(v["c"] == "x http://m-mimir-gateway.m.svc.cluster.local:80/prometheus y");
  CHECK(v["d"] == "${m.query}");
  CHECK(v["e"] == "${ENV_VAR}");
  CHECK(r.c->compiled.components.at("g").deps == std::set<std::string>{"m"});
}

TEST_CASE("unknown names are reported where they are written, with the closest valid name") {
  auto r = CompileText(StackText("  m: {kind: mimir}\n  g:\n    kind: grafana\n    values: {u: \"${m.qurey}\"}\n"
                             "    datasources: [mimr]\n  x: {kind: lokki}\n"),
                       Until::kWire);
  CHECK_FALSE(r.ok);
  CHECK(r.diags ==
        "stack.yaml:7:17: error: unknown endpoint 'qurey' of 'm' (did you mean 'query'?)\n    values: {u: \"${m.qurey}\"}\n                ^\n"
        "stack.yaml:8:19: error: datasource names unknown component 'mimr'\n    datasources: [mimr]\n                  ^\n"
        "stack.yaml:9:13: error: unknown component kind 'lokki' (did you mean 'loki'?)\n  x: {kind: lokki}\n            ^\n");
}

TEST_CASE("storage must name a MinIO component or an s3 external") {
  auto r = CompileText(StackText("  g: {kind: grafana}\n  t: {kind: tempo, storage: g}\n"), Until::kWire);
  CHECK(r.diags == "stack.yaml:5:29: error: 'g' (kind 'grafana') provides no S3 storage; name a minio component or an s3 external\n"
                   "  t: {kind: tempo, storage: g}\n                            ^\n");
}

TEST_CASE("externals are used like components") {
  auto r = CompileText("stack: t\nrepo: {url: https://example.org/r.git}\nexternals:\n  ext:\n    kind: s3\n"
                       "    endpoints: {s3: {host: host.docker.internal, port: 9000}}\ncomponents:\n  t: {kind: tempo, storage: ext}\n",
                       Until::kWire);
  REQUIRE_MESSAGE(r.ok, r.diags);
  const Json& v = r.c->compiled.components.at("t").charts[0].values;
  CHECK(v["storage"]["trace"]["s3"]["endpoint"] == "host.docker.internal:9000");
  CHECK(r.c->compiled.components.at("t").wave == 1);
}
