// Wave planning: wave = 1 without dependencies, else 1 + the latest dependency's wave (in the
// same ring); an explicit `wave` may only move a component later. Depth-first search finds cycles.
#include "plan.h"

#include <algorithm>

namespace kalypso {

namespace {

enum class Mark { kNone, kActive, kDone };

class Planner {
 public:
  Planner(const Stack& stack, Compiled* compiled, Diags& diags)
      : stack_(stack), compiled_(compiled), diags_(diags) {}

  bool Run() {
    for (auto& [name, rc] : compiled_->components) Visit(name);
    return !failed_;
  }

 private:
  int Visit(const std::string& name) {
    Mark& mark = marks_[name];
    ResolvedComponent& rc = compiled_->components.at(name);
    if (mark == Mark::kDone) return rc.wave;
    if (mark == Mark::kActive) {
      ReportCycle(name);
      return 1;
    }
    mark = Mark::kActive;
    path_.push_back(name);
    int wave = 1;
    std::string latest;
    for (const auto& dep : rc.deps) {
      // A fleet rolls out ring by ring: an instance in an earlier ring is done before this
      // ring starts, so only dependencies in the same ring order waves.
      if (compiled_->components.at(dep).spec->cluster->ring != rc.spec->cluster->ring) continue;
      int w = Visit(dep);
      if (w + 1 > wave) {
        wave = w + 1;
        latest = dep;
      }
    }
    path_.pop_back();
    mark = Mark::kDone;
    const Component& c = *rc.spec;
    if (c.wave > 0) {
      if (c.wave < wave) {
        diags_.Error(stack_.doc->At(c.ptr + "/wave"),
                     "wave " + std::to_string(c.wave) + " of '" + name + "' is not after its dependency '" + latest +
                         "' (wave " + std::to_string(wave - 1) + "); use 'wave: " + std::to_string(wave) +
                         "' or later, or remove 'wave'");
        failed_ = true;
      } else {
        wave = c.wave;
      }
    }
    rc.wave = wave;
    return wave;
  }

  void ReportCycle(const std::string& back_to) {
    auto start = std::find(path_.begin(), path_.end(), back_to);
    std::vector<std::string> cycle(start, path_.end());
    // Report each cycle once, from its alphabetically first member.
    auto first = std::min_element(cycle.begin(), cycle.end());
    std::rotate(cycle.begin(), first, cycle.end());
    std::string text;
    for (const auto& n : cycle) text += n + " -> ";
    text += cycle.front();
    if (!reported_.insert(text).second) return;
    const ResolvedComponent& rc = compiled_->components.at(cycle.front());
    const std::string& next = cycle.size() > 1 ? cycle[1] : cycle[0];
    auto why = rc.dep_reason.find(next);
    Location loc = why != rc.dep_reason.end() ? stack_.doc->At(why->second) : stack_.doc->KeyAt(rc.spec->ptr);
    diags_.Error(loc, "dependency cycle: " + text + "; remove one of these references or 'needs'");
    failed_ = true;
  }

  const Stack& stack_;
  Compiled* compiled_;
  Diags& diags_;
  std::map<std::string, Mark> marks_;
  std::vector<std::string> path_;
  std::set<std::string> reported_;
  bool failed_ = false;
};

}  // namespace

bool PlanWaves(const Stack& stack, Compiled* compiled, Diags& diags) {
  return Planner(stack, compiled, diags).Run();
}

}  // namespace kalypso
