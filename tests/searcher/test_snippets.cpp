// Snippets primed with the page's words in key order (searcher/snippets.hpp): the words listed
// are whole terms of Xapian's tokenizer that the index has, the list ends with a filler no text
// has, and a page's snippets are the ones Xapian makes without the priming.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "analyzers/normalizer.hpp"
#include "analyzers/text.hpp"
#include "indexer/columns.hpp"
#include "indexer/schema.hpp"
#include "searcher/searcher.hpp"
#include "searcher/snippet_generator.hpp"
#include "searcher/snippets.hpp"
#include "support/index_fixture.hpp"
#include "support/news_samples.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

using namespace dossier::searcher;
namespace schema = dossier::indexer::schema;

namespace {

std::vector<std::string> split_words(const std::string& listed) {
    std::vector<std::string> out;
    std::istringstream in(listed);
    for (std::string w; in >> w;) {
        out.push_back(w);
    }
    return out;
}

/// The terms Xapian's TermGenerator makes of `text` (unstemmed, as the snippet generator reads
/// it).
std::set<std::string> xapian_terms(const std::string& text) {
    Xapian::TermGenerator gen;
    Xapian::Document doc;
    gen.set_document(doc);
    gen.index_text(text);
    return {doc.termlist_begin(), doc.termlist_end()};
}

struct Listed {
    std::vector<std::string> words;  ///< before the filler
    std::string filler;
    std::size_t filler_count = 0;
};

/// snippet_words() split into its words and its filler tail (the last word, repeated).
Listed listed(const std::vector<std::string>& texts, std::size_t tail) {
    std::vector<std::string> all = split_words(snippet_words(texts, tail));
    REQUIRE(!all.empty());
    Listed out;
    out.filler = all.back();
    while (!all.empty() && all.back() == out.filler) {
        all.pop_back();
        ++out.filler_count;
    }
    out.words = std::move(all);
    return out;
}

std::string lower_ascii(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
    });
    return s;
}

}  // namespace

