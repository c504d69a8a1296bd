// Position look-ups for Document: a missing entry falls back to the closest ancestor, so
// values synthesized by a stage still point somewhere sensible.
#include "document.h"

namespace kalypso {

static std::string Parent(const std::string& pointer) {
  size_t slash = pointer.rfind('/');
  return slash == std::string::npos ? "" : pointer.substr(0, slash);
}

bool Document::SplitLayered(const std::string& pointer, std::string* prefix, std::string* rest) const {
  if (layers.empty() || pointer.compare(0, 2, "/@") != 0) return false;
  size_t slash = pointer.find('/', 2);
  if (slash == std::string::npos) return false;
  slash = pointer.find('/', slash + 1);
  *prefix = pointer.substr(0, slash);
  *rest = slash == std::string::npos ? "" : pointer.substr(slash);
  return layers.count(*prefix) > 0;
}

std::string Document::LayerOf(const std::string& pointer) const {
  std::string prefix, rest;
  if (!SplitLayered(pointer, &prefix, &rest)) return pointer;
  const std::vector<std::string>& list = layers.at(prefix);
  // The component's own line for the instance as a whole; otherwise the last layer that
  // writes the value (a later layer replacing an ancestor would have removed it).
  for (std::string r = rest; !r.empty(); r = Parent(r))
    for (auto layer = list.rbegin(); layer != list.rend(); ++layer)
      if (value_pos.count(*layer + r)) return *layer + r;
  return list.front();
}

Location Document::At(const std::string& pointer) const {
  std::string p = LayerOf(pointer);
  for (;;) {
    auto it = value_pos.find(p);
    if (it != value_pos.end()) return it->second;
    if (p.empty()) return Location{file, 0, 0};
    p = Parent(p);
  }
}

Location Document::KeyAt(const std::string& pointer) const {
  std::string p = LayerOf(pointer);
  auto it = key_pos.find(p);
  return it != key_pos.end() ? it->second : At(p);
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
