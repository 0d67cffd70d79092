// Tests for common/arguments.cpp: what cxxopts is given.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/arguments.h"
#include "common/error.h"

using dossier::ArgumentRules;
using dossier::check_arguments;
using Args = std::vector<std::string>;

TEST_CASE("check_arguments: words and options pass as they are without dash_words") {
  CHECK(check_arguments({"--db", "x", "-q", "a", "-b"}, ArgumentRules{}) == Args{"--db", "x", "-q", "a", "-b"});
}

TEST_CASE("check_arguments: dash words after the first word go after a --") {
  ArgumentRules rules;
  rules.dash_words = true;
  rules.short_options = {"-n"};
  rules.flags = {"--json"};
  CHECK(check_arguments({"-n", "3", "kosovo", "-drone", "-n", "4", "--json"}, rules) ==
        Args{"-n", "3", "kosovo", "-n", "4", "--json", "--", "-drone"});
  CHECK(check_arguments({"-x", "kosovo"}, rules) == Args{"-x", "kosovo"});  // before any word: an option (cxxopts judges)
  CHECK(check_arguments({"kosovo", "--", "-a", "--b"}, rules) == Args{"kosovo", "--", "-a", "--b"});
}

TEST_CASE("check_arguments: a long argument starting with '-' is refused by its position") {
  ArgumentRules rules;
  rules.max_option_length = 10;
  CHECK_THROWS_WITH_AS(check_arguments({"ok", "-12345678901"}, rules), doctest::Contains("argument 2"), dossier::UsageError);
  CHECK(check_arguments({"12345678901234"}, rules) == Args{"12345678901234"});  // not an option: any length
}

TEST_CASE("check_arguments: an option's value is neither a word nor a dash word (--sort -date)") {
  cxxopts::Options spec("t", "t");
  spec.add_options()("sort", "s", cxxopts::value<std::string>())("json", "j")("n,limit", "l", cxxopts::value<int>())(
      "db", "d", cxxopts::value<std::string>());
  ArgumentRules rules = dossier::argument_rules(spec);
  rules.dash_words = true;
  CHECK(check_arguments({"--sort", "-date", "kosovo", "-drone"}, rules) == Args{"--sort", "-date", "kosovo", "--", "-drone"});
  CHECK(check_arguments({"--json", "kosovo", "--sort", "-date"}, rules) == Args{"--json", "kosovo", "--sort", "-date"});
  CHECK(check_arguments({"--db=x", "kosovo", "-n", "3", "-x"}, rules) == Args{"--db=x", "kosovo", "-n", "3", "--", "-x"});
}

TEST_CASE("an unknown option is refused with the nearest known one; a bad value names its option") {
  cxxopts::Options spec("t", "t");
  spec.add_options()("n,limit", "l", cxxopts::value<std::size_t>())("help", "h")("exact-facets", "e");
  const ArgumentRules rules = dossier::argument_rules(spec);
  CHECK_THROWS_WITH_AS(check_arguments(Args{"--hlep"}, rules), "unknown option '--hlep' (did you mean --help?); --help lists the options",
                       dossier::UsageError);
  CHECK_THROWS_WITH_AS(check_arguments(Args{"--limt=3"}, rules), doctest::Contains("did you mean --limit?"), dossier::UsageError);
  CHECK_THROWS_WITH_AS(check_arguments(Args{"--exact"}, rules), doctest::Contains("did you mean --exact-facets?"), dossier::UsageError);
  CHECK_THROWS_WITH_AS(check_arguments(Args{"--zzzzzzzz"}, rules), "unknown option '--zzzzzzzz'; --help lists the options",
                       dossier::UsageError);
  CHECK(check_arguments(Args{"--limit", "3", "--help"}, rules) == Args{"--limit", "3", "--help"});
  for (const Args& args : {Args{"-n", "abc"}, Args{"--limit", "abc"}, Args{"--limit=abc"}}) {
    const Args checked = check_arguments(args, rules);
    std::vector<const char*> argv{"t"};
    for (const auto& arg : checked) argv.push_back(arg.c_str());
    try {
      spec.parse(static_cast<int>(argv.size()), argv.data());
      FAIL("cxxopts read 'abc' as a number");
    } catch (const cxxopts::exceptions::exception& e) {
      const std::string message = dossier::describe_option_error(e, args);
      CHECK(message.find("'abc' is not a valid value") != std::string::npos);
      CHECK(message.rfind(args[0].substr(0, args[0].find('=')), 0) == 0);  // starts with the option
    }
  }
}
