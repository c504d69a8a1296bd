// JSON Schema checking with kalypsoc's diagnostics. The project validates on its own rather
// than through RapidJSON's SchemaValidator (Debian's rapidjson-dev) because that validator
// reports only the first failing keyword as schema/document pointers: it cannot name the
// closest valid property ("did you mean"), collect every error of a run, or explain
// oneOf/anyOf failures by the branch that fits best. The subset below is what our stack
// schema and the ArgoCD CRD schemas use; unsupported keywords are ignored, not guessed.
#include "schema_check.h"

#include <map>
#include <memory>
#include <regex>

namespace kalypso {

std::string JsonTypeName(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "integer";
    case Json::value_t::number_float: return "number";
    case Json::value_t::string: return "string";
    case Json::value_t::array: return "array";
    case Json::value_t::object: return "object";
    default: return "value";
  }
}

static bool TypeMatches(const std::string& type, const Json& v) {
  if (type == "integer")
    return v.is_number_integer() || (v.is_number_float() && v.get<double>() == static_cast<double>(static_cast<long long>(v.get<double>())));
  if (type == "number") return v.is_number();
  return JsonTypeName(v) == type;
}

static const std::regex& CachedRegex(const std::string& pattern) {
  static std::map<std::string, std::unique_ptr<std::regex>> cache;
  auto& slot = cache[pattern];
  if (!slot) slot = std::make_unique<std::regex>(pattern, std::regex::ECMAScript);
  return *slot;
}

static std::string Describe(const std::string& ptr) {
  if (ptr.empty()) return "the stack";
  std::string out;
  for (char c : ptr.substr(1)) out += c == '/' ? '.' : c;
  return "'" + out + "'";
}

const Json& SchemaChecker::Resolve(const Json& schema) const {
  const Json* s = &schema;
  for (int hops = 0; hops < 32 && s->is_object() && s->contains("$ref"); ++hops) {
    std::string ref = (*s)["$ref"].get<std::string>();
    if (ref.rfind("#", 0) != 0) break;
    s = &schema_.at(Json::json_pointer(ref.substr(1)));
  }
  return *s;
}

std::vector<SchemaError> SchemaChecker::Check(const Json& value) const {
  std::vector<SchemaError> errors;
  Walk(schema_, value, "", &errors, 0);
  return errors;
}

