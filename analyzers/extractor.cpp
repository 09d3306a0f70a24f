#include "analyzers/extractor.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "analyzers/extractors/document.hpp"
#include "analyzers/extractors/entity_extractor.hpp"
#include "analyzers/extractors/figure_extractor.hpp"
#include "analyzers/extractors/lexicon.hpp"
#include "analyzers/extractors/quote_extractor.hpp"
#include "analyzers/hash.hpp"
#include "analyzers/normalizer.hpp"
#include "analyzers/text.hpp"

namespace dossier::analyzers {

namespace {

AliasTable load_aliases(const std::string& dir) {
    std::string path = dir + "/aliases.tsv";
    std::ifstream probe(path);
    return probe ? AliasTable::load(path) : AliasTable();
}

std::uint64_t fingerprint_dir(const std::string& dir) {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file()) {
            files.push_back(it->path());
        }
    }
    std::sort(files.begin(), files.end());
    Fnv1a64 h;
    auto mix = [&h](std::string_view bytes) { h.add(bytes); };
    for (const auto& f : files) {
        mix(f.filename().string());
        std::ifstream in(f, std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        mix(ss.str());
    }
    return h.value();
}

void add_unique(
    std::vector<std::string>& list, std::unordered_set<std::string>& keys, const std::string& name
) {
    if (keys.insert(fold_key(name)).second) {
        list.push_back(name);
    }
}

}  // namespace

Extractor::Extractor(const std::string& dir) : Extractor(dir, load_aliases(dir)) {}

Extractor::Extractor(const std::string& dir, const AliasTable& aliases)
    : m_lex(std::make_unique<extract::Lexicon>(extract::Lexicon::load(dir, aliases))),
      m_entities(std::make_unique<extract::EntityExtractor>(*m_lex)),
      m_quotes(std::make_unique<extract::QuoteExtractor>(*m_lex, *m_entities)),
      m_figures(std::make_unique<extract::FigureExtractor>()),
      m_fingerprint(fingerprint_dir(dir)) {}

Extractor::~Extractor() = default;

Extraction Extractor::extract(
    std::string_view title, std::string_view text, std::uint64_t* token_reads
) const {
    std::string repaired;
    if (!is_valid_utf8(text)) {
        repaired = repair_utf8(text);
        text = repaired;
    }
    extract::Document doc(text);
    m_entities->find_organizations(doc);
    Extraction out;
    bool quotes_capped = false, figures_capped = false;
    out.quotes = m_quotes->extract(doc, &quotes_capped);
    out.figures = m_figures->extract(doc, out.quotes, &figures_capped);

    std::unordered_set<std::string> speaker_keys, org_keys;
    for (const auto& q : out.quotes) {
        if (q.speaker) {
            add_unique(out.speakers, speaker_keys, *q.speaker);
        }
    }
    for (const auto& m : doc.orgs) {
        add_unique(out.organizations, org_keys, m.name);
    }
    out.places = m_entities->places(doc);
    // people: named persons, and the speakers that are neither organizations nor places
    std::unordered_set<std::string> people_keys;
    for (const auto& p : m_entities->people(doc)) {
        add_unique(out.people, people_keys, p);
    }
    // the headline's speaker ("Ann Coulter: …", "Howard Dean Tells …"), named as the article
    // names it, comes first
    if (!title.empty() && is_valid_utf8(title)) {
        std::vector<std::string> names = out.speakers;
        names.insert(names.end(), out.people.begin(), out.people.end());
        names.insert(names.end(), out.organizations.begin(), out.organizations.end());
        auto h = m_quotes->headline_speaker(title, names);
        if (h && !speaker_keys.count(fold_key(*h))) {
            speaker_keys.insert(fold_key(*h));
            out.speakers.insert(out.speakers.begin(), *h);
        }
    }
    for (const auto& s : out.speakers) {
        if (!org_keys.count(fold_key(s)) && !m_lex->is_place(fold_key(s))) {
            add_unique(out.people, people_keys, s);
        }
    }
    // The caps of extraction.hpp: figures and quotes stop their scans; names are cut here.
    auto cap_names = [&out](std::vector<std::string>& names, const char* kind) {
        if (names.size() > MAX_NAMES) {
            names.resize(MAX_NAMES);
            out.capped.emplace_back(kind);
        }
    };
    if (figures_capped) {
        out.capped.emplace_back("figures");
    }
    if (quotes_capped) {
        out.capped.emplace_back("quotes");
    }
    cap_names(out.people, "people");
    cap_names(out.places, "places");
    cap_names(out.organizations, "organizations");
    if (token_reads != nullptr) {
        *token_reads = doc.tokens.reads();
    }
    return out;
}

}  // namespace dossier::analyzers
