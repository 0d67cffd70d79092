#include "common/arguments.h"

#include <algorithm>

#include "common/error.h"

namespace dossier {

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The known long option nearest to an unknown one: within two edits, or the only one it begins.
std::string nearest_option(const std::string& name, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_distance = 3;
  std::size_t prefixed = 0;
  std::string prefix_match;
  for (const std::string& option : known) {
    if (option.size() < 3 || option[1] != '-') continue;  // long options only
    const std::size_t distance = edit_distance(name, option);
    if (distance < best_distance) {
      best_distance = distance;
      best = option;
    }
    if (option.compare(0, name.size(), name) == 0) {
      ++prefixed;
      prefix_match = option;
    }
  }
  if (best.empty() && prefixed == 1) return prefix_match;
  return best;
}

}  // namespace

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
      rules.names.insert(rules.names.end(), names.begin(), names.end());
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
    if (dashed && arg[1] == '-' && arg.size() > 2 && !rules.names.empty()) {
      const std::string name = arg.substr(0, arg.find('='));
      if (std::find(rules.names.begin(), rules.names.end(), name) == rules.names.end()) {
        const std::string nearest = nearest_option(name, rules.names);
        throw UsageError("unknown option '" + name + "'" + (nearest.empty() ? "" : " (did you mean " + nearest + "?)") +
                         "; --help lists the options");
      }
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

std::string describe_option_error(const cxxopts::exceptions::exception& error, const std::vector<std::string>& args) {
  const std::string message = error.what();
  // cxxopts quotes the value it could not read in typographic quotes: ‘abc’.
  const std::string open = "\u2018", close = "\u2019";
  const std::size_t begin = message.find(open);
  const std::size_t end = begin == std::string::npos ? std::string::npos : message.find(close, begin + open.size());
  if (dynamic_cast<const cxxopts::exceptions::incorrect_argument_type*>(&error) == nullptr || end == std::string::npos) {
    return message;
  }
  const std::string value = message.substr(begin + open.size(), end - begin - open.size());
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const std::size_t equals = arg.find('=');
    if (arg.size() > 1 && arg[0] == '-' && equals != std::string::npos && arg.substr(equals + 1) == value) {
      return arg.substr(0, equals) + ": '" + value + "' is not a valid value (a number is expected)";
    }
    if (i + 1 < args.size() && args[i + 1] == value && arg.size() > 1 && arg[0] == '-') {
      return arg + ": '" + value + "' is not a valid value (a number is expected)";
    }
  }
  return message;
}

}  // namespace dossier
