// ICU's code is linked into the executables (CMake's DOSSIER_STATIC_ICU, on wherever the static
// libraries are installed, as libicu-dev does), its data is not: the 30 MB common data stays in
// the system's libicudata.so.NN, which a constructor loads with dlopen and hands to ICU
// (udata_setCommonData) before any other code runs. Relocating the shared ICU libraries and
// touching the pages they write cost a one-shot dossier-search about a tenth of its time, and
// linking the data too would add 30 MB to every executable (docs/performance.md, start-up).
// Built with the shared ICU libraries (DOSSIER_STATIC_ICU off), ICU finds its data itself.
#pragma once

namespace dossier {

// The library ICU's data was loaded from ("libicudata.so.72"), or nullptr where ICU is linked as
// a shared library (it then maps its data itself).
const char* icu_data_library();

}  // namespace dossier
