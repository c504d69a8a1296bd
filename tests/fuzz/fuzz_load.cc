// libFuzzer target: the YAML loader on arbitrary bytes (must never crash, hang or blow up).
#include <cstddef>
#include <cstdint>
#include <string>

#include "load.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kalypso::Document doc;
  kalypso::Diags diags;
  (void)kalypso::LoadYaml("fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size), &doc, diags);
  (void)diags.Render();
  return 0;
}