TEST_CASE("snippet_words lists whole terms only, in key order, then a filler", "[snippets]") {
    SECTION("words Xapian joins, reads as initials or cuts into n-grams are left out") {
        const std::string text =
            "The U.S. troops aren't in AT&T's 1,000 offices; C++ and fish+chips, "
            "zero\xE2\x80\x8Bwidth, \xE5\x8C\x97\xE4\xBA\xAC Beijing. "
            "R\xC3\xA9sum\xC3\xA9 \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 (Moscow) "
            "3.5 per cent x";
        const Listed l = listed({text}, 50);
        const std::set<std::string> words(l.words.begin(), l.words.end());
        const std::set<std::string> terms = xapian_terms(text);
        for (const std::string& w : l.words) {
            INFO(w);
            CHECK(terms.count(w) == 1);
        }
        // Whole words are listed, lower-cased, non-ASCII ones too.
        for (const char* w :
             {"the",
              "troops",
              "in",
              "offices",
              "and",
              "beijing",
              "per",
              "cent",
              "x",
              "r\xC3\xA9sum\xC3\xA9",
              "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0",
              "moscow"}) {
            INFO(w);
            CHECK(words.count(w) == 1);
        }
        // Parts of what Xapian reads as one term, or otherwise, are not.
        for (const char* w :
             {"u",
              "s",
              "aren",
              "t",
              "at",
              "1",
              "000",
              "c",
              "fish",
              "chips",
              "zero",
              "width",
              "3",
              "5",
              "\xE5\x8C\x97"}) {
            INFO(w);
            CHECK(words.count(w) == 0);
        }
    }

    SECTION("on BBC and Reuters: terms of each text, sorted, most of them, then a filler") {
        REQUIRE(dossier::test::have_shared_data());
        std::vector<std::string> texts;
        for (const auto& s : dossier::test::bbc_sample(40)) {
            texts.push_back(dossier::analyzers::collapse_space(dossier::analyzers::normalize(s.text)
            ));
        }
        for (const auto& s : dossier::test::reuters_sample(1, 20)) {
            texts.push_back(dossier::analyzers::collapse_space(dossier::analyzers::normalize(s.text)
            ));
        }
        REQUIRE(texts.size() > 60);
        std::size_t listed_total = 0;
        std::size_t terms_total = 0;
        for (std::size_t i = 0; i < texts.size(); i += 10) {
            const std::vector<std::string> page(
                texts.begin() + static_cast<std::ptrdiff_t>(i),
                texts.begin() + static_cast<std::ptrdiff_t>(std::min(i + 10, texts.size()))
            );
            const Listed l = listed(page, 300);
            std::set<std::string> terms;
            std::string letters;
            for (const std::string& t : page) {
                const auto of_text = xapian_terms(t);
                terms.insert(of_text.begin(), of_text.end());
                letters += lower_ascii(t);
            }
            CHECK(std::is_sorted(l.words.begin(), l.words.end()));
            CHECK(std::adjacent_find(l.words.begin(), l.words.end()) == l.words.end());
            for (const std::string& w : l.words) {
                INFO(w);
                CHECK(terms.count(w) == 1);
            }
            // The filler is in no text, and its repetitions outlast a snippet's window.
            CHECK(terms.count(l.filler) == 0);
            CHECK(letters.find(l.filler) == std::string::npos);
            CHECK(l.filler_count * (l.filler.size() + 1) > 300);
            listed_total += l.words.size();
            terms_total += terms.size();
        }
        // Nearly every word of news text is a whole term of its own.
        CHECK(listed_total * 10 > terms_total * 9);
    }

    SECTION("a text that has the filler gets a longer one") {
        const Listed l = listed({"Zzz, said the sleepy ZZZZ."}, 10);
        CHECK(l.filler == "zzzzz");
        CHECK(l.filler_count * (l.filler.size() + 1) > 10);
    }
}

namespace {

/// Texts with what Xapian's tokenizer and snippet drawing treat specially: initials, infixes,
/// digit separators, suffixes, zero-width characters, CJK (no n-grams), Cyrillic, quotes and
/// brackets, markup characters, sentence ends, a word over 64 bytes, runs of spaces.
const std::vector<std::string> CRAFTED = {
    "The U.S. and AT&T said 1,000.5 tonnes of C++ code; fish+chips cost $5. North Korean troops "
    "(about 11,000) fought in Kursk, Budanov said. P.T.O. and U.N.C.L.E agents were not there.",
    "\xd0\x91\xd1\x83\xd0\xb4\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2 said that "
    "\xe5\x8c\x97\xe6\x9c\x9d\xe9\xae\xae troops \xe2\x80\x94 \xc2\xab"
    "around "
    "3,000\xc2\xbb \xe2\x80\x94 were killed\xe2\x80\xa6 O'Brien\xe2\x80\x99s report: "
    "don't panic! North Korean soldiers, Kursk.",
    "Kim\xe2\x80\x8bJong Un met Putin\xe2\x80\x8d at the Kremlin. Connection connecting "
    "connected connect: the troops' connection to Kursk was cut.",
    std::string(70, 'x')
        + " north korean soldiers were wounded in the Kursk region near the "
          "border with Ukraine, the general said.",
    "<b>bold</b> & 'quoted' text with \"quotes\" [brackets] {braces} ... Really?! Yes!!! "
    "North Korean troops, said Budanov. The end.",
    "   Spaces    between   words: north   korean    troops  in   Kursk   ",
    "Short.",
    "",
};

/// Texts that the index lacks words of: some are looked up by their stem, and a later word of
/// the same stem takes the stem's entry.
const std::vector<std::string> UNINDEXED = {
    "Connecting connects connected connection: unindexedword troopsy Kursky said Budanovs.",
    "The soldier soldiering soldiered at Kursk; north koreans said the connect was lost.",
};

}  // namespace

