// libFuzzer target: extraction of quotes, speakers, organizations and figures from one article.
// Input: title, a newline, then the text. Invariants checked: every offset lies inside the
// analysed text, and the stored JSON form reads back.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "analyzers/analysis_config.hpp"
#include "analyzers/extractor.hpp"
#include "analyzers/normalizer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dossier::analyzers;
    static const AnalysisConfig config = AnalysisConfig::from_environment();
    static const Extractor& extractor = *config.extractor;
    const std::string_view raw(reinterpret_cast<const char*>(data), size);
    const std::size_t nl = raw.find('\n');
    const std::string_view title =
        nl == std::string_view::npos ? std::string_view() : raw.substr(0, nl);
    const std::string_view body = nl == std::string_view::npos ? raw : raw.substr(nl + 1);
    const Extraction x = extractor.extract(title, body);
    const std::size_t limit = repair_utf8(body).size();
    for (const Quote& q : x.quotes) {
        if (q.begin > q.end || q.end > limit) {
            std::abort();
        }
    }
    for (const Figure& f : x.figures) {
        if (f.begin > f.end || f.end > limit) {
            std::abort();
        }
    }
    const Extraction back = extraction_from_json(to_json(x));
    if (back.quotes.size() != x.quotes.size() || back.figures.size() != x.figures.size()) {
        std::abort();
    }
    return 0;
}
