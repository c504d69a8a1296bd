// Tests of the stdlib compiled into the binary: it is the source tree's stdlib byte for byte,
// its fingerprint follows content, and the descriptions `stdlib show` prints come from it.
#include "stdlib_files.h"

#include <doctest/doctest.h>

#include "stdlib_eval.h"
#include "stdlib_info.h"

using namespace kalypso;

TEST_CASE("the built-in stdlib is the stdlib directory it was built from") {
  std::map<std::string, std::string> disk = StdlibFiles(std::string(KALYPSO_SOURCE_DIR) + "/stdlib");
  REQUIRE(disk.count("kalypso.libsonnet") == 1);
  CHECK(BuiltinStdlib() == disk);
  CHECK(StdlibFiles("") == BuiltinStdlib());
  CHECK(StdlibFiles(kBuiltinStdlib) == BuiltinStdlib());
  CHECK(StdlibFiles("/nonexistent-dir").empty());
}

TEST_CASE("the fingerprint changes with any byte of any file and with a file's name") {
  std::map<std::string, std::string> files = BuiltinStdlib();
  std::string base = StdlibFingerprint(files);
  files["loki.libsonnet"] += " ";
  CHECK(StdlibFingerprint(files) != base);
  files = BuiltinStdlib();
  files["extra.libsonnet"] = "{}";
  CHECK(StdlibFingerprint(files) != base);
  CHECK(StdlibFingerprint(BuiltinStdlib()) == base);
}

TEST_CASE("stdlib show: chart, exports with the Service names naming.cc gives, values, features") {
  EvalOptions options;
  options.all_kinds = true;
  Catalog catalog;
  Diags diags;
  REQUIRE(EvaluateStdlib(Json::object(), "stdlib", options, &catalog, diags));
  REQUIRE(catalog.kinds.contains("loki"));
  std::string text = StdlibShowText("loki", catalog.kinds["loki"]);
  CHECK(text.find("loki 6.49.0 from https://grafana.github.io/helm-charts") != std::string::npos);
  CHECK(text.find("query: {fullname}-gateway:80 (http) -> loki-gateway") != std::string::npos);
  CHECK(text.find("deploymentMode: SingleBinary") != std::string::npos);
  CHECK(text.find("bundled-minio: /minio/enabled (chart default false)") != std::string::npos);
  std::string list = StdlibListText(catalog.kinds);
  CHECK(list.find("grafana") != std::string::npos);
  CHECK(list.find("loki@6.49.0") != std::string::npos);
}
