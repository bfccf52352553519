// Random scenarios for seeded fault simulation (after FoundationDB's
// simulation tests and TigerBeetle's VOPR): one seed gives one scenario —
// analyzers, settings, traffic shapes and a schedule of crash / hang / slow /
// errors faults — as TOML text, so a failing seed can be written to a file
// and replayed with `logsim run`.
#pragma once

#include <cstdint>
#include <string>

namespace logsim {

// Every fault is over by the time traffic stops (`duration`), and the
// scenario drains, so a correct distributor always ends with an empty
// queue and nothing in flight.
std::string random_scenario_toml(std::uint64_t seed);

}  // namespace logsim
