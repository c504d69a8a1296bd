// Tests of the deterministic YAML emitter.
#include "yaml_emit.h"

#include <doctest/doctest.h>

using namespace kalypso;

TEST_CASE("strings YAML 1.1 would misread are quoted") {
  for (const char* s : {"on", "no", "Yes", "1.0", "0123", "*", "", "-5m", "1e3", "0x1f", "2024-04-01", "a: b", "~", "null", "12:30"})
    CHECK_MESSAGE(YamlScalar(s).front() == '\'', s);
  for (const char* s : {"minio", "http://x:9000/p", "process_cpu:cpu", "v1.14.4", "${AWS_ACCESS_KEY_ID}", "5m"})
    CHECK_MESSAGE(YamlScalar(s) == s, s);
  CHECK(YamlScalar("it's") == "it's");
  CHECK(YamlScalar("'q'") == "'''q'''");
  CHECK(YamlScalar("tab\there") == "\"tab\\there\"");
}

TEST_CASE("Kubernetes objects open with apiVersion, kind, metadata; other keys sorted") {
  Json obj = {{"spec", {{"b", 1}, {"a", Json::array({1, "x"})}}}, {"metadata", {{"name", "obj"}}}, {"kind", "K"}, {"apiVersion", "v1"}};
  CHECK(EmitYaml(obj) == "apiVersion: v1\nkind: K\nmetadata:\n  name: obj\nspec:\n  a:\n    - 1\n    - x\n  b: 1\n");
}

TEST_CASE("sequences of mappings, empty collections and multi-line strings") {
  Json v = {{"list", Json::array({{{"name", "a"}, {"deep", {{"k", "v"}}}}, Json::object()})}, {"empty", Json::array()},
            {"text", "line one\nline two\n"}};
  CHECK(EmitYaml(v) == "empty: []\nlist:\n  - deep:\n      k: v\n    name: a\n  - {}\ntext: |\n  line one\n  line two\n");
}

TEST_CASE("a one-word value that would pass 80 columns goes alone on the next line") {
  std::string host = "a-long-release-name-otel-collector.observability.svc.cluster.local:4317";
  Json v = {{"exporters", {{"otlp", {{"endpoint", host}}}}}, {"list", Json::array({{{"endpoint", host}}})},
            {"short", "x"}, {"words", std::string(90, 'a') + " b"}};
  CHECK(EmitYaml(v) == "exporters:\n  otlp:\n    endpoint:\n      " + host + "\nlist:\n  - endpoint:\n      " + host +
                           "\nshort: x\nwords: " + std::string(90, 'a') + " b\n");
}

TEST_CASE("a margin judges line length where the text will stand (a ConfigMap's block scalar)") {
  std::string host = std::string(60, 'h') + ":4317";
  Json v = {{"otlp", {{"endpoint", host}, {"tls", {{"insecure", true}}}}}, {"text", "a\n\nb\n"}};
  CHECK(EmitYaml(v) == "otlp:\n  endpoint: " + host + "\n  tls:\n    insecure: true\ntext: |\n  a\n\n  b\n");
  CHECK(EmitYaml(v, 4) == "otlp:\n  endpoint:\n    " + host + "\n  tls:\n    insecure: true\ntext: |\n  a\n\n  b\n");
}
