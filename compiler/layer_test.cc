// Tests of placement and layering: the merge rule, which layer a pointer lands in, and the
// instances a fleet gets (placement by clusters, environments and labels; `enabled: false`).
#include "layer.h"

#include <doctest/doctest.h>

#include "../tests/test_support.h"

using namespace kalypso;
using kalypso::testing::CompileText;

namespace {

const char* kFleet =
    "stack: t\nrepo: {url: https://example.org/r.git}\n"
    "environments: [{name: dev}, {name: prod, maxUpdate: 1}]\n"
    "clusters:\n"
    "  d1: {environment: dev, server: https://d1, labels: {region: eu}}\n"
    "  p1: {environment: prod, server: https://p1, labels: {region: eu}}\n"
    "  p2: {environment: prod, name: p2, labels: {region: us}, clusterDomain: p2.local}\n"
    "components:\n";

// One helm component on a line, with `extra` fields.
std::string Helm(const std::string& name, const std::string& extra) {
  return "  " + name + ": {kind: helm, chart: {name: a, repo: https://r, version: 1.0.0}" + extra + "}\n";
}

}  // namespace

TEST_CASE("layers merge objects key by key; lists and scalars replace") {
  Json target = Json::parse(R"({"a": {"b": 1, "c": [1, 2]}, "d": 1})");
  Overlay(&target, Json::parse(R"({"a": {"c": [3], "e": null}, "d": {"x": 1}})"));
  CHECK(target == Json::parse(R"({"a": {"b": 1, "c": [3], "e": null}, "d": {"x": 1}})"));
}

TEST_CASE("placement: every cluster by default, else by clusters, environments or labels") {
  auto r = CompileText(std::string(kFleet) + Helm("all", "") + Helm("one", ", placement: {clusters: [p2]}") +
                           Helm("prod", ", placement: {environments: [prod]}") +
                           Helm("eu", ", placement: {labels: {region: eu}}, clusters: {p1: {enabled: false}}"),
                       Until::kValidate);
  REQUIRE_MESSAGE(r.ok, r.diags);
  const Stack& s = r.c->stack;
  CHECK(s.placed.at("all") == std::vector<std::string>{"d1/all", "p1/all", "p2/all"});
  CHECK(s.placed.at("one") == std::vector<std::string>{"p2/one"});
  CHECK(s.placed.at("prod") == std::vector<std::string>{"p1/prod", "p2/prod"});
  CHECK(s.placed.at("eu") == std::vector<std::string>{"d1/eu"});
  CHECK(s.disabled == std::set<std::string>{"p1/eu"});
  CHECK(s.environments[1].max_update == 1);
  CHECK(s.clusters.at("p2").cluster_domain == "p2.local");
  CHECK(s.clusters.at("p1").cluster_domain == "cluster.local");
}

TEST_CASE("a layered pointer lands in the last layer that writes the value") {
  auto r = CompileText(std::string(kFleet) + "  a:\n    kind: helm\n    chart: {name: a, repo: https://r, version: 1.0.0}\n" +
                           "    values: {x: 1, y: {z: 1}}\n    environments:\n      prod: {values: {x: 2, y: 5}}\n" +
                           "    clusters:\n      p2: {values: {y: {w: 3}}}\n",
                       Until::kValidate);
  REQUIRE_MESSAGE(r.ok, r.diags);
  const Document& doc = r.c->doc;
  CHECK(r.c->stack.components.at("p2/a").values == Json::parse(R"({"x": 2, "y": {"w": 3}})"));
  CHECK(doc.LayerOf("/@p2/a/values/x") == "/components/a/environments/prod/values/x");
  CHECK(doc.LayerOf("/@p2/a/values/y/w") == "/components/a/clusters/p2/values/y/w");
  CHECK(doc.LayerOf("/@d1/a/values/y/z") == "/components/a/values/y/z");
  CHECK(doc.LayerOf("/@p2/a") == "/components/a");
  CHECK(doc.At("/@p1/a/values/y").line == 14);  // the environment block's line
  CHECK(doc.LayerOf("/components/a/values") == "/components/a/values");
}

TEST_CASE("a one-cluster stack has one implicit cluster and no layers") {
  auto r = CompileText(kalypso::testing::StackText("  a: {kind: helm, chart: {name: a, repo: https://r, version: 1.0.0}}\n"),
                       Until::kValidate);
  REQUIRE_MESSAGE(r.ok, r.diags);
  CHECK(!r.c->stack.fleet);
  CHECK(r.c->stack.components.at("a").id == "a");
  CHECK(r.c->stack.components.at("a").cluster->name.empty());
  CHECK(r.c->stack.components.at("a").ptr == "/components/a");
  CHECK(r.c->doc.layers.empty());
}

TEST_CASE("an override block for a cluster or environment the component does not run on is a warning") {
  auto r = CompileText(std::string(kFleet) +
                           Helm("a", ", placement: {environments: [dev]}, environments: {prod: {values: {x: 1}}},\n"
                                     "      clusters: {p1: {enabled: false}, d1: {values: {y: 1}}}"),
                       Until::kValidate);
  REQUIRE_MESSAGE(r.ok, r.diags);
  CHECK(r.diags ==
        "stack.yaml:9:119: warning: 'environments.prod' has no effect: the placement of 'a' puts it on no cluster of environment 'prod'\n"
        "  a: {kind: helm, chart: {name: a, repo: https://r, version: 1.0.0}, placement: {environments: [dev]}, environments: {prod: {values: {x: 1}}},\n"
        "                                                                                                                      ^\n"
        "stack.yaml:10:18: warning: 'clusters.p1' has no effect: the placement of 'a' does not put it on cluster 'p1'\n"
        "      clusters: {p1: {enabled: false}, d1: {values: {y: 1}}}}\n"
        "                 ^\n");
}
