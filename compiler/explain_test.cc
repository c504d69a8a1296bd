// Tests of explain: the winning layer first, then the layers it overrides, the stdlib's line
// for a stdlib default, and the one-cluster form.
#include "explain.h"

#include <doctest/doctest.h>

#include <fstream>

#include "../tests/test_support.h"

using namespace kalypso;
using kalypso::testing::CompileText;

namespace {

std::string ExplainText(const testing::Result& r, const std::string& target, const std::string& path) {
  std::string out, error;
  if (!Explain(*r.c, DefaultStdlibDir(), target, path, &out, &error)) return "error: " + error;
  return out;
}

}  // namespace

TEST_CASE("explain: the cluster's block wins over the environment's, which wins over the component") {
  auto r = CompileText(
      "stack: t\nrepo: {url: https://example.org/r.git}\n"
      "environments: [{name: dev}, {name: prod}]\n"
      "clusters:\n  d1: {environment: dev, server: https://d1}\n  p1: {environment: prod, server: https://p1}\n"
      "components:\n"
      "  logs:\n"
      "    kind: minio\n"
      "    credentials: {secret: root}\n"
      "    values: {level: info}\n"
      "    environments: {prod: {values: {level: warn}}}\n"
      "    clusters: {p1: {values: {level: error}}}\n"
      "",
      Until::kWire);
  REQUIRE_MESSAGE(r.ok, r.diags);
  CHECK(ExplainText(r, "p1/logs", "values.level") ==
        "p1/logs values.level = \"error\"\n"
        "  set by   stack.yaml:13  clusters.p1\n"
        "  over     stack.yaml:12  environments.prod = \"warn\"\n"
        "  over     stack.yaml:11  component = \"info\"\n");
  CHECK(ExplainText(r, "d1/logs", "values.level") == "d1/logs values.level = \"info\"\n  set by   stack.yaml:11  component\n");
  // The stdlib file is shown relative to the current directory when inside it (ctest runs elsewhere).
  std::string mode = ExplainText(r, "p1/logs", "values.mode");
  CHECK(mode.rfind("p1/logs values.mode = \"standalone\"\n  set by   ", 0) == 0);
  // The line of the stdlib fact, found in the file (edits to the stdlib move it).
  std::ifstream kind(std::string(KALYPSO_SOURCE_DIR) + "/stdlib/minio.libsonnet");
  int line = 0, mode_line = 0;
  for (std::string text; std::getline(kind, text) && mode_line == 0;)
    if (++line, text.find("mode: 'standalone'") != std::string::npos) mode_line = line;
  REQUIRE(mode_line > 0);
  CHECK(mode.find("stdlib/minio.libsonnet:" + std::to_string(mode_line) + "  stdlib default\n") != std::string::npos);
  CHECK(ExplainText(r, "p1/log", "") == "error: no instance 'p1/log' (did you mean 'p1/logs'?); name it as CLUSTER/COMPONENT");
  CHECK(ExplainText(r, "logs", "") == "error: 'logs' runs on 2 clusters; name one: d1/logs, p1/logs");
}

TEST_CASE("explain on a one-cluster stack takes the component name") {
  auto r = CompileText(kalypso::testing::StackText("  m: {kind: helm, chart: {name: a, repo: https://r, version: 1.0.0}, wave: 3}\n"),
                       Until::kWire);
  REQUIRE_MESSAGE(r.ok, r.diags);
  CHECK(ExplainText(r, "m", "wave") == "m wave = 3\n  set by   stack.yaml:4  component\n");
  CHECK(ExplainText(r, "m", "chart.version") == "m chart.version = \"1.0.0\"\n  set by   stack.yaml:4  component\n");
}

TEST_CASE("explain: a key holding dots is written in quotes") {
  auto r = CompileText(kalypso::testing::StackText(
                           "  m:\n    kind: helm\n    chart: {name: a, repo: https://r, version: 1.0.0}\n"
                           "    values: {podLabels: {app.kubernetes.io/part-of: shop}}\n"),
                       Until::kWire);
  REQUIRE_MESSAGE(r.ok, r.diags);
  CHECK(ExplainText(r, "m", "values.podLabels.\"app.kubernetes.io/part-of\"") ==
        "m values.podLabels.\"app.kubernetes.io/part-of\" = \"shop\"\n  set by   stack.yaml:7  component\n");
  CHECK(ExplainText(r, "m", "values.podLabels.'app.kubernetes.io/part-of'").find("= \"shop\"") != std::string::npos);
}
