// Position look-ups for Document: a missing entry falls back to the closest ancestor, so
// values synthesized by a stage still point somewhere sensible.
#include "document.h"

namespace kalypso {

static std::string Parent(const std::string& pointer) {
  size_t slash = pointer.rfind('/');
  return slash == std::string::npos ? "" : pointer.substr(0, slash);
}

Location Document::At(const std::string& pointer) const {
  std::string p = pointer;
  for (;;) {
    auto it = value_pos.find(p);
    if (it != value_pos.end()) return it->second;
    if (p.empty()) return Location{file, 0, 0};
    p = Parent(p);
  }
}

Location Document::KeyAt(const std::string& pointer) const {
  auto it = key_pos.find(pointer);
  return it != key_pos.end() ? it->second : At(pointer);
}

std::string PointerAppend(const std::string& pointer, const std::string& token) {
  std::string out = pointer + "/";
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string PointerAppend(const std::string& pointer, size_t index) {
  return pointer + "/" + std::to_string(index);
}

}  // namespace kalypso
