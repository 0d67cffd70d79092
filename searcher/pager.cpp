#include "searcher/pager.h"

#include <sys/wait.h>

#include <cstdio>

#include "common/terminal.h"

namespace dossier {

std::size_t screen_rows(std::string_view text, std::size_t columns) {
  if (columns == 0) columns = 80;
  std::size_t rows = 0;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    const std::size_t width = visible_width(text.substr(begin, end - begin));
    rows += width == 0 ? 1 : (width + columns - 1) / columns;
    begin = end + 1;
  }
  return rows;
}

bool is_pager(std::string_view command) {
  const std::size_t begin = command.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return false;
  const std::size_t end = command.find_last_not_of(" \t");
  return command.substr(begin, end - begin + 1) != "cat";
}

bool runs_less(std::string_view command) {
  const std::size_t begin = command.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return false;
  const std::string_view program = command.substr(begin, command.find_first_of(" \t", begin) - begin);
  return program == "less" || (program.size() > 5 && program.substr(program.size() - 5) == "/less");
}

std::string less_options(std::string_view user_less) {
  std::string options = "-R -F -X";
  if (!user_less.empty()) options += " " + std::string(user_less);
  return options;
}

bool show_in_pager(const std::string& command, std::string_view text) {
  std::fflush(stdout);  // what was printed before comes before the pager's screen
  FILE* pipe = popen(command.c_str(), "w");
  if (pipe == nullptr) return false;
  // A short write means the pager quit early (q on the first screen): nothing to do about it.
  std::fwrite(text.data(), 1, text.size(), pipe);
  const int status = pclose(pipe);
  if (status == -1) return false;
  return !(WIFEXITED(status) && (WEXITSTATUS(status) == 126 || WEXITSTATUS(status) == 127));
}

}  // namespace dossier
