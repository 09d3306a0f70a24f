/// Character-level text normalization, applied identically to indexed text and to queries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dossier::analyzers {

/// Normalizes text for indexing and querying, keeping letter case and word boundaries:
/// - NFKC (ICU Normalizer2): compatibility forms ("ﬁ", full-width letters, "…") become plain ones;
/// - curly and other apostrophes (’ ‘ ‛ ′ ʼ) become ', curly and angle double quotes (“ ” „ « »)
/// become ";
/// - hyphen look-alikes (‐ ‑ ‒ −) become -, soft hyphens and zero-width joiners disappear;
/// - accents are removed ("Zelenskyy" = "Zelenskyý") and Cyrillic and Greek are transliterated to
///   Latin, so a name typed in either script meets the other: Ukrainian words (і ї є ґ, -ський)
///   by the Ukrainian national system ("Зеленський" → "Zelenskyi", "Київ" → "Kyiv"), other
///   Cyrillic by BGN ("Буданов" → "Budanov", "Зеленский" → "Zelenskiy"), Greek by ICU Any-Latin.
/// Pure ASCII input is returned unchanged without touching ICU (the common case for news text).
/// Invalid UTF-8 sequences become U+FFFD. Thread-safe.
std::string normalize(std::string_view text);

/// normalize(), and whether it transliterated Cyrillic or Greek letters: the first
/// transliteration of a process makes ICU load its whole transliterator registry (10–12 ms), so
/// the indexer stores such a text's normalized form for snippets (schema::DATA_TEXT_FOLDED) and a
/// search that reads it never loads the registry.
std::string normalize(std::string_view text, bool& transliterated);

/// The texts this process has transliterated so far (normalize() with `transliterated` true), for
/// tests of the paths that must not.
std::uint64_t transliterations();

/// A lookup key for a name: normalize(), then lower-cased, with punctuation other than
/// internal apostrophes and hyphens dropped and white space collapsed ("Kyrylo  Budanov," →
/// "kyrylo budanov"). Used for facet terms and alias lookups. Thread-safe.
std::string fold_key(std::string_view text);

/// The key of an organization's name: fold_key() without the legal form that ends it ("Inc",
/// "Corp.", "Co", "Ltd", "plc", "AG", "S.A.", "N.V.", "Group", "Holdings" ..., repeatedly, and a
/// dangling "and"/"&" left by "and Co"), so "General Motors Corp", "General Motors Corporation"
/// and "General Motors" are one value, as are "Merrill Lynch and Co Inc" and "Merrill Lynch".
/// At least one word stays ("Group" alone keeps its key). Used as the key of the organization and
/// speaker facets (indexer/schema.hpp, FacetSpec::key_kind). Thread-safe.
std::string organization_key(std::string_view text);

/// organization_key() of a name that is already a fold_key().
std::string organization_key_of_folded(std::string key);

/// How a kind of name is keyed: fold_key() (people, places, figure types: `Plain`) or
/// organization_key() (names of organizations: `Organization`).
enum class KeyKind { Plain, Organization };

/// The key of `text` as names of kind `kind` are keyed.
inline std::string name_key(KeyKind kind, std::string_view text) {
    return kind == KeyKind::Organization ? organization_key(text) : fold_key(text);
}

/// True when `text` is well-formed UTF-8.
bool is_valid_utf8(std::string_view text);

/// Replaces each ill-formed UTF-8 sequence with U+FFFD. `first_bad`, when not null, receives the
/// byte offset of the first bad sequence (unchanged when there is none).
std::string repair_utf8(std::string_view text, std::size_t* first_bad = nullptr);

/// Text in a legacy 8-bit encoding (Latin-1, Windows-1252, other ISO-8859 and Windows code
/// pages) converted to UTF-8. Applies only to text that is not valid UTF-8 and holds no valid
/// multi-byte UTF-8 sequence at all (so UTF-8 with a stray bad byte is left to repair_utf8());
/// the charset is the one ICU's detector (ucsdet) ranks first, ISO-8859-1 read as its superset
/// Windows-1252 (as browsers do). `charset` receives the name used. nullopt when it does not
/// apply or ICU detects nothing usable. Thread-safe.
std::optional<std::string> transcode_legacy(std::string_view text, std::string* charset = nullptr);

}  // namespace dossier::analyzers
