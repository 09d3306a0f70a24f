#include "analyzers/internal/icu_utils.hpp"

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

}  // namespace dossier::analyzers::internal
