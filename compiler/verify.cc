// `kalypsoc verify`: compile in memory, render every component directory with kustomize
// and the user's helm (a few at a time), prove SPEC section 11, report text or JSON.
#include "verify.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "compile.h"
#include "render.h"
#include "verify_checks.h"
#include "verify_render.h"
#include "verify_unused.h"

namespace kalypso {

namespace {

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", s);
  return buf;
}

// The instance directories of the compiled tree, as render jobs: all, or those `only` names
// (an instance id, or a component name: all its instances).
bool Jobs(const Compilation& c, const std::string& only, std::vector<RenderJob>* jobs, std::string* error) {
  std::vector<std::string> names;
  for (const auto& [id, rc] : c.compiled.components) names.push_back(id);
  for (const auto& [name, ids] : c.stack.placed)
    if (!ids.empty() && (ids.size() > 1 || ids[0] != name)) names.push_back(name);
  if (!only.empty() && std::find(names.begin(), names.end(), only) == names.end()) {
    *error = "--component " + only + ": no such " + (c.stack.fleet ? "component or instance (CLUSTER/COMPONENT)" : "component") + " in " +
             c.stack.stack_path + DidYouMean(only, names);
    return false;
  }
  std::string out = NormalizePath(c.stack.output);
  for (const auto& [id, rc] : c.compiled.components) {
    if (!only.empty() && id != only && rc.spec->name != only) continue;
    RenderJob job{id, rc.spec->name, {}, {}};
    std::string prefix = (out.empty() || out == "." ? "" : out + "/") + InstanceDir(*rc.spec) + "/";
    for (const auto& [path, bytes] : c.tree)
      if (path.compare(0, prefix.size(), prefix) == 0) job.files.emplace_back(path.substr(prefix.size()), bytes);
    for (const auto& ci : rc.charts) job.charts.push_back(ci.name + "-" + ci.version);
    jobs->push_back(std::move(job));
  }
  return true;
}

Json FindingJson(const Finding& f) {
  return {{"component", f.component}, {"object", f.object}, {"subject", f.subject}, {"message", f.message}, {"source", f.source}};
}

std::string FindingText(const Finding& f) {
  return f.source + ": " + f.component + ": " + f.object + ": " + f.message + "\n";
}

}  // namespace

int RunVerify(const VerifyOptions& o, std::ostream& out, std::ostream& err) {
  auto start = std::chrono::steady_clock::now();
  DiskFileSystem fs;
  Diags diags;
  Compilation c;
  if (!Compile(o.stack, fs, CompileOptions{o.stdlib_dir}, &c, diags)) {
    err << diags.Render(o.color);
    return 2;
  }
  if (!diags.All().empty()) err << diags.Render(o.color);
  std::vector<RenderJob> jobs;
  std::string error;
  RenderTools tools;
  tools.jobs = o.jobs;
  if (!Jobs(c, o.component, &jobs, &error) || !FindRenderTools(o.helm, &tools, &error)) {
    err << "kalypsoc verify: error: " << error << "\n";
    return 2;
  }
  std::vector<Rendered> rendered = RenderAll(jobs, tools, [&](const Rendered& r) {
    err << "verify: " << r.component << ": " << (r.status == Rendered::kOk                  ? "rendered " + std::to_string(r.objects.size()) + " objects"
                                   : r.status == Rendered::kChartUnavailable ? "chart unavailable"
                                                                             : "render failed")
        << " in " << Seconds(r.seconds) << "\n";
  });
  RenderedObjects objects;
  std::vector<const Rendered*> failed;
  for (auto& r : rendered) {
    if (r.status == Rendered::kOk) objects[r.component] = std::move(r.objects);
    else failed.push_back(&r);
  }
  StdlibFacts facts(o.stdlib_dir);
  std::vector<Finding> findings;
  bool unused_ok = true;
  try {  // rendered objects are the charts' output: a shape no check expects is a tool error
    findings = CheckRendered(c, objects, facts);
    if (o.unused_values) {
      std::vector<Finding> unused = FindUnusedValues(c, objects, tools, facts, err, &unused_ok);
      findings.insert(findings.end(), unused.begin(), unused.end());
    }
  } catch (const std::exception& e) {
    err << "kalypsoc verify: error: a rendered object has an unexpected shape: " << e.what() << "\n";
    return 2;
  }
  double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  int rc = !failed.empty() || !unused_ok ? 2 : findings.empty() ? 0 : 1;
  std::string summary = std::to_string(objects.size()) + " of " + std::to_string(jobs.size()) + " components rendered and checked, " +
                        std::to_string(findings.size()) + " finding" + (findings.size() == 1 ? "" : "s") +
                        (failed.empty() ? "" : ", " + std::to_string(failed.size()) + " not rendered") + " (" + Seconds(total) + ")";
  if (o.output == "json") {
    Json report = {{"status", rc == 0 ? "proven" : rc == 1 ? "findings" : "error"}, {"findings", Json::array()},
                   {"errors", Json::array()}, {"components", Json::array()}, {"summary", summary}};
    for (const auto& f : findings) report["findings"].push_back(FindingJson(f));
    for (const auto& r : rendered) {
      std::string status = r.status == Rendered::kOk ? "rendered" : r.status == Rendered::kChartUnavailable ? "chart-unavailable" : "render-error";
      report["components"].push_back({{"component", r.component}, {"status", status}, {"seconds", r.seconds}});
      if (r.status != Rendered::kOk) report["errors"].push_back({{"component", r.component}, {"kind", status}, {"message", r.message}});
    }
    out << report.dump(2) << "\n";
  } else {
    for (const auto& f : findings) out << FindingText(f);
    for (const auto* r : failed)
      out << (r->status == Rendered::kChartUnavailable ? "error: chart unavailable: " : "error: render failed: ") << r->component << ": "
          << r->message << "\n";
    out << "verify: " << summary << "\n";
    if (!failed.empty())
      out << "verify: not proven: the components above were not rendered (their addresses and Secrets are unchecked); the others'"
             " results are complete\n";
  }
  return rc;
}

}  // namespace kalypso
