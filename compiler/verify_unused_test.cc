// Tests of --unused-values' leaf walk and leaf change (the renders are tests/verify_test.sh's).
#include "verify_unused.h"

#include <doctest/doctest.h>

using namespace kalypso;

TEST_CASE("every leaf of a values tree, empty containers included, as JSON Pointers") {
  Json v = Json::parse(R"({"a": {"b": 1, "c": [true, "x"]}, "d": [], "e": {}, "f/g": null})");
  CHECK(Leaves(v) == std::vector<std::string>{"/a/b", "/a/c/0", "/a/c/1", "/d", "/e", "/f~1g"});
  CHECK(Leaves(Json::object()).empty());
}

TEST_CASE("a changed leaf differs and keeps its type where it has one") {
  Json v = Json::parse(R"({"b": true, "i": 1, "f": 0.5, "s": "x", "a": [], "o": {}, "n": null})");
  CHECK(ChangeLeaf(v, "/b")["b"] == false);
  CHECK(ChangeLeaf(v, "/i")["i"] == 2);
  CHECK(ChangeLeaf(v, "/f")["f"] == 2.0);
  CHECK(ChangeLeaf(v, "/s")["s"] == "xx");
  CHECK(ChangeLeaf(v, "/a")["a"].size() == 1);
  CHECK(ChangeLeaf(v, "/o")["o"].size() == 1);
  CHECK(ChangeLeaf(v, "/n")["n"].is_string());
  Json changed = ChangeLeaf(v, "/s");
  changed["s"] = "x";
  CHECK(changed == v);  // nothing else moved
}
