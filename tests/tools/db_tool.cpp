// Test-only helper for the end-to-end tests:
//   db_tool lock DB          hold DB's write lock until stdin closes (prints "locked" first)
//   db_tool set-meta DB K V  set a metadata key (to fake another index format version)
#include <xapian.h>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
  try {
    const std::string command = argc > 1 ? argv[1] : "";
    if (command == "lock" && argc == 3) {
      Xapian::WritableDatabase db(argv[2], Xapian::DB_CREATE_OR_OPEN);
      std::cout << "locked" << std::endl;
      std::string line;
      while (std::getline(std::cin, line)) {
      }
      return 0;
    }
    if (command == "set-meta" && argc == 5) {
      Xapian::WritableDatabase db(argv[2], Xapian::DB_OPEN);
      db.set_metadata(argv[3], argv[4]);
      db.commit();
      return 0;
    }
    std::cerr << "usage: db_tool lock DB | db_tool set-meta DB KEY VALUE\n";
    return 2;
  } catch (const Xapian::Error& e) {
    std::cerr << "db_tool: " << e.get_description() << '\n';
    return 2;
  }
}
