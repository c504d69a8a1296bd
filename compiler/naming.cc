// Naming: the stdlib states each chart's naming facts as data (Jsonnet describes), and this
// file applies them for every component (C++ computes), so evaluation cost does not grow
// with the number of components.
#include "naming.h"

#include <regex>

namespace kalypso {

namespace {

const std::regex& Dns1123Label() {
  static const std::regex re("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  return re;
}

// The value at dotted `path` of `values` ("" or a non-object on the way: null).
const Json* At(const Json& values, const std::string& path) {
  const Json* cur = &values;
  size_t start = 0;
  while (start <= path.size() && !path.empty()) {
    size_t dot = path.find('.', start);
    std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!cur->is_object() || !cur->contains(key)) return nullptr;
    cur = &(*cur)[key];
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return cur;
}

std::string StringAt(const Json& values, const std::string& path) {
  const Json* v = At(values, path);
  return v && v->is_string() ? v->get<std::string>() : "";
}

// Values one chart is rendered with, as far as naming is concerned: the chart's own
// defaults the kind cites, the kind's values skeleton, then the user's values.
Json ChartValues(const Json& kchart, const Component& c, size_t index, const Json& defaults) {
  Json v = defaults.is_object() ? defaults : Json::object();
  if (kchart.contains("values") && kchart["values"].is_object()) v.merge_patch(kchart["values"]);
  if (index == 0) {
    v.merge_patch(c.values);
    if (c.chart.values) v.merge_patch(*c.chart.values);
  }
  auto per = c.charts.find(kchart.value("name", std::string()));
  if (per != c.charts.end() && per->second.values) v.merge_patch(*per->second.values);
  return v;
}

struct Names {
  std::string release, fullname, component;
  const Json* values = nullptr;
};

// Expands a template: {fullname}, {fullname:N}, {release}, {component}, {values.PATH},
// "a|b" alternatives (first non-empty), and a literal prefix before "values." that only
// appears when the value is set ("istiod{-values.revision}").
bool Expand(const std::string& tmpl, const Names& n, std::string* out, std::string* error) {
  out->clear();
  for (size_t i = 0; i < tmpl.size();) {
    if (tmpl[i] != '{') {
      *out += tmpl[i++];
      continue;
    }
    size_t close = tmpl.find('}', i);
    if (close == std::string::npos) return *error = "unclosed '{' in '" + tmpl + "'", false;
    std::string expr = tmpl.substr(i + 1, close - i - 1);
    i = close + 1;
    std::string value;
    size_t start = 0;
    for (;;) {
      size_t bar = expr.find('|', start);
      std::string alt = expr.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
      std::string prefix;
      if (size_t v = alt.find("values."); v != std::string::npos) {
        prefix = alt.substr(0, v);
        std::string got = StringAt(*n.values, alt.substr(v + 7));
        value = got.empty() ? "" : prefix + got;
      } else if (alt == "fullname") {
        value = n.fullname;
      } else if (alt.rfind("fullname:", 0) == 0) {
        int max = std::atoi(alt.c_str() + 9);
        if (max <= 0) return *error = "bad truncation in '{" + expr + "}'", false;
        value = HelmTrunc(n.fullname, max);
      } else if (alt == "release") {
        value = n.release;
      } else if (alt == "component") {
        value = n.component;
      } else {
        return *error = "unknown placeholder '{" + alt + "}' in '" + tmpl +
                        "' (use {fullname}, {fullname:N}, {release}, {component} or {values.PATH})",
               false;
      }
      if (!value.empty() || bar == std::string::npos) break;
      start = bar + 1;
    }
    *out += value;
  }
  return true;
}

}  // namespace

std::string HelmTrunc(const std::string& s, int max) {
  std::string cut = s.size() > static_cast<size_t>(max) ? s.substr(0, max) : s;
  while (!cut.empty() && cut.back() == '-') cut.pop_back();
  return cut;
}

std::string HelmFullname(const std::string& name, const std::string& release, const Json& overrides, int max) {
  std::string fo = StringAt(overrides, "fullnameOverride");
  if (!fo.empty()) return HelmTrunc(fo, max);
  std::string no = StringAt(overrides, "nameOverride");
  std::string nm = no.empty() ? name : no;
  if (release.find(nm) != std::string::npos) return HelmTrunc(release, max);
  return HelmTrunc(release + "-" + nm, max);
}

Json NameInstance(const Json& kind, const Component& c, const Document& doc, Diags& diags) {
  Json inst = {{"charts", Json::array()}, {"exports", Json::object()}};
  const Json& kcharts = kind["charts"];
  bool helm = c.kind == "helm";
  std::vector<Names> names;
  std::vector<Json> values;
  values.reserve(kcharts.size());
  for (size_t i = 0; i < kcharts.size(); ++i) {
    const Json& kc = kcharts[i];
    std::string chart = helm ? c.chart.name : kc.value("name", std::string());
    const Json naming = kc.value("naming", Json::object());
    values.push_back(ChartValues(kc, c, i, naming.value("defaults", Json::object())));
    Names n;
    n.component = c.name;
    n.values = &values.back();
    // The release: the stack's override, else the kind's template over the component's.
    std::string err;
    auto per = c.charts.find(kc.value("name", std::string()));
    if (per != c.charts.end() && !per->second.release.empty()) {
      n.release = per->second.release;
    } else {
      Names base{c.release, "", c.name, n.values};
      if (!Expand(kc.value("release", std::string("{release}")), base, &n.release, &err))
        diags.Error(doc.At(c.ptr), "stdlib kind '" + c.kind + "': " + err);
    }
    std::string overrides_path = naming.value("overrides", std::string());
    const Json* ov = overrides_path.empty() ? &values.back() : At(values.back(), overrides_path);
    n.fullname = HelmFullname(naming.value("name", chart), n.release, ov ? *ov : Json::object(),
                              naming.value("max", 63));
    names.push_back(n);
    inst["charts"].push_back({{"release", n.release}, {"fullname", n.fullname}});
  }

  // Exports: the kind's (or, for kind helm, the stack's), each named by its chart's rule.
  Json exports = Json::object();
  if (helm) {
    for (const auto& [ep, spec] : c.exports)
      exports[ep] = {{"service", spec.service}, {"port", spec.port}, {"scheme", spec.scheme}, {"path", spec.path},
                     {"ptr", spec.ptr}};
  } else if (kind.contains("exports")) {
    exports = kind["exports"];
  }
  for (auto it = exports.begin(); it != exports.end(); ++it) {
    const Json& e = it.value();
    size_t index = 0;
    if (e.contains("chart")) {
      std::string want = e["chart"].get<std::string>();
      for (size_t i = 0; i < kcharts.size(); ++i)
        if (kcharts[i].value("name", std::string()) == want) index = i;
    }
    if (index >= names.size()) continue;
    // An export of an optional chart exists only when the chart is enabled.
    const Json& kc = kcharts[index];
    if (kc.value("optional", false)) {
      auto per = c.charts.find(kc.value("name", std::string()));
      if (per == c.charts.end() || !per->second.enabled || !*per->second.enabled) continue;
    }
    Names n = names[index];
    if (e.contains("naming")) {  // a subchart's own rule (kube-prometheus-stack's grafana)
      const Json& naming = e["naming"];
      std::string path = naming.value("overrides", std::string());
      const Json* ov = path.empty() ? n.values : At(*n.values, path);
      n.fullname = HelmFullname(naming.value("name", std::string()), n.release, ov ? *ov : Json::object(),
                                naming.value("max", 63));
    }
    std::string service, err;
    Location at = e.contains("ptr") ? doc.At(e["ptr"].get<std::string>()) : doc.At(c.ptr);
    if (!Expand(e.value("service", std::string("{fullname}")), n, &service, &err)) {
      diags.Error(at, "export '" + it.key() + "' of '" + c.name + "': " + err);
      continue;
    }
    if (service.size() > 63 || !std::regex_match(service, Dns1123Label())) {
      diags.Error(at, "export '" + it.key() + "' of '" + c.name + "' names the Service '" + service +
                          "', which is not a Kubernetes name (DNS-1123 label, at most 63 characters)");
      continue;
    }
    inst["exports"][it.key()] = {{"service", service},
                                 {"port", e.value("port", 0)},
                                 {"scheme", e.value("scheme", std::string("http"))},
                                 {"path", e.value("path", std::string())}};
  }
  return inst;
}

}  // namespace kalypso
