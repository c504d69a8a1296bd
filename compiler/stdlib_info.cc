// Describes stdlib kinds for people: charts, exports and their naming rule, values, features.
// The example Service names come from naming.cc, the rule every build applies.
#include "stdlib_info.h"

#include <algorithm>
#include <array>
#include <sstream>

#include "model.h"
#include "naming.h"
#include "yaml_emit.h"

namespace kalypso {

namespace {

std::string Indent(const std::string& text, const std::string& pad) {
  std::string out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out += pad + line + "\n";
  return out;
}

std::string Charts(const Json& kind) {
  std::string out;
  for (const auto& c : kind.value("charts", Json::array())) {
    out += c.value("name", std::string("(from the stack)")) + " " + c.value("version", std::string("(from the stack)"));
    if (c.contains("repo")) out += " from " + c["repo"].get<std::string>();
    out += "\n";
  }
  return out;
}

// The naming rule of chart `c`, in words.
std::string NamingRule(const Json& c) {
  Json naming = c.value("naming", Json::object());
  std::string name = naming.value("name", c.value("name", std::string("<chart>")));
  return "release " + c.value("release", std::string("{release}")) + " (default: the component's name); {fullname} = the release if it contains '" +
         name + "', else <release>-" + name + ", cut to " + std::to_string(naming.value("max", 63)) +
         " characters (fullnameOverride/nameOverride in values change it)";
}

std::string Exports(const std::string& name, const Json& kind) {
  if (!kind.contains("exports") || kind["exports"].empty()) return "";
  Component c;
  c.name = c.kind = c.release = name;
  Document doc;
  Diags diags;
  Json inst = NameInstance(kind, c, doc, diags);
  std::string out = "exports (Service names shown for a component named '" + name + "'):\n";
  for (const auto& [ep, e] : kind["exports"].items()) {
    out += "  " + ep + ": " + e.value("service", std::string("{fullname}")) + ":" + std::to_string(e.value("port", 0)) +
           " (" + e.value("scheme", std::string("http")) +
           (e.value("path", std::string()).empty() ? "" : ", path " + e.value("path", std::string())) + ")";
    if (inst["exports"].contains(ep)) out += " -> " + inst["exports"][ep]["service"].get<std::string>();
    out += "\n";
  }
  for (const auto& c2 : kind.value("charts", Json::array()))
    out += "  naming of chart " + c2.value("name", std::string()) + ": " + NamingRule(c2) + "\n";
  return out;
}

std::string Features(const Json& kind) {
  if (!kind.contains("features")) return "";
  std::string out = "features it polices (policy.forbid):\n";
  for (const auto& [f, spec] : kind["features"].items()) {
    out += "  " + f + ":";
    for (const auto& check : spec.value("checks", Json::array()))
      out += " " + check.value("path", std::string()) + " (chart default " + check.value("default", Json(false)).dump() + ")";
    if (spec.contains("off")) out += "; turned off with values " + spec["off"].dump();
    out += "\n";
  }
  return out;
}

}  // namespace

std::string StdlibListText(const Json& kinds) {
  std::vector<std::array<std::string, 3>> rows{{"KIND", "CHARTS", "DESCRIPTION"}};
  size_t w0 = 0, w1 = 0;
  for (const auto& [name, kind] : kinds.items()) {
    std::string charts;
    for (const auto& c : kind.value("charts", Json::array()))
      if (c.contains("name")) charts += (charts.empty() ? "" : ",") + c["name"].get<std::string>() + "@" + c.value("version", std::string("?"));
    rows.push_back({name, charts.empty() ? "-" : charts, kind.value("description", std::string())});
  }
  for (const auto& r : rows) w0 = std::max(w0, r[0].size()), w1 = std::max(w1, r[1].size());
  std::string out;
  for (const auto& r : rows)
    out += r[0] + std::string(w0 - r[0].size() + 2, ' ') + r[1] + std::string(w1 - r[1].size() + 2, ' ') + r[2] + "\n";
  return out;
}

std::string StdlibShowText(const std::string& name, const Json& kind) {
  std::string out = "kind " + name + ": " + kind.value("description", std::string()) + "\n";
  std::string charts = Charts(kind);
  if (!charts.empty()) out += "charts:\n" + Indent(charts, "  ");
  out += Exports(name, kind);
  for (const auto& c : kind.value("charts", Json::array()))
    if (c.contains("values") && !c["values"].empty())
      out += "values it sets on chart " + c.value("name", std::string()) + ":\n" + Indent(EmitYaml(c["values"]), "  ");
  if (kind.contains("storage") && kind["storage"].contains("values"))
    out += "values it sets when the component has `storage:`:\n" + Indent(EmitYaml(kind["storage"]["values"]), "  ");
  return out + Features(kind);
}

}  // namespace kalypso
