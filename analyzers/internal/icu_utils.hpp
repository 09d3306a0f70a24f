/// ICU helpers for analyzers/*.cpp only: error checking and UTF-8 conversion.
#pragma once

#include <string>
#include <string_view>

#include <unicode/unistr.h>
#include <unicode/utypes.h>

namespace dossier::analyzers::internal {

/// Throws dossier::Error naming `what` and the ICU error when `status` is a failure.
void check_icu(UErrorCode status, const char* what);

/// UTF-8 → UTF-16. Invalid byte sequences become U+FFFD.
icu::UnicodeString from_utf8(std::string_view text);

std::string to_utf8(const icu::UnicodeString& text);

}  // namespace dossier::analyzers::internal
