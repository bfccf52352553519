// A progress bar on stderr for runs that take more than about a second of
// wall time. It draws only when stderr is a terminal and the command was not
// asked to be quiet, so logs, pipes and CI output never see it. Wall-clock
// time lives here in cmd/, never in sim/ (STYLE.md "The one idea").
#pragma once

#include <chrono>
#include <mutex>
#include <string>

namespace logsim::cmd {

class ProgressBar {
 public:
  // `enabled`: the command wants a bar (not --quiet); it is drawn only if
  // stderr is also a terminal.
  explicit ProgressBar(bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // `fraction` in [0, 1] (clamped). Safe to call from several threads; draws
  // nothing during the first second and at most ten times a second after.
  void update(double fraction, const std::string& label);

  // Erases the bar, if one was drawn, so the next output starts on a clean
  // line. Further updates draw again.
  void clear();

  bool active() const { return enabled_; }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  Clock::time_point started_;
  Clock::time_point last_draw_;
  bool drawn_ = false;
  std::mutex mutex_;
};

}  // namespace logsim::cmd
