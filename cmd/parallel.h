// The thread pool behind `logsim sweep --jobs N`. sim/ starts no threads
// (tests/tidy_seam.sh); it takes this runner instead (sim/sweep.h).
#pragma once

#include "sim/sweep.h"

namespace logsim::cmd {

// Runs the tasks on up to `jobs` threads (never more threads than tasks);
// jobs <= 1 runs them on the calling thread.
TaskRunner thread_runner(unsigned jobs);

// The machine's hardware threads, at least 1.
unsigned default_jobs();

}  // namespace logsim::cmd