TEST_CASE(
    "Dossier's snippet generator equals Xapian's MSet::snippet call after call", "[snippets]"
) {
    dossier::test::TempDir dir;
    const std::string path = dir.str("db");
    const Xapian::Stem stemmer("english");
    std::vector<std::string> indexed = CRAFTED;
    // More documents, so that term frequencies differ.
    for (int i = 0; i < 30; ++i) {
        indexed.push_back(
            "Document " + std::to_string(i) + " says troops " + (i % 3 == 0 ? "fought " : "")
            + (i % 5 == 0 ? "north korean " : "") + "in the region said the general connection."
        );
    }
    {
        Xapian::WritableDatabase w(path, Xapian::DB_CREATE_OR_OVERWRITE);
        Xapian::TermGenerator gen;
        gen.set_stemmer(stemmer);
        for (const std::string& text : indexed) {
            Xapian::Document doc;
            gen.set_document(doc);
            gen.index_text(text);
            w.add_document(doc);
        }
        w.commit();
    }
    const std::vector<std::string> queries = {
        "korean troops",
        "\"north korean\"",
        "\"north korean troops\" kursk",
        "kursk NEAR troops",
        "north ADJ korean",
        "budanov",
        "connection",
        "U.S.",
        "AT&T",
        "C++",
        "said -kursk",
        "troops OR soldiers",
        "\"korean troops\" \"north korean\"",
        "xxxxxxxxxx",
        "general",
        "nowordlikethis",
    };
    // Unindexed words first (keyed by their stem, which later words then share), the crafted
    // texts, then both again (cached entries, some left halved by the last window).
    std::vector<std::string> texts = UNINDEXED;
    const std::vector<std::string> mixed = {
        "connects",
        "connected",
        "kursk",
        "troopsy",
        "troops",
        "soldiering",
        "soldier",
        "said",
        "the",
        "unindexedword",
        "budanovs",
        "budanov",
        "region",
        "general",
        "koreans"};
    unsigned seed = 7;
    for (int t = 0; t < 40; ++t) {
        std::string text;
        for (int w = 0; w < 9; ++w) {
            seed = seed * 1103515245U + 12345U;
            text += mixed[(seed >> 16) % mixed.size()];
            text += w == 8 ? "." : " ";
        }
        texts.push_back(text);
    }
    texts.insert(texts.end(), CRAFTED.begin(), CRAFTED.end());
    texts.insert(texts.end(), UNINDEXED.begin(), UNINDEXED.end());
    texts.insert(texts.end(), CRAFTED.begin(), CRAFTED.end());
    const unsigned flags =
        Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE;

    auto compare = [&](const Xapian::Database& db,
                       SnippetWords& words,
                       std::vector<const dossier::indexer::TermFreqs*> freqs = {}) {
        Xapian::QueryParser parser;
        parser.set_database(db);
        parser.set_stemmer(stemmer);
        parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        std::size_t compared = 0;
        for (const std::string& q : queries) {
            const Xapian::Query query = parser.parse_query(
                q, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PURE_NOT
            );
            REQUIRE(PageSnippets::supports(query));
            for (const std::size_t length : {std::size_t{20}, std::size_t{60}, std::size_t{300}}) {
                Xapian::Enquire enquire(db);
                enquire.set_query(query);
                const Xapian::MSet mset = enquire.get_mset(0, 10);
                PageSnippets own(mset, query, db, stemmer, words, freqs);
                for (const std::string& text : texts) {
                    INFO(q << " / " << length << " / " << text);
                    CHECK(
                        own(text, length, "<b>", "</b>", "...")
                        == mset.snippet(text, length, stemmer, flags, "<b>", "</b>", "...")
                    );
                    ++compared;
                }
            }
        }
        return compared;
    };

    SnippetWords words;
    CHECK(compare(Xapian::Database(path), words) == queries.size() * 3 * texts.size());
    CHECK(words.size() > 50);
    SECTION("the term-frequency table beside the database gives the same snippets") {
        // The frequencies from the indexer's table (indexer::TermFreqs) instead of the database,
        // with a fresh word cache: unindexed words (0 from the table, then their stems) included.
        const Xapian::Database db(path);
        CHECK(dossier::indexer::write_term_freqs(path, db));
        const auto freqs = dossier::indexer::TermFreqs::open(path, db);
        REQUIRE(freqs);
        SnippetWords fresh;
        CHECK(compare(db, fresh, {freqs.get()}) == queries.size() * 3 * texts.size());
    }
    SECTION("cached words answer for a changed database once their frequencies are cleared") {
        {
            Xapian::WritableDatabase w(path);
            Xapian::TermGenerator gen;
            gen.set_stemmer(stemmer);
            for (int i = 0; i < 40; ++i) {
                Xapian::Document doc;
                gen.set_document(doc);
                gen.index_text("Kursk connecting connects budanovs troopsy unindexedword said.");
                w.add_document(doc);
            }
            w.commit();
        }
        words.clear_frequencies();
        CHECK(compare(Xapian::Database(path), words) > 0);
    }
    SECTION("a query term repeated a thousand times within one long snippet starts again") {
        // Xapian halves a term's relevance at each occurrence in the window; at exactly 0.0
        // (~1,075 halvings) it computes the weight again, which moves the chosen passage.
        const Xapian::Database db(path);
        Xapian::QueryParser parser;
        parser.set_database(db);
        parser.set_stemmer(stemmer);
        parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        std::string repeated;
        for (int i = 0; i < 3000; ++i) {
            repeated += "0 ";  // two bytes: a 2,200-byte window holds 1,100 of them
        }
        for (int i = 0; i < 400; ++i) {
            repeated += i % 7 == 0 ? "troops said " : "market ";
        }
        const std::vector<std::string> long_texts = {
            repeated, "market " + repeated + repeated, repeated + "0 troops."};
        std::size_t differing_tails = 0;
        for (const std::string q : {"0", "0 troops", "\"0 says\" market"}) {
            const Xapian::Query query = parser.parse_query(q);
            Xapian::Enquire enquire(db);
            enquire.set_query(query);
            const Xapian::MSet mset = enquire.get_mset(0, 10);
            PageSnippets own(mset, query, db, stemmer, words);
            for (const std::string& text : long_texts) {
                for (const std::size_t length :
                     {std::size_t{2200}, std::size_t{3000}, std::size_t{5000}}) {
                    INFO(q << " / " << length << " / " << text.substr(0, 40));
                    const std::string xapian =
                        mset.snippet(text, length, stemmer, flags, "<b>", "</b>", "...");
                    CHECK(own(text, length, "<b>", "</b>", "...") == xapian);
                    differing_tails += xapian.find("market") != std::string::npos;
                }
            }
        }
        // The windows chosen reach the words after the repeated run: the case is exercised.
        CHECK(differing_tails > 0);
    }
    SECTION("wildcards are left to Xapian") {
        Xapian::QueryParser parser;
        parser.set_database(Xapian::Database(path));
        CHECK_FALSE(
            PageSnippets::supports(parser.parse_query("troop*", Xapian::QueryParser::FLAG_WILDCARD))
        );
    }
}

