// Tests of the parse worker's answer format: a round trip keeps types, positions and
// diagnostics; truncated bytes are refused.
#include "document_codec.h"

#include <doctest/doctest.h>

using namespace kalypso;

TEST_CASE("a document and its diagnostics survive a round trip exactly") {
  Document doc;
  doc.file = "s.yaml";
  doc.root = Json::parse(R"({"a": [1, -2, 2.5, "x", null, true, false, {}, []], "b/~c": {"d": 1e300}})");
  doc.root["a"][0] = int64_t{1};  // as the YAML loader stores integers (Json::parse: unsigned)
  doc.root["u"] = uint64_t{18446744073709551615u};
  doc.value_pos["/a/0"] = {"s.yaml", 2, 5};
  doc.key_pos["/b~1~0c"] = {"s.yaml", 3, 1};
  Diags diags;
  diags.Error({"s.yaml", 4, 2}, "first");
  diags.Warning({"s.yaml", 0, 0}, "second");

  Document back;
  back.file = "s.yaml";
  Diags back_diags;
  REQUIRE(DecodeLoaded(EncodeLoaded(doc, diags), &back, back_diags));
  CHECK(back.root == doc.root);
  CHECK(back.root["a"][0].is_number_integer());
  CHECK_FALSE(back.root["a"][0].is_number_unsigned());  // a signed integer stays signed
  CHECK(back.root["u"].is_number_unsigned());
  CHECK(back.root["a"][2].is_number_float());
  CHECK(back.root.dump() == doc.root.dump());
  CHECK(back.At("/a/0").line == 2);
  CHECK(back.At("/a/0").col == 5);
  CHECK(back.KeyAt("/b~1~0c").line == 3);
  REQUIRE(back_diags.All().size() == 2);
  CHECK(back_diags.ErrorCount() == 1);
  CHECK(back_diags.Render() == diags.Render());
}

TEST_CASE("truncated or padded bytes are refused") {
  Document doc;
  doc.file = "s.yaml";
  doc.root = Json::parse(R"({"a": {"b": "text"}})");
  std::string bytes = EncodeLoaded(doc, Diags());
  for (size_t cut : {size_t{0}, size_t{3}, bytes.size() / 2, bytes.size() - 1}) {
    Document back;
    Diags d;
    CHECK_FALSE(DecodeLoaded(bytes.substr(0, cut), &back, d));
  }
  Document back;
  Diags d;
  CHECK_FALSE(DecodeLoaded(bytes + "x", &back, d));
}
