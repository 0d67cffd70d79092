// The main() every bench tool shares: an error becomes one sanitised line on stderr and exit
// status 2, like the product tools.
#pragma once

#include <cxxopts.hpp>

#include <exception>
#include <functional>
#include <iostream>
#include <ostream>
#include <string>

#include "common/error.h"
#include "common/terminal.h"

namespace dossier::bench {

// Runs body and maps exceptions to one sanitised line on err and exit status 2.
inline int guarded_main(const std::string& program, const std::function<int()>& body, std::ostream& err) {
  try {
    return body();
  } catch (const QueryError& e) {
    err << program << ": " << sanitise_for_terminal(e.what());
    if (!e.hint().empty()) err << " (hint: " << sanitise_for_terminal(e.hint()) << ")";
    err << '\n';
  } catch (const cxxopts::exceptions::exception& e) {
    err << program << ": " << sanitise_for_terminal(e.what()) << '\n';
  } catch (const Error& e) {
    err << program << ": error: " << sanitise_for_terminal(e.what()) << '\n';
  } catch (const std::exception& e) {
    err << program << ": error: " << sanitise_for_terminal(e.what()) << '\n';
  }
  return 2;
}

template <typename Run>
int tool_main(const char* name, Run&& run, int argc, char** argv) {
  return guarded_main(name, [&] { return run(argc, argv); }, std::cerr);
}

}  // namespace dossier::bench
