/// ICU helpers for analyzers/*.cpp only: error checking, UTF-8 conversion, script tests.
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

/// Whether `text` has a character of the Cyrillic or the Greek script (Unicode's Script
/// property): what UnicodeSet("[[:Cyrillic:][:Greek:]]").containsSome(text) answers, without
/// building that set, which costs every process about 0.4 ms (ICU computes the Script
/// property's ranges over all of Unicode for it).
bool has_cyrillic_or_greek(const icu::UnicodeString& text);

}  // namespace dossier::analyzers::internal
