// Finds `:latest` images where kalypsoc can see them: `image: repo:latest` strings and
// `image: {repository, tag: latest}` maps (the shape most charts use; also `helperImage`
// and other `*Image` keys), anywhere in a value.
#include "image_policy.h"

#include <functional>

#include "document.h"

namespace kalypso {

std::string ImageTag(const std::string& image) {
  if (image.find('@') != std::string::npos) return "";  // pinned by digest
  if (image.find_first_of("*!?") != std::string::npos) return "";  // a policy's pattern, not an image
  size_t slash = image.rfind('/');
  size_t colon = image.rfind(':');
  if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) return "";  // a registry port
  return image.substr(colon + 1);
}

namespace {

std::string Dotted(const std::string& pointer) {
  std::string out;
  for (char c : pointer.substr(1)) out += c == '/' ? '.' : c;
  return out;
}

// `image`, `helperImage`, `initImage`...: the keys charts and Pod specs name images with.
bool IsImageKey(const std::string& key) {
  return key == "image" || (key.size() > 5 && key.compare(key.size() - 5, 5, "Image") == 0);
}

// Calls `found(pointer, image)` for every latest-tagged image under `v`.
void FindLatest(const Json& v, const std::string& ptr, const std::function<void(const std::string&, const std::string&)>& found) {
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      std::string p = PointerAppend(ptr, it.key());
      const Json& x = it.value();
      if (IsImageKey(it.key()) && x.is_string() && ImageTag(x.get<std::string>()) == "latest") found(p, x.get<std::string>());
      else if (IsImageKey(it.key()) && x.is_object() && x.value("tag", Json()) == "latest")
        found(PointerAppend(p, "tag"), x.value("repository", std::string("?")) + ":latest");
      else FindLatest(x, p, found);
    }
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i) FindLatest(v[i], PointerAppend(ptr, i), found);
  }
}

}  // namespace

void CheckImageTags(const Stack& stack, const Compiled& compiled, Diags& diags) {
  const Document& doc = *stack.doc;
  const std::string rule = ", which the stack's policy forbids (policy.forbid: latest-tag); pin a version";
  for (const auto& [name, rc] : compiled.components) {
    const Component& c = *rc.spec;
    for (const auto& ci : rc.charts)
      FindLatest(ci.values, "", [&](const std::string& p, const std::string& image) {
        Json::json_pointer jp(p);
        if (!ci.user_ptr.empty() && ci.user_values.contains(jp))
          diags.Error(doc.At(ci.user_ptr + p), "image '" + image + "' is tagged 'latest'" + rule);
        else
          diags.Error(doc.KeyAt(c.ptr), "component '" + name + "' runs image '" + image + "' (values '" + Dotted(p) +
                                            "' of chart " + ci.name + ")" + rule + " there");
      });
    // Chart defaults the stdlib knows to run a latest image, unless the final values pin them.
    for (const auto& fact : rc.kind().value("latestDefaults", Json::array()))
      for (const auto& ci : rc.charts) {
        if (ci.name != fact["chart"].get<std::string>()) continue;
        Json::json_pointer path(fact["path"].get<std::string>());
        if (fact.contains("unless")) {
          Json::json_pointer unless(fact["unless"].get<std::string>());
          if (ci.values.contains(unless) && ci.values.at(unless) == false) continue;
        }
        const Json tag = ci.values.contains(path) ? ci.values.at(path) : Json();
        if (!tag.is_null() && tag != "latest") continue;
        diags.Error(doc.KeyAt(c.ptr), "component '" + name + "' runs image '" + fact["image"].get<std::string>() +
                                          ":latest' through the default of chart " + ci.name + " ('" +
                                          Dotted(fact["path"].get<std::string>()) + "')" + rule + ": set " + fact["fix"].dump() +
                                          " in its values");
      }
    for (const auto& [file, objects] : rc.extra_resources)
      FindLatest(objects, "", [&](const std::string&, const std::string& image) {
        diags.Error(doc.KeyAt(c.ptr), "component '" + name + "' runs image '" + image + "' (stdlib manifest " + file + ")" + rule);
      });
    for (size_t i = 0; i < rc.resources.size(); ++i) {
      std::string base = PointerAppend(c.ptr + "/resources", i);
      FindLatest(rc.resources[i], "", [&](const std::string& p, const std::string& image) {
        diags.Error(doc.At(base + p), "image '" + image + "' is tagged 'latest'" + rule);
      });
    }
  }
}

}  // namespace kalypso
