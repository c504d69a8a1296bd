// Tests of YAML loading: positions, scalar typing and hostile input.
#include "load.h"

#include <doctest/doctest.h>

using namespace kalypso;

static std::string Fails(const std::string& text, const LoadLimits& limits = {}) {
  Document doc;
  Diags d;
  CHECK_FALSE(LoadYaml("s.yaml", text, &doc, d, limits));
  return d.Render();
}

TEST_CASE("values keep their positions and plain scalars follow the YAML 1.2 core schema") {
  Document doc;
  Diags d;
  REQUIRE(LoadYaml("s.yaml", "a:\n  b: 12\n  c: \"12\"\n  d: on\n  e: true\n  f: ~\n  g: 1.5\n", &doc, d));
  CHECK(doc.root["a"]["b"] == 12);
  CHECK(doc.root["a"]["c"] == "12");
  CHECK(doc.root["a"]["d"] == "on");  // YAML 1.2: 'on' is a string
  CHECK(doc.root["a"]["e"] == true);
  CHECK(doc.root["a"]["f"].is_null());
  CHECK(doc.root["a"]["g"] == 1.5);
  CHECK(doc.At("/a/b").line == 2);
  CHECK(doc.At("/a/b").col == 6);
  CHECK(doc.KeyAt("/a/c").col == 3);
}

TEST_CASE("a duplicate key is an error at the second key") {
  CHECK(Fails("a: 1\nb: 2\na: 3\n") ==
        "s.yaml:3:1: error: duplicate key 'a' (first defined at line 1)\na: 3\n^\n");
}

TEST_CASE("an alias bomb fails fast") {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c, ++prev) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + prev;
    bomb += "]\n";
  }
  std::string out = Fails(bomb);
  CHECK(out.find("error: stack expands to more than 200000 values (aliases expanding exponentially?)") != std::string::npos);
}

TEST_CASE("tabs, NUL bytes, bad UTF-8, empty files and deep nesting are clear errors") {
  CHECK(Fails("a:\n\tb: 1\n") == "s.yaml:2:1: error: tab character in indentation; YAML indents with spaces\n\tb: 1\n^\n");
  CHECK(Fails(std::string("a: 1\nb: \0\n", 10)).find("s.yaml:2:4: error: file contains a NUL byte") == 0);
  CHECK(Fails("a: \xff\n").find("s.yaml:1:4: error: invalid UTF-8 byte sequence") == 0);
  CHECK(Fails("  \n# only a comment\n") == "s.yaml: error: file is empty; a stack needs at least 'stack:' and 'components:'\n");
  LoadLimits shallow;
  shallow.max_depth = 3;
  CHECK(Fails("a: {b: {c: {d: 1}}}\n", shallow).find("error: nesting deeper than 3 levels") != std::string::npos);
}

TEST_CASE("YAML syntax errors carry the position") {
  CHECK(Fails("a: [1, 2\n").find("s.yaml:1:4: error: invalid YAML: unclosed '['; add ']'") == 0);
}

TEST_CASE("the worker's parse gives what an unsandboxed parse gives: values, types, positions, errors") {
  LoadLimits unsandboxed;
  unsandboxed.sandbox = false;
  for (const std::string text : {"a:\n  b: [1, -2, 0.5, x, ~]\n  'c/d': {e: true}\n",
                                 "a: 1\nb:\n  c: 2\n  c: 3\nd: \"x\n"}) {
    Document in_worker, here;
    Diags d1, d2;
    bool ok1 = LoadYaml("s.yaml", text, &in_worker, d1);
    bool ok2 = LoadYaml("s.yaml", text, &here, d2, unsandboxed);
    CHECK(ok1 == ok2);
    CHECK(d1.Render() == d2.Render());
    if (!ok1) continue;
    CHECK(in_worker.root == here.root);
    CHECK(in_worker.root["a"]["b"][1].is_number_integer());
    CHECK(in_worker.value_pos.size() == here.value_pos.size());
    CHECK(in_worker.key_pos.size() == here.key_pos.size());
    for (const auto& [ptr, loc] : here.value_pos) {
      CHECK(in_worker.At(ptr).line == loc.line);
      CHECK(in_worker.At(ptr).col == loc.col);
      CHECK(in_worker.At(ptr).file == "s.yaml");
    }
  }
}
