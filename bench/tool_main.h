// The main() every bench tool shares: cxxopts errors and other exceptions become one line on
// stderr and exit status 2, like the product tools.
#pragma once

#include <cxxopts.hpp>

#include <exception>
#include <iostream>

namespace dossier::bench {

template <typename Run>
int tool_main(const char* name, Run&& run, int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    std::cerr << name << ": " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << name << ": error: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace dossier::bench