void SchemaChecker::Walk(const Json& raw, const Json& value, const std::string& ptr,
                         std::vector<SchemaError>* errors, int depth) const {
  if (depth > 200) return;
  const Json& s = Resolve(raw);
  if (s.is_boolean()) {
    if (!s.get<bool>()) errors->push_back({ptr, Describe(ptr) + " is not allowed here"});
    return;
  }
  if (!s.is_object()) return;
  if (value.is_null() && s.value("nullable", false)) return;

  if (s.contains("type")) {
    const Json& t = s["type"];
    bool ok = false;
    std::string expected;
    if (t.is_string()) {
      ok = TypeMatches(t.get<std::string>(), value);
      expected = t.get<std::string>();
    } else if (t.is_array()) {
      for (const auto& one : t) {
        ok = ok || TypeMatches(one.get<std::string>(), value);
        expected += (expected.empty() ? "" : " or ") + one.get<std::string>();
      }
    }
    if (!ok && !(s.value("x-kubernetes-int-or-string", false) && (value.is_string() || value.is_number_integer()))) {
      errors->push_back({ptr, Describe(ptr) + " must be " + (expected == "integer" || expected == "array" || expected == "object" ? "an " : "a ") +
                                  expected + ", not " + (JsonTypeName(value) == "integer" || JsonTypeName(value) == "array" || JsonTypeName(value) == "object" ? "an " : "a ") + JsonTypeName(value)});
      return;
    }
  }
  if (s.contains("const") && value != s["const"])
    errors->push_back({ptr, Describe(ptr) + " must be " + s["const"].dump()});
  if (s.contains("enum")) {
    bool found = false;
    std::vector<std::string> names;
    for (const auto& e : s["enum"]) {
      found = found || e == value;
      names.push_back(e.is_string() ? e.get<std::string>() : e.dump());
    }
    if (!found) {
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "'" : ", '") + n + "'";
      std::string got = value.is_string() ? value.get<std::string>() : value.dump();
      errors->push_back({ptr, "invalid value '" + got + "' for " + Describe(ptr) + ": expected one of " + list +
                                  DidYouMean(got, names)});
    }
  }
  if (value.is_string()) {
    const std::string& str = value.get_ref<const std::string&>();
    if (s.contains("minLength") && str.size() < s["minLength"].get<size_t>())
      errors->push_back({ptr, Describe(ptr) + (str.empty() ? " must not be empty" : " is too short")});
    if (s.contains("maxLength") && str.size() > s["maxLength"].get<size_t>())
      errors->push_back({ptr, Describe(ptr) + " is longer than " + s["maxLength"].dump() + " characters"});
    if (s.contains("pattern") && !std::regex_search(str, CachedRegex(s["pattern"].get<std::string>()))) {
      // The stack schema explains each pattern in words in the standard `$comment` annotation.
      std::string hint = s.contains("$comment") ? s["$comment"].get<std::string>() : "must match " + s["pattern"].get<std::string>();
      errors->push_back({ptr, "invalid value '" + str + "' for " + Describe(ptr) + ": " + hint});
    }
  }
  if (value.is_number()) {
    double d = value.get<double>();
    if (s.contains("minimum") && d < s["minimum"].get<double>())
      errors->push_back({ptr, Describe(ptr) + " must be at least " + s["minimum"].dump()});
    if (s.contains("maximum") && d > s["maximum"].get<double>())
      errors->push_back({ptr, Describe(ptr) + " must be at most " + s["maximum"].dump()});
  }
  if (value.is_array()) {
    if (s.contains("minItems") && value.size() < s["minItems"].get<size_t>())
      errors->push_back({ptr, Describe(ptr) + " needs at least " + s["minItems"].dump() + " item(s)"});
    if (s.contains("maxItems") && value.size() > s["maxItems"].get<size_t>())
      errors->push_back({ptr, Describe(ptr) + " allows at most " + s["maxItems"].dump() + " item(s)"});
    if (s.value("uniqueItems", false)) {
      for (size_t i = 0; i < value.size(); ++i)
        for (size_t j = 0; j < i; ++j)
          if (value[i] == value[j]) {
            errors->push_back({PointerAppend(ptr, i), "duplicate item " + value[i].dump() + " in " + Describe(ptr)});
            break;
          }
    }
    if (s.contains("items"))
      for (size_t i = 0; i < value.size(); ++i)
        Walk(s["items"], value[i], PointerAppend(ptr, i), errors, depth + 1);
  }
  if (value.is_object()) {
    const Json* props = s.contains("properties") ? &s["properties"] : nullptr;
    if (s.contains("required"))
      for (const auto& r : s["required"]) {
        if (!value.contains(r.get<std::string>()))
          errors->push_back({ptr, Describe(ptr) + " is missing required property '" + r.get<std::string>() + "'"});
      }
    if (s.contains("minProperties") && value.size() < s["minProperties"].get<size_t>())
      errors->push_back({ptr, Describe(ptr) + " must not be empty"});
    bool preserve = s.value("x-kubernetes-preserve-unknown-fields", false);
    const Json* additional = s.contains("additionalProperties") ? &s["additionalProperties"] : nullptr;
    bool closed = (additional && additional->is_boolean() && !additional->get<bool>()) ||
                  (options_.close_objects && props && !additional && !preserve);
    for (auto it = value.begin(); it != value.end(); ++it) {
      std::string child = PointerAppend(ptr, it.key());
      if (props && props->contains(it.key())) {
        Walk((*props)[it.key()], it.value(), child, errors, depth + 1);
        continue;
      }
      bool matched = false;
      if (s.contains("patternProperties"))
        for (auto pp = s["patternProperties"].begin(); pp != s["patternProperties"].end(); ++pp)
          if (std::regex_search(it.key(), CachedRegex(pp.key()))) {
            matched = true;
            Walk(pp.value(), it.value(), child, errors, depth + 1);
          }
      if (matched) continue;
      if (s.contains("propertyNames") && s["propertyNames"].contains("pattern") &&
          !std::regex_search(it.key(), CachedRegex(s["propertyNames"]["pattern"].get<std::string>()))) {
        std::string hint = s["propertyNames"].value("$comment", "must match " + s["propertyNames"]["pattern"].get<std::string>());
        errors->push_back({child, "invalid name '" + it.key() + "' in " + Describe(ptr) + ": " + hint, true});
        continue;
      }
      if (closed) {
        std::vector<std::string> names;
        if (props)
          for (auto p = props->begin(); p != props->end(); ++p) names.push_back(p.key());
        errors->push_back({child, "unknown property '" + it.key() + "' in " + Describe(ptr) + DidYouMean(it.key(), names), true});
      } else if (additional && additional->is_object()) {
        Walk(*additional, it.value(), child, errors, depth + 1);
      }
    }
  }
  if (s.contains("allOf"))
    for (const auto& sub : s["allOf"]) Walk(sub, value, ptr, errors, depth + 1);
  for (const char* key : {"anyOf", "oneOf"}) {
    if (!s.contains(key)) continue;
    std::vector<SchemaError> best;
    size_t matches = 0;
    bool first = true;
    for (const auto& sub : s[key]) {
      std::vector<SchemaError> errs;
      Walk(sub, value, ptr, &errs, depth + 1);
      if (errs.empty()) ++matches;
      // Explain a failure by the branch that got furthest: errors below this value beat a
      // type mismatch of the value itself.
      auto score = [&](const std::vector<SchemaError>& e) {
        size_t deep = 0;
        for (const auto& x : e) deep += x.pointer.size() > ptr.size();
        return std::make_pair(deep > 0 ? 0 : 1, e.size());
      };
      if (first || score(errs) < score(best)) best = std::move(errs);
      first = false;
    }
    if (matches == 0) {
      errors->insert(errors->end(), best.begin(), best.end());
    } else if (std::string(key) == "oneOf" && matches > 1) {
      errors->push_back({ptr, Describe(ptr) + " matches more than one allowed form"});
    }
  }
}

bool CheckAgainstSchema(const SchemaChecker& checker, const Document& doc, Diags& diags) {
  std::vector<SchemaError> errors = checker.Check(doc.root);
  for (const auto& e : errors) diags.Error(e.at_key ? doc.KeyAt(e.pointer) : doc.At(e.pointer), e.message);
  return errors.empty();
}

}  // namespace kalypso
