#include "analyzers/internal/icu_utils.hpp"

#include <unicode/uscript.h>

#include "analyzers/error.hpp"

namespace dossier::analyzers::internal {

void check_icu(UErrorCode status, const char* what) {
    if (U_FAILURE(status)) {
        throw Error(std::string("ICU ") + what + ": " + u_errorName(status));
    }
}

icu::UnicodeString from_utf8(std::string_view text) {
    return icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))
    );
}

std::string to_utf8(const icu::UnicodeString& text) {
    std::string out;
    text.toUTF8String(out);
    return out;
}

bool has_cyrillic_or_greek(const icu::UnicodeString& text) {
    for (int32_t i = 0; i < text.length();) {
        const UChar32 c = text.char32At(i);
        i += U16_LENGTH(c);
        if (c < 0x80) {
            continue;
        }
        UErrorCode status = U_ZERO_ERROR;
        const UScriptCode script = uscript_getScript(c, &status);
        if (U_SUCCESS(status) && (script == USCRIPT_CYRILLIC || script == USCRIPT_GREEK)) {
            return true;
        }
    }
    return false;
}

}  // namespace dossier::analyzers::internal
