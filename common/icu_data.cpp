#include "common/icu_data.h"

#include <dlfcn.h>
#include <errno.h>  // program_invocation_short_name (GNU)
#include <unicode/udata.h>
#include <unicode/utypes.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>

namespace {

const char* g_loaded_from = nullptr;  // constant-initialised: set by the constructor below

}  // namespace

// DOSSIER_STATIC_ICU: set by CMake where ICU's static libraries are linked.
#if DOSSIER_STATIC_ICU

namespace dossier {

// The layout of an ICU common-data file's header and table of contents (ICU's ucmndata.h and
// stubdata.cpp): the header, then the number of entries.
struct IcuEmptyCommonData {
  std::uint16_t header_size;
  std::uint8_t magic1;
  std::uint8_t magic2;
  UDataInfo info;
  char padding[8];
  std::uint32_t count;
  std::uint32_t reserved;
  std::uint32_t entries[4];
};

}  // namespace dossier

// Static libicuuc refers to its data by this name (icudt72_dat): here an empty table of
// contents, as ICU's own stub data library is, so that an executable links without libicudata.
// ICU looks an item up first in the data udata_setCommonData gave it; nothing is found here.
extern "C" alignas(16) const dossier::IcuEmptyCommonData U_ICUDATA_ENTRY_POINT = {
    32,
    0xda,
    0x27,
    {sizeof(UDataInfo), 0, U_IS_BIG_ENDIAN, U_CHARSET_FAMILY, sizeof(UChar), 0, {0x54, 0x6f, 0x43, 0x50} /* "ToCP" */, {1, 0, 0, 0},
     {0, 0, 0, 0}},
    {},
    0,
    0,
    {}};

namespace {

constexpr const char* kDataLibrary = "libicudata.so." U_ICU_VERSION_SHORT;
constexpr const char* kDataSymbol = "icudt" U_ICU_VERSION_SHORT "_dat";

// Priority 101, the first a program may use: before every C++ static initialiser, any of which
// might call ICU (an ICU service that fails to find its data remembers the failure for good).
// Without its data ICU cannot fold a single word: one line, exit status 2, as for any error.
__attribute__((constructor(101))) void load_icu_data() {
  void* library = ::dlopen(kDataLibrary, RTLD_NOW | RTLD_LOCAL);
  const void* data = library != nullptr ? ::dlsym(library, kDataSymbol) : nullptr;
  UErrorCode status = U_ZERO_ERROR;
  if (data != nullptr) udata_setCommonData(data, &status);
  if (data == nullptr || U_FAILURE(status)) {
    const char* why = data == nullptr ? ::dlerror() : u_errorName(status);
    std::fprintf(stderr, "%s: error: cannot load ICU's data from %s (%s); install the libicu%s package\n", program_invocation_short_name,
                 kDataLibrary, why != nullptr ? why : "no data symbol", U_ICU_VERSION_SHORT);
    ::_exit(2);
  }
  g_loaded_from = kDataLibrary;
}

}  // namespace

#endif  // DOSSIER_STATIC_ICU

namespace dossier {

const char* icu_data_library() { return g_loaded_from; }

}  // namespace dossier
