#include "common/arguments.h"

#include <algorithm>

#include "common/error.h"

namespace dossier {

ArgumentRules argument_rules(const cxxopts::Options& spec) {
  ArgumentRules rules;
  for (const std::string& group : spec.groups()) {
    for (const cxxopts::HelpOptionDetails& option : spec.group_help(group).options) {
      std::vector<std::string> names;
      if (!option.s.empty()) {
        names.push_back("-" + option.s);
        rules.short_options.push_back("-" + option.s);
      }
      for (const std::string& name : option.l) names.push_back("--" + name);
      if (option.is_boolean) rules.flags.insert(rules.flags.end(), names.begin(), names.end());
    }
  }
  return rules;
}

std::vector<std::string> check_arguments(const std::vector<std::string>& args, const ArgumentRules& rules) {
  std::vector<std::string> options, words;
  bool seen_word = false;
  bool ended = false;  // after a "--" everything is positional
  bool value_next = false;  // the argument before was an option that takes a value
  const auto is_flag = [&](const std::string& arg) {
    return std::find(rules.flags.begin(), rules.flags.end(), arg) != rules.flags.end();
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (ended) {
      words.push_back(arg);
      continue;
    }
    if (value_next) {
      value_next = false;
      options.push_back(arg);
      continue;
    }
    if (arg == "--") {
      ended = true;
      continue;
    }
    const bool dashed = arg.size() > 1 && arg[0] == '-';
    if (dashed && arg.size() > rules.max_option_length) {
      throw UsageError("argument " + std::to_string(i + 1) + " starts with '-' and is " + std::to_string(arg.size()) +
                       " bytes long (at most " + std::to_string(rules.max_option_length) + ")");
    }
    const bool single_dash = dashed && arg[1] != '-';
    if (rules.dash_words && seen_word && single_dash &&
        std::find(rules.short_options.begin(), rules.short_options.end(), arg) == rules.short_options.end()) {
      words.push_back(arg);
      continue;
    }
    if (!dashed) seen_word = true;
    const bool long_option = dashed && arg[1] == '-' && arg.find('=') == std::string::npos;
    const bool short_option = single_dash && arg.size() == 2;
    if ((long_option || short_option) && !is_flag(arg)) value_next = true;
    options.push_back(arg);
  }
  if (!words.empty()) {
    options.push_back("--");
    options.insert(options.end(), words.begin(), words.end());
  }
  return options;
}

}  // namespace dossier
