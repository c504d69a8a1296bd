// Guardrails. A forbidden feature is found in a component's final values; the message says
// whether the user's values turn it on (pointing at that line) or the chart's default does
// (pointing at the component, with the values that turn it off).
#include "policy.h"

#include <algorithm>

#include "image_policy.h"
#include "parallel.h"

namespace kalypso {

bool IsCredentialKey(const std::string& key) {
  std::string k;
  for (char c : key)
    if (c != '_' && c != '-' && c != '.') k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const char* kExact[] = {"password", "passwd", "pass", "pwd", "secret", "secretkey", "secretaccesskey",
                                 "accesskey", "accesskeyid", "token", "apikey", "apitoken", "authtoken",
                                 "bearertoken", "clientsecret", "privatekey", "rootpassword", "adminpassword",
                                 "credentials", "sessiontoken", "webhooksecret"};
  for (const char* e : kExact)
    if (k == e) return true;
  auto ends = [&](const std::string& suffix) {
    return k.size() > suffix.size() && k.compare(k.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  // "existingSecret", "secretName": names of Secrets, not credentials.
  if (k.find("existing") != std::string::npos || ends("secretname") || ends("secretref")) return false;
  return ends("password") || ends("clientsecret") || ends("secretkey") || ends("accesskey") || ends("apikey") || ends("token") ||
         ends("accesskeyid") || ends("secretaccesskey");
}

namespace {

bool Truthy(const Json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0;
  if (v.is_string()) return !v.get<std::string>().empty() && v.get<std::string>() != "false";
  return !v.is_null();
}

const Json* Find(const Json& root, const std::string& pointer) {
  Json::json_pointer p(pointer);
  if (!root.contains(p)) return nullptr;
  return &root.at(p);
}

std::string Dotted(const std::string& pointer) {
  std::string out;
  for (char c : pointer.substr(1)) out += c == '/' ? '.' : c;
  return out;
}

// {"a":{"b":false},"c":1} -> "'a.b: false', 'c: 1'": the values that turn a feature off.
std::string Assignments(const Json& v, const std::string& prefix = "") {
  std::string out;
  for (auto it = v.begin(); it != v.end(); ++it) {
    std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
    std::string part = it.value().is_object() ? Assignments(it.value(), key) : "'" + key + ": " + it.value().dump() + "'";
    out += (out.empty() ? "" : ", ") + part;
  }
  return out;
}

// A literal is a value written in the file; an env reference (`${VAR}`) is not one.
bool IsLiteral(const Json& v) {
  if (v.is_string()) {
    const std::string& s = v.get<std::string>();
    return !s.empty() && s.find("${") == std::string::npos && s.rfind("$__file{", 0) != 0 && s.rfind("$__env{", 0) != 0;
  }
  return v.is_number();
}

class PolicyChecker {
 public:
  PolicyChecker(const Stack& stack, const Compiled& compiled, Diags& diags)
      : stack_(stack), compiled_(compiled), diags_(diags), doc_(*stack.doc) {}

  // Each instance is checked on its own: on every core, its findings appended in instance
  // order afterwards (as one thread reports them).
  bool Run() {
    std::vector<const ResolvedComponent*> all;
    for (const auto& [name, rc] : compiled_.components) all.push_back(&rc);
    std::vector<Diags> found(all.size());
    ParallelChunks(all.size(), 64, [&](size_t i) { PolicyChecker(stack_, compiled_, found[i]).Check(*all[i]); });
    for (const auto& d : found) diags_.Append(d);
    if (std::find(stack_.forbid.begin(), stack_.forbid.end(), "latest-tag") != stack_.forbid.end())
      CheckImageTags(stack_, compiled_, diags_);
    return !diags_.HasErrors();
  }

 private:
  void Check(const ResolvedComponent& rc) {
    for (const auto& feature : stack_.forbid) CheckFeature(rc, feature);
    if (stack_.plaintext_credentials != "allow") CheckLiterals(rc);
  }

  void CheckFeature(const ResolvedComponent& rc, const std::string& feature) {
    const Component& c = *rc.spec;
    if (rc.kind().value("feature", std::string()) == feature ||
        (c.kind == "helm" && rc.charts.size() == 1 && rc.charts[0].name == feature)) {
      diags_.Error(doc_.At(c.ptr + "/kind"), "component '" + c.name + "' is " + feature +
                                                 ", which this stack's policy forbids; remove the component or '" +
                                                 feature + "' from policy.forbid");
      return;
    }
    auto found = rc.kind().find("features");
    if (found == rc.kind().end() || !found->contains(feature)) return;
    const Json& features = *found;
    for (const auto& check : features[feature]["checks"]) {
      size_t chart = check.value("chart", 0);
      if (chart >= rc.charts.size()) continue;
      const ChartInstance& ci = rc.charts[chart];
      std::string path = check["path"].get<std::string>();
      const Json* final_value = Find(ci.values, path);
      bool on = final_value ? Truthy(*final_value) : Truthy(check.value("default", Json(false)));
      if (!on) continue;
      const Json* user = Find(ci.user_values, path);
      std::string off = "'" + Dotted(path) + ": false'";
      if (features[feature].contains("off")) off = Assignments(features[feature]["off"]);
      if (user && Truthy(*user)) {
        diags_.Error(doc_.At(ci.user_ptr + path), "'" + Dotted(path) + "' turns on '" + feature +
                                                      "', which the stack's policy forbids (policy.forbid)");
      } else if (!final_value) {
        diags_.Error(doc_.KeyAt(c.ptr), "component '" + c.name + "' turns on '" + feature + "' through the default of chart " +
                                            ci.name + " " + ci.version + " ('" + Dotted(path) + "' defaults to " +
                                            check.value("default", Json(false)).dump() + "), which the stack's policy forbids; set " +
                                            off + " in its values");
      } else {
        diags_.Error(doc_.KeyAt(c.ptr), "component '" + c.name + "' turns on '" + feature + "' ('" + Dotted(path) +
                                            "' of chart " + ci.name + "), which the stack's policy forbids");
      }
      return;  // one report per component and feature
    }
  }

  void Literal(const std::string& ptr, const std::string& key) {
    std::string msg = "credential literal in '" + key +
                      "': reference a Secret instead (e.g. an existingSecret key, or extraEnvFrom plus '${VAR}')";
    if (stack_.plaintext_credentials == "error")
      diags_.Error(doc_.At(ptr), msg);
    else
      diags_.Warning(doc_.At(ptr), msg);
  }

  // An object that names a Secret ({secretName: x, secretKey: y}, Airflow's `secret:`
  // entries) holds the name of a key in it under `secretKey`, not a credential.
  static bool NamesASecret(const Json& obj) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      std::string k;
      for (char c : it.key())
        if (c != '_' && c != '-') k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (k == "secretname" || k == "existingsecret" || k == "secretref") return true;
    }
    return false;
  }

  void Walk(const Json& v, const std::string& ptr, const std::string& key) {
    if (v.is_object()) {
      bool names_secret = NamesASecret(v);
      for (auto it = v.begin(); it != v.end(); ++it) {
        std::string k = it.key();
        for (char& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (names_secret && (k == "secretkey" || k == "secret_key" || k == "key")) continue;
        Walk(it.value(), PointerAppend(ptr, it.key()), it.key());
      }
    } else if (v.is_array()) {
      for (size_t i = 0; i < v.size(); ++i) Walk(v[i], PointerAppend(ptr, i), key);
    } else if (!key.empty() && IsCredentialKey(key) && IsLiteral(v)) {
      Literal(ptr, key);
    }
  }

  void CheckLiterals(const ResolvedComponent& rc) {
    const Component& c = *rc.spec;
    // The user's values as written (not the substituted ones: positions matter), with the
    // instance's layers merged in; a layered pointer finds the layer that wrote each value.
    Walk(c.values, c.ptr + "/values", "");
    if (c.chart.values) Walk(*c.chart.values, c.ptr + "/chart/values", "");
    for (const auto& [name, ov] : c.charts)
      if (ov.values) Walk(*ov.values, ov.ptr + "/values", "");
    for (size_t i = 0; i < c.resources.size(); ++i) {
      const Json& r = c.resources[i];
      if (!r.is_object()) continue;
      std::string ptr = PointerAppend(c.ptr + "/resources", i);
      if (r.value("kind", std::string()) == "Secret" && (r.contains("data") || r.contains("stringData"))) {
        std::string field = r.contains("data") ? "data" : "stringData";
        std::string msg = "inline Secret with '" + field + "': credentials must not be committed; create the Secret out of band or through 'secrets.store'";
        if (stack_.plaintext_credentials == "error")
          diags_.Error(doc_.KeyAt(ptr + "/" + field), msg);
        else
          diags_.Warning(doc_.KeyAt(ptr + "/" + field), msg);
      } else {
        Walk(r, ptr, "");
      }
    }
  }

  const Stack& stack_;
  const Compiled& compiled_;
  Diags& diags_;
  const Document& doc_;
};

}  // namespace

bool CheckPolicy(const Stack& stack, const Compiled& compiled, Diags& diags) {
  return PolicyChecker(stack, compiled, diags).Run();
}

}  // namespace kalypso
