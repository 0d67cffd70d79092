#include "common/manual.h"

#include <algorithm>

namespace dossier {

namespace {

struct OptionInfo {
  std::string short_name;               // "d" or ""
  std::string long_name;                // "db"
  std::string description;
  bool takes_value = false;
  std::string value_name;               // "ARG", "ID", "FACET[:PREFIX]"
  std::string default_value;
  bool positional = false;
};

// Every option of every group, in the order --help prints them; the positional ones (declared
// with parse_positional, never printed by --help) marked.
std::vector<OptionInfo> options_of(const cxxopts::Options& spec) {
  std::vector<OptionInfo> out;
  for (const std::string& group : spec.groups()) {
    for (const cxxopts::HelpOptionDetails& option : spec.group_help(group).options) {
      OptionInfo info;
      info.short_name = option.s;
      info.long_name = option.l.empty() ? std::string() : option.l.front();
      info.description = option.desc;
      info.takes_value = !option.is_boolean;
      info.value_name = option.arg_help.empty() ? "ARG" : option.arg_help;
      if (option.has_default && !option.is_boolean) info.default_value = option.default_value;
      // Positional arguments: containers without a short name that --help leaves out.
      info.positional = option.is_container && option.s.empty() && (info.long_name == "query" || info.long_name == "paths");
      out.push_back(std::move(info));
    }
  }
  return out;
}

// roff text: a backslash doubled, a leading dot or quote guarded, dashes as \- (real minus signs
// that copy and paste as options).
std::string roff(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

std::string shell_quoted(const std::string& text) {  // single-quoted for sh
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// A zsh _arguments description: brackets and colons are syntax there.
std::string zsh_description(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '[' || c == ']' || c == ':' || c == '\\') out += '\\';
    if (c == '\'') {
      out += "'\\''";
      continue;
    }
    out += c;
  }
  return out;
}

bool listed(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string function_name(const std::string& tool) {
  std::string name = "_" + tool;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

}  // namespace

std::string man_page(const cxxopts::Options& spec, const ManualText& text, const std::string& version) {
  std::string page;
  page += ".TH " + text.name + " 1 \"\" \"" + text.name + " " + version + "\" \"Dossier manual\"\n";
  page += ".SH NAME\n" + roff(text.name) + " \\- " + roff(text.summary) + "\n";
  page += ".SH SYNOPSIS\n.B " + roff(text.name) + "\n" + roff(text.synopsis) + "\n";
  page += ".SH DESCRIPTION\n";
  for (std::size_t i = 0; i < text.description.size(); ++i) page += (i > 0 ? ".PP\n" : "") + roff(text.description[i]) + "\n";
  page += ".SH OPTIONS\n";
  for (const OptionInfo& option : options_of(spec)) {
    if (option.positional) continue;
    page += ".TP\n";
    std::string head;
    if (!option.short_name.empty()) head += "\\fB\\-" + option.short_name + "\\fR, ";
    head += "\\fB\\-\\-" + roff(option.long_name) + "\\fR";
    if (option.takes_value) head += " \\fI" + roff(option.value_name) + "\\fR";
    page += head + "\n" + roff(option.description);
    if (!option.default_value.empty()) page += " (default: " + roff(option.default_value) + ")";
    page += "\n";
  }
  if (!text.environment.empty()) {
    page += ".SH ENVIRONMENT\n";
    for (const auto& [variable, meaning] : text.environment) page += ".TP\n.B " + roff(variable) + "\n" + roff(meaning) + "\n";
  }
  page += ".SH EXIT STATUS\n";
  for (const auto& [code, meaning] : text.exit_status) page += ".TP\n.B " + roff(code) + "\n" + roff(meaning) + "\n";
  if (!text.examples.empty()) {
    page += ".SH EXAMPLES\n";
    for (const auto& [command, meaning] : text.examples) page += ".PP\n" + roff(meaning) + "\n.PP\n.RS\n.nf\n" + roff(command) + "\n.fi\n.RE\n";
  }
  if (!text.see_also.empty()) {
    page += ".SH SEE ALSO\n";
    for (std::size_t i = 0; i < text.see_also.size(); ++i) {
      const std::string& ref = text.see_also[i];
      const std::size_t paren = ref.find('(');
      page += ".BR " + roff(ref.substr(0, paren)) + " " + ref.substr(paren) + (i + 1 < text.see_also.size() ? " ," : "") + "\n";
    }
  }
  return page;
}

std::string bash_completion(const cxxopts::Options& spec, const ManualText& text) {
  const std::vector<OptionInfo> options = options_of(spec);
  std::string words, value_options;
  for (const OptionInfo& option : options) {
    if (option.positional) continue;
    words += (words.empty() ? "" : " ") + std::string("--") + option.long_name;
    if (!option.short_name.empty()) words += " -" + option.short_name;
    if (!option.takes_value) continue;
    value_options += (value_options.empty() ? "" : "|") + std::string("--") + option.long_name;
    if (!option.short_name.empty()) value_options += "|-" + option.short_name;
  }
  const std::string function = function_name(text.name);
  std::string script = "# bash completion for " + text.name + " (generated from its options by dossier-docgen)\n";
  script += function + "() {\n";
  script += "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n";
  script += "  case $prev in\n";
  for (const auto& [name, values] : text.choices) {
    std::string list;
    for (const std::string& value : values) list += (list.empty() ? "" : " ") + value;
    script += "    --" + name + ") COMPREPLY=($(compgen -W " + shell_quoted(list) + " -- \"$cur\")); return ;;\n";
  }
  std::string files, dirs;
  for (const OptionInfo& option : options) {
    const std::string names = "--" + option.long_name + (option.short_name.empty() ? "" : "|-" + option.short_name);
    if (listed(text.file_options, option.long_name)) files += (files.empty() ? "" : "|") + names;
    if (listed(text.directory_options, option.long_name)) dirs += (dirs.empty() ? "" : "|") + names;
  }
  if (!dirs.empty()) script += "    " + dirs + ") COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n";
  if (!files.empty()) script += "    " + files + ") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n";
  if (!value_options.empty()) script += "    " + value_options + ") return ;;  # a value: nothing to offer\n";
  script += "  esac\n";
  script += "  if [[ $cur == -* ]]; then\n";
  script += "    COMPREPLY=($(compgen -W " + shell_quoted(words) + " -- \"$cur\"))\n";
  if (text.files_positional) script += "  else\n    COMPREPLY=($(compgen -f -- \"$cur\"))\n";
  script += "  fi\n}\n";
  script += "complete -o filenames -F " + function + " " + text.name + "\n";
  return script;
}

std::string zsh_completion(const cxxopts::Options& spec, const ManualText& text) {
  std::string script = "#compdef " + text.name + "\n# zsh completion for " + text.name +
                       " (generated from its options by dossier-docgen)\n\n_arguments -s \\\n";
  for (const OptionInfo& option : options_of(spec)) {
    if (option.positional) continue;
    std::string action;
    std::string value_name = option.value_name;  // a message in _arguments: no colons, no brackets
    std::erase_if(value_name, [](char c) { return c == ':' || c == '[' || c == ']'; });
    if (option.takes_value) {
      const auto choice = text.choices.find(option.long_name);
      if (choice != text.choices.end()) {
        std::string list;
        for (const std::string& value : choice->second) list += (list.empty() ? "" : " ") + value;
        action = ":" + value_name + ":(" + list + ")";
      } else if (listed(text.directory_options, option.long_name)) {
        action = ":" + value_name + ":_files -/";
      } else if (listed(text.file_options, option.long_name)) {
        action = ":" + value_name + ":_files";
      } else {
        action = ":" + value_name + ": ";
      }
    }
    const std::string description = "[" + zsh_description(option.description) + "]";
    if (option.short_name.empty()) {
      script += "  '--" + option.long_name + description + action + "' \\\n";
    } else {
      script += "  '(-" + option.short_name + " --" + option.long_name + ")'{-" + option.short_name + ",--" + option.long_name + "}'" +
                description + action + "' \\\n";
    }
  }
  script += text.files_positional ? "  '*:file:_files'\n" : "  '*:query word: '\n";
  return script;
}

}  // namespace dossier