TEST_CASE(
    "a page's snippets are the same from Dossier's generator and Xapian's, with and without "
    "priming, and the index has its words",
    "[snippets][searcher][shared]"
) {
    REQUIRE(dossier::test::have_shared_data());
    dossier::test::TempDir dir;
    const std::string path = dir.str("db");
    std::vector<dossier::test::SampleArticle> news = dossier::test::bbc_sample(4);
    for (auto& s : dossier::test::reuters_sample(0, 1)) {
        news.push_back(std::move(s));
    }
    dossier::test::index_samples(path, news);

    // Queries from the articles' titles: single words, pairs, phrases, OR, NOT.
    std::vector<std::string> queries = {
        "said",
        "the",
        "government",
        "\"prime minister\"",
        "oil OR gold",
        "market -shares",
        "year",
        "prime NEAR minister",
        "\"the government\" said",
        "minist*",
        "U.S. dollar",
        "\"oil prices\" \"interest rates\""};
    std::size_t n = 0;
    for (const auto& s : dossier::test::bbc_sample(9)) {
        const std::vector<std::string> words = split_words(s.title);
        if (words.size() >= 2) {
            queries.push_back(words[0]);
            queries.push_back(words[0] + " " + words[1]);
            queries.push_back("\"" + words[0] + " " + words[1] + "\"");
        }
        if (++n == 40) {
            break;
        }
    }

    Searcher own(path);             // Dossier's generator (searcher/snippet_generator.hpp)
    CHECK(own.reads_term_freqs());  // the indexer wrote the table: frequencies come from it
    Searcher primed(path);
    primed.set_own_snippets(false);
    Searcher plain(path);
    plain.set_own_snippets(false);
    plain.set_snippet_priming(false);
    const Xapian::Database db(path);
    std::size_t snippets = 0;
    std::size_t checked_words = 0;
    for (const std::string& q : queries) {
        for (const std::size_t bytes : {std::size_t{300}, std::size_t{80}}) {
            INFO(q << " / " << bytes << " bytes");
            HitsRequest request;
            request.query = q;
            request.limit = 20;
            request.snippet_bytes = bytes;
            request.facet_limit = 0;
            const auto a = primed.hits(request);
            const auto b = plain.hits(request);
            const auto c = own.hits(request);
            REQUIRE(a.hits.size() == b.hits.size());
            REQUIRE(c.hits.size() == b.hits.size());
            std::vector<std::string> texts;
            for (std::size_t i = 0; i < a.hits.size(); ++i) {
                CHECK(a.hits[i].id == b.hits[i].id);
                CHECK(a.hits[i].snippet == b.hits[i].snippet);
                CHECK(c.hits[i].snippet == b.hits[i].snippet);
                ++snippets;
                // The page's texts as the searcher gives them to Xapian.
                const Xapian::docid did =
                    *db.postlist_begin(std::string(schema::PREFIX_ID) + a.hits[i].id);
                const auto data = nlohmann::json::parse(db.get_document(did).get_data());
                texts.push_back(dossier::analyzers::collapse_space(
                    dossier::analyzers::normalize(data.value(schema::DATA_TEXT, ""))
                ));
            }
            if (bytes == 300 && !texts.empty()) {
                // Every word listed is a term of the index: none is looked up by its stem.
                for (const std::string& w : listed(texts, bytes).words) {
                    INFO(w);
                    CHECK(db.get_termfreq(w) > 0);
                    ++checked_words;
                }
            }
        }
    }
    CHECK(snippets > 1000);
    CHECK(checked_words > 10000);
}

