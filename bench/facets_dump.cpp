/// bench_facets: the facet values Dossier extracted, one line per article, for the Lucene
/// yardstick (bench/LuceneBench.java indexes them as SortedSetDocValuesFacetFields, so both
/// engines count the same values).
///   bench_facets DB > facets.tsv      id \t speakers \t organizations \t figure types
/// Values within a column are joined by U+001F (unit separator); ids are read from the Q terms.
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "indexer/schema.hpp"

namespace schema = dossier::indexer::schema;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: bench_facets DB\n";
        return 2;
    }
    try {
        Xapian::Database db(argv[1]);
        std::map<Xapian::docid, std::string> ids;
        const std::string q = schema::PREFIX_ID;
        for (auto t = db.allterms_begin(q); t != db.allterms_end(q); ++t) {
            const std::string term = *t;
            for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
                ids[*p] = term.substr(q.size());
            }
        }
        const Xapian::valueno slots[] = {
            schema::SLOT_SPEAKERS, schema::SLOT_ORGS, schema::SLOT_FIGURE_TYPES};
        std::map<Xapian::docid, std::vector<std::string>> cols;
        for (std::size_t c = 0; c < 3; ++c) {
            for (auto v = db.valuestream_begin(slots[c]); v != db.valuestream_end(slots[c]); ++v) {
                std::string joined;
                for (const auto& value : schema::unpack_values(*v)) {
                    joined += (joined.empty() ? "" : "\x1f") + value;
                }
                auto& row = cols[v.get_docid()];
                row.resize(3);
                row[c] = joined;
            }
        }
        for (const auto& [docid, id] : ids) {
            auto row = cols.count(docid) ? cols[docid] : std::vector<std::string>(3);
            std::cout << id << '\t' << row[0] << '\t' << row[1] << '\t' << row[2] << '\n';
        }
    } catch (const Xapian::Error& e) {
        std::cerr << "bench_facets: " << argv[1] << ": " << e.get_description() << "\n";
        return 1;
    }
    return 0;
}
