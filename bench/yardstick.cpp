/// bench_yardstick: the plain Xapian indexer Dossier is measured against. One thread, no
/// extraction, no normalisation: Xapian::TermGenerator (English stemmer, STEM_SOME default) over
/// title and text, the JSON record as document data, a unique Q id term, Xapian's default
/// commit policy (auto-commit every 10,000 documents) and one commit at the end.
///   bench_yardstick DB FILE.jsonl   → prints {"docs": N, "seconds": S, "input_mb": M}
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>
#include <xapian.h>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: bench_yardstick DB FILE.jsonl\n";
        return 2;
    }
    const auto start = std::chrono::steady_clock::now();
    Xapian::WritableDatabase db(argv[1], Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator termgen;
    termgen.set_stemmer(Xapian::Stem("english"));
    std::ifstream in(argv[2]);
    std::string line;
    std::size_t docs = 0;
    double bytes = 0;
    while (std::getline(in, line)) {
        bytes += static_cast<double>(line.size() + 1);
        nlohmann::json rec = nlohmann::json::parse(line, nullptr, false);
        if (!rec.is_object()) {
            continue;
        }
        const std::string id = rec.value("id", "");
        const std::string title = rec.value("title", "");
        const std::string text = rec.value("text", "");
        Xapian::Document doc;
        termgen.set_document(doc);
        termgen.index_text(title, 1, "S");
        termgen.increase_termpos();
        termgen.index_text(title);
        termgen.increase_termpos();
        termgen.index_text(text);
        doc.set_data(line);
        doc.add_boolean_term("Q" + id);
        db.replace_document("Q" + id, doc);
        ++docs;
    }
    db.commit();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout
        << nlohmann::json{{"docs", docs}, {"seconds", seconds}, {"input_mb", bytes / 1e6}}.dump()
        << "\n";
    return 0;
}