TEST_CASE(
    "a hit whose text has Cyrillic or Greek letters gets its snippet from the indexer's "
    "normalized body, the same snippet, without transliterating at search time",
    "[snippets][searcher]"
) {
    // A wire report quoting names in their own scripts, and an English one with accented Latin
    // letters only (no transliteration, nothing stored).
    const std::vector<dossier::test::SampleArticle> articles = {
        {"kursk-losses",
         "Budanov says North Korean units took heavy losses in Kursk",
         "KYIV, Dec 3 - Kyrylo Budanov (Кирило Буданов), the head of Ukraine's military "
         "intelligence, said on Tuesday that North Korean units fighting for Russia in the Kursk "
         "region had taken heavy losses. The Russian defence ministry (Министерство обороны) did "
         "not comment. In Athens, the foreign ministry (Υπουργείο Εξωτερικών) said it was "
         "following the reports closely. Budanov gave no figure for the dead.",
         ""},
        {"paris-bank",
         "Société Générale cuts jobs",
         "PARIS - Société Générale said on Tuesday it would cut jobs at its Paris headquarters, "
         "the bank's first cuts since the crisis. Its chief executive did not say how many.",
         ""},
    };
    dossier::test::TempDir dir;
    const std::string stored = dir.str("stored");
    dossier::test::index_samples(stored, articles);

    // What the indexer stored: the normalized body of the article that needed transliterating.
    {
        const Xapian::Database db(stored);
        auto data_of = [&](const std::string& id) {
            Xapian::PostingIterator p = db.postlist_begin(schema::id_term(id));
            REQUIRE(p != db.postlist_end(schema::id_term(id)));
            return nlohmann::json::parse(db.get_document(*p).get_data());
        };
        const nlohmann::json kursk = data_of("kursk-losses");
        REQUIRE(kursk.contains(schema::DATA_TEXT_FOLDED));
        const std::string folded = kursk[schema::DATA_TEXT_FOLDED].get<std::string>();
        CHECK(
            folded
            == dossier::analyzers::collapse_space(dossier::analyzers::normalize(articles[0].text))
        );
        CHECK(folded.find("(Kirilo Budanov)") != std::string::npos);  // Russian by the vote
        CHECK(folded.find("(Ministerstvo oborony)") != std::string::npos);
        CHECK(folded.find("(Ypourgeio Exoterikon)") != std::string::npos);
        CHECK_FALSE(data_of("paris-bank").contains(schema::DATA_TEXT_FOLDED));
    }

    // The same articles without the stored form (as indexed before it): the searcher
    // normalizes their text itself.
    const std::string plain = dir.str("plain");
    {
        std::filesystem::copy(stored, plain, std::filesystem::copy_options::recursive);
        Xapian::WritableDatabase db(plain);
        const std::vector<Xapian::docid> ids(db.postlist_begin(""), db.postlist_end(""));
        for (const Xapian::docid did : ids) {
            Xapian::Document doc = db.get_document(did);
            nlohmann::json data = nlohmann::json::parse(doc.get_data());
            if (data.erase(schema::DATA_TEXT_FOLDED) > 0) {
                doc.set_data(data.dump());
                db.replace_document(did, doc);
            }
        }
        db.commit();
    }

    // The last two match both articles: a page mixing a stored form and one normalized here.
    const std::vector<std::string> queries = {
        "Budanov losses", "\"foreign ministry\"", "Kursk", "Tuesday", "said Tuesday"};
    for (const std::string& q : queries) {
        INFO(q);
        HitsRequest request;
        request.query = q;
        request.facet_limit = 0;
        request.snippet_bytes = 120;
        // The transliterations each search makes (texts, whichever thread made them before).
        auto search = [&](const std::string& path, std::uint64_t& made) {
            Searcher searcher(path);
            const std::uint64_t before = dossier::analyzers::transliterations();
            HitsResult result = searcher.hits(request);
            made = dossier::analyzers::transliterations() - before;
            return result;
        };
        std::uint64_t made_stored = 0;
        std::uint64_t made_plain = 0;
        const HitsResult a = search(stored, made_stored);
        const HitsResult b = search(plain, made_plain);
        REQUIRE(a.hits.size() == b.hits.size());
        REQUIRE_FALSE(a.hits.empty());
        bool cyrillic_hit = false;
        for (std::size_t i = 0; i < a.hits.size(); ++i) {
            CHECK(a.hits[i].id == b.hits[i].id);
            CHECK(a.hits[i].snippet == b.hits[i].snippet);
            cyrillic_hit = cyrillic_hit || a.hits[i].id == "kursk-losses";
        }
        CHECK(made_stored == 0);
        CHECK(made_plain == (cyrillic_hit ? 1U : 0U));
        if (q == "Tuesday" || q == "said Tuesday") {
            CHECK(a.hits.size() == 2);
            CHECK(cyrillic_hit);
        }
    }
}
