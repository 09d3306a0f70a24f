/// Sharded search end to end: `indexer --shards 3` over BBC + Reuters samples, each shard served
/// by a real, stock xapian-tcpsrv on a free loopback port, searched through a stub; every answer
/// compared with one database of the same articles.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include "analyzers/error.hpp"
#include "indexer/columns.hpp"
#include "indexer/db_layout.hpp"
#include "indexer/index_writer.hpp"
#include "indexer/name_merges.hpp"
#include "indexer/schema.hpp"
#include "indexer/shards.hpp"
#include "searcher/searcher.hpp"
#include "support/analysis.hpp"
#include "support/news_samples.hpp"
#include "support/paths.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

using dossier::test::run;
using dossier::test::sh_quote;
using nlohmann::json;

namespace {

/// A port nobody listens on now (the kernel's choice for a bound, then closed, socket).
unsigned free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

bool accepts(unsigned port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
}

/// The stock xapian-tcpsrv serving one database on a free loopback port, in a process group of
/// its own so that stopping it also stops the children it forks per connection.
class TcpServer {
public:
    explicit TcpServer(const std::string& db) : m_port(free_port()) {
        m_pid = ::fork();
        if (m_pid == 0) {
            ::setpgid(0, 0);
            const int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, STDOUT_FILENO);  // it reports clients that hang up as errors
            ::dup2(null, STDERR_FILENO);
            const std::string port = std::to_string(m_port);
            ::execlp(
                "xapian-tcpsrv",
                "xapian-tcpsrv",
                "--quiet",
                "--interface",
                "127.0.0.1",
                "--port",
                port.c_str(),
                db.c_str(),
                static_cast<char*>(nullptr)
            );
            ::_exit(127);
        }
        ::setpgid(m_pid, m_pid);
        for (int i = 0; i < 200 && !accepts(m_port); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        if (!accepts(m_port)) {
            stop();
            throw std::runtime_error(
                "xapian-tcpsrv did not start on port " + std::to_string(m_port)
            );
        }
    }

    ~TcpServer() { stop(); }

    TcpServer(const TcpServer&) = delete;
    TcpServer& operator=(const TcpServer&) = delete;

    /// SIGKILL to the server and its connections, as a crashed host would do.
    void stop() {
        if (m_pid > 0) {
            ::kill(-m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
            m_pid = -1;
        }
    }

    std::string endpoint() const { return "127.0.0.1:" + std::to_string(m_port); }

private:
    pid_t m_pid = -1;
    unsigned m_port = 0;
};

bool have_tcpsrv() {
    return run("command -v xapian-tcpsrv").status == 0;
}

void write_jsonl(const std::string& path, const std::vector<dossier::test::SampleArticle>& items) {
    std::ofstream out(path);
    for (const auto& a : items) {
        out << json{{"id", a.id}, {"title", a.title}, {"text", a.text}}.dump() << "\n";
    }
}

void index_into(const std::string& db, const std::string& input, const std::string& more = "") {
    auto r =
        run(sh_quote(dossier::test::indexer_binary()) + " --db " + sh_quote(db) + " " + more + " "
            + sh_quote(input));
    if (r.status != 0) {
        throw std::runtime_error("indexing " + input + " into " + db + " failed: " + r.err);
    }
}

/// A wire copy of `a` under another id: re-headlined, with a credit line appended (the same
/// story: its body's shingles are nearly all the original's).
dossier::test::SampleArticle copy_of(const dossier::test::SampleArticle& a) {
    return {
        a.id + "-copy", "UPDATE 1-" + a.title, a.text + "\n\n(Reporting by the news desk)\n", ""};
}

/// BBC (every 6th article of each category) and Reuters (every 5th story of three files), plus a
/// wire copy of every 10th (in another shard than its original two times in three): about 1,000
/// articles, indexed once as one database and once as three shards (one process builds them
/// once: the cases below are sections of one test case).
struct News {
    dossier::test::TempDir dir;
    std::string jsonl = dir.str("news.jsonl");
    std::string single = dir.str("single");
    std::string sharded = dir.str("sharded");
    std::vector<dossier::test::SampleArticle> articles;

    News() {
        articles = dossier::test::bbc_sample(6);
        for (int file : {0, 7, 14}) {
            auto more = dossier::test::reuters_sample(file, 5);
            articles.insert(articles.end(), more.begin(), more.end());
        }
        const std::size_t originals = articles.size();
        for (std::size_t i = 0; i < originals; i += 10) {
            articles.push_back(copy_of(articles[i]));
        }
        write_jsonl(jsonl, articles);
        index_into(single, jsonl);
        index_into(sharded, jsonl, "--shards 3");
    }
};

/// Whether the metadata database of the sharded index `db` (of `shards` shards) holds the surname
/// merges of its shards' current commits, equal to those computed over a stub of them.
bool stub_merges_stored(const std::string& db, std::size_t shards) {
    using dossier::indexer::NameMerges;
    std::vector<Xapian::Database> parts;
    Xapian::Database all;
    for (std::size_t k = 0; k < shards; ++k) {
        parts.emplace_back(db + "/shard-0" + std::to_string(k));
        all.add_database(parts.back());
    }
    const auto stored = NameMerges::stored_for_stub(Xapian::Database(db + "/meta"), parts);
    if (!stored) {
        return false;
    }
    const NameMerges computed = NameMerges::from_database(all);
    CHECK(stored->serialise() == computed.serialise());
    return true;
}

const News& news() {
    static const News n;
    return n;
}

/// A server over each shard of the sharded index `sharded` and the stub `stub` that lists them
/// (metadata database first); and, as scripts/shards does, a server over each shard's
/// quotations database and the quotations stub beside the stub (the metadata database's
/// quotations, then each shard's).
struct Served {
    std::vector<std::unique_ptr<TcpServer>> servers;
    std::vector<std::unique_ptr<TcpServer>> quote_servers;
    std::string stub;

    Served(const std::string& sharded, std::string stub_path) : stub(std::move(stub_path)) {
        const auto quotes = dossier::indexer::quotes_databases(sharded);
        REQUIRE(quotes.size() == 4);
        std::ofstream out(stub);
        std::ofstream quotes_out(stub + dossier::indexer::schema::QUOTES_STUB_SUFFIX);
        out << "auto " << sharded << "/meta\n";
        quotes_out << "auto " << quotes[0] << "\n";
        for (int k = 0; k < 3; ++k) {
            servers.push_back(std::make_unique<TcpServer>(sharded + "/shard-0" + std::to_string(k))
            );
            out << "remote " << servers.back()->endpoint() << "\n";
            quote_servers.push_back(std::make_unique<TcpServer>(quotes[1 + k]));
            quotes_out << "remote " << quote_servers.back()->endpoint() << "\n";
        }
    }

    explicit Served(const News& n, const std::string& name = "remote")
        : Served(n.sharded, n.dir.str(name + "-" + std::to_string(::getpid()))) {}
};

std::vector<json>
batch(const std::string& db, const std::string& args, const std::string& queries) {
    dossier::test::TempDir tmp;
    const std::string file = tmp.str("queries");
    std::ofstream(file) << queries;
    auto r =
        run(sh_quote(dossier::test::search_binary()) + " --db " + sh_quote(db) + " " + args
            + " --batch " + sh_quote(file));
    INFO(r.err);
    REQUIRE(r.status == 0);
    std::vector<json> out;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        json j = json::parse(line);
        j.erase("took_ms");
        j.erase("shards");
        out.push_back(std::move(j));
    }
    return out;
}

json search(const std::string& db, const std::string& args, int expect_status = -1) {
    auto r =
        run(sh_quote(dossier::test::search_binary()) + " --db " + sh_quote(db) + " --json " + args);
    INFO(args << "\n" << r.err);
    if (expect_status >= 0) {
        REQUIRE(r.status == expect_status);
    } else {
        REQUIRE((r.status == 0 || r.status == 1));
    }
    return json::parse(r.out);
}

/// Hits ranked by score: equal scores may come in another order (document numbers differ
/// between one database and shards), so compare the scores, and the hits above the last score.
/// A folded hit is compared by its story and its number of folded copies: copies of one story
/// with equal scores (word-for-word repeats) may elect another of them as the hit.
void check_same_hits(const json& a, const json& b) {
    REQUIRE(a["hits"].size() == b["hits"].size());
    if (a["hits"].empty()) {
        return;
    }
    const double last = a["hits"].back()["score"];
    auto hit_key = [](const json& hit) {
        return hit["story_id"].get<std::string>() + " +"
            + std::to_string(hit.value("similar_count", 0));
    };
    std::multiset<std::string> above_a, above_b;
    for (std::size_t i = 0; i < a["hits"].size(); ++i) {
        CHECK(
            std::abs(a["hits"][i]["score"].get<double>() - b["hits"][i]["score"].get<double>())
            < 1e-9
        );
        if (a["hits"][i]["score"].get<double>() > last + 1e-9) {
            above_a.insert(hit_key(a["hits"][i]));
        }
        if (b["hits"][i]["score"].get<double>() > last + 1e-9) {
            above_b.insert(hit_key(b["hits"][i]));
        }
    }
    CHECK(above_a == above_b);
}

/// A few hundred queries from the articles' own titles: single words, pairs, AND, phrases,
/// misspellings (spelling correction), facet filters, and the browse.
std::string generated_queries(const News& n) {
    std::vector<std::string> words;
    for (std::size_t i = 0; i < n.articles.size(); i += 5) {
        std::istringstream in(n.articles[i].title);
        for (std::string w; in >> w;) {
            if (w.size() >= 4 && std::all_of(w.begin(), w.end(), ::isalpha)) {
                words.push_back(w);
            }
        }
    }
    std::string q = "\nsaid\nspeaker:reuters\nfigure:money\n";
    for (std::size_t i = 0; i + 1 < words.size() && i < 400; i += 2) {
        switch (i % 8) {
        case 0:
            q += words[i] + "\n";
            break;
        case 2:
            q += words[i] + " " + words[i + 1] + "\n";
            break;
        case 4:
            q += words[i] + " AND " + words[i + 1] + "\n";
            break;
        default:
            q += words[i].substr(0, words[i].size() - 1) + "\n";  // a misspelling
            break;
        }
    }
    return q;
}

/// The same quotes view, scores and order included: row i has the same score in both, and the
/// rows of one score are the same quotations (equal scores may come in another order: document
/// numbers differ between one database and shards).
void check_same_quotes(const json& a, const json& b) {
    CHECK(a["quotes_total"] == b["quotes_total"]);
    REQUIRE(a["quotes"].size() == b["quotes"].size());
    auto key = [](const json& q) {
        return q["id"].get<std::string>() + "|" + q["text"].get<std::string>() + "|"
            + std::to_string(q.value("begin", 0));
    };
    std::multiset<std::string> tied_a, tied_b;
    std::size_t different = 0;
    for (std::size_t i = 0; i < a["quotes"].size(); ++i) {
        const double score = a["quotes"][i]["score"];
        different += std::abs(score - b["quotes"][i]["score"].get<double>()) >= 1e-9;
        if (i > 0 && score < a["quotes"][i - 1]["score"].get<double>() - 1e-9) {
            different += tied_a != tied_b;
            tied_a.clear();
            tied_b.clear();
        }
        tied_a.insert(key(a["quotes"][i]));
        tied_b.insert(key(b["quotes"][i]));
    }
    different += tied_a != tied_b;
    CHECK(different == 0);
}

/// The quotations a quotes view lists, as "id|text" (a set: scores and order aside).
std::multiset<std::string> quote_listing(const dossier::searcher::QuotesResult& r) {
    std::multiset<std::string> out;
    for (const auto& q : r.quotes) {
        out.insert(q.id + "|" + q.text);
    }
    return out;
}

void check_same_answers();
void check_filter_totals();
void check_shard_killed();
void check_incremental();
void check_quotes_fallback();

}  // namespace

TEST_CASE(
    "three shards of BBC and Reuters on xapian-tcpsrv answer as one database",
    "[integration][shards]"
) {
    if (!dossier::test::have_shared_data() || !have_tcpsrv()) {
        WARN("shared data or xapian-tcpsrv absent: skipped");
        return;
    }
    SECTION("generated queries: the same totals, facets, spelling, scores, figures and quotes") {
        check_same_answers();
    }
    SECTION("every top-10 facet value's filter total equals its count") {
        check_filter_totals();
    }
    SECTION("a shard server killed: exit 2 naming it, or with --allow-partial the others' answer") {
        check_shard_killed();
    }
    SECTION("an incremental run changes one shard, and the remote stub sees it at once") {
        check_incremental();
    }
    SECTION("remote quotations down, missing or of another stub: the quotes view falls back") {
        check_quotes_fallback();
    }
}

namespace {

void check_same_answers() {
    const News& n = news();
    // The stub's surname merges come from the metadata database (stored by the sharded run),
    // and merge names here: the answers below compare them with the single database's.
    CHECK(stub_merges_stored(n.sharded, 3));
    CHECK(dossier::indexer::NameMerges::of_database(Xapian::Database(n.single)).size() > 0);
    Served served(n);
    const std::string queries = generated_queries(n);
    const std::size_t lines =
        static_cast<std::size_t>(std::count(queries.begin(), queries.end(), '\n'));
    REQUIRE(lines >= 200);

    // Folded by story (the default): stories are linked across shards as in one database.
    const auto one = batch(n.single, "--facets 10", queries);
    const auto shards = batch(served.stub, "--facets 10", queries);
    REQUIRE(one.size() == lines);
    REQUIRE(shards.size() == lines);
    std::size_t matched = 0, corrected = 0, folded = 0;
    for (std::size_t i = 0; i < lines; ++i) {
        CAPTURE(one[i]["query"]);
        REQUIRE_FALSE(one[i].contains("error"));
        for (const char* key :
             {"total",
              "stories",
              "facets",
              "facet_distinct",
              "facet_documents",
              "disjunctive_facets",
              "filters",
              "corrected_query",
              "showing_corrected"}) {
            CAPTURE(key);
            CHECK(one[i].value(key, json()) == shards[i].value(key, json()));
        }
        check_same_hits(one[i], shards[i]);
        matched += one[i]["total"].get<std::size_t>() > 0;
        folded += one[i]["stories"] < one[i]["total"];
        corrected += !one[i]["corrected_query"].is_null();
    }
    // The stub of the same shards opened locally (search --db DIR) counts shard by shard, each
    // shard from its own columns (searcher/shard_counts.hpp), stories across shards included.
    const auto local = batch(n.sharded, "--facets 10", queries);
    REQUIRE(local.size() == lines);
    for (std::size_t i = 0; i < lines; ++i) {
        CAPTURE(one[i]["query"]);
        CHECK(one[i]["total"] == local[i]["total"]);
        CHECK(one[i]["stories"] == local[i]["stories"]);
        check_same_hits(one[i], local[i]);
        for (const char* key :
             {"facets",
              "facet_distinct",
              "facet_documents",
              "disjunctive_facets",
              "date_histogram",
              "corrected_query"}) {
            CAPTURE(key);
            CHECK(one[i].value(key, json()) == local[i].value(key, json()));
        }
    }
    CHECK(matched > lines / 2);
    CHECK(folded > 20);    // copies folded into their stories, many across shards
    CHECK(corrected > 5);  // the spelling table came through the stub's metadata database

    // Figures (sorted by type, value, id, position: a total order) and quotes (all of them).
    const auto fig1 = batch(n.single, "--figures --limit 200", queries);
    const auto fig3 = batch(served.stub, "--figures --limit 200", queries);
    for (std::size_t i = 0; i < lines; ++i) {
        CAPTURE(fig1[i]["query"]);
        CHECK(fig1[i] == fig3[i]);
    }
    // Quotes: local shards read the quotations databases inside them, remote shards those the
    // quotations stub lists (served by xapian-tcpsrv too); either way the statistics add up to
    // one database's: the same quotations, scores and order, over every quotation listed.
    const auto q1 = batch(n.single, "--quotes --limit 100000", queries);
    const auto q3 = batch(served.stub, "--quotes --limit 100000", queries);
    const auto q3_local = batch(n.sharded, "--quotes --limit 100000", queries);
    std::size_t quoted = 0;
    for (std::size_t i = 0; i < lines; ++i) {
        CAPTURE(q1[i]["query"]);
        CHECK(q1[i]["total"] == q3[i]["total"]);
        check_same_quotes(q1[i], q3[i]);
        check_same_quotes(q1[i], q3_local[i]);
        quoted += q1[i]["quotes_total"].get<std::size_t>() > 0;
    }
    CHECK(quoted > lines / 4);
    // A first page of 10: the same page in the same order (ties aside), unless a tie straddles
    // its end (either database may then show another of the tied quotations).
    const auto page1 = batch(n.single, "--quotes --limit 10", queries);
    const auto page3 = batch(served.stub, "--quotes --limit 10", queries);
    std::size_t pages = 0;
    for (std::size_t i = 0; i < lines; ++i) {
        CAPTURE(q1[i]["query"]);
        const auto& all = q1[i]["quotes"];
        if (all.size() > 10 && all[9]["score"] == all[10]["score"]) {
            continue;
        }
        check_same_quotes(page1[i], page3[i]);
        pages += !all.empty();
    }
    CHECK(pages > lines / 5);
}

void check_filter_totals() {
    const News& n = news();
    Served served(n);
    std::size_t checked = 0;
    for (const std::string query : {"", "said", "government"}) {
        const json all = search(served.stub, "--facets 10 --limit 0 -- " + sh_quote(query));
        CHECK(all["shards"] == json{{"total", 3}, {"failed", 0}});
        CHECK(all["facet_documents"] == all["total"]);
        for (const auto& [facet, values] : all["facets"].items()) {
            const auto spec = std::find_if(
                std::begin(dossier::indexer::schema::FACETS),
                std::end(dossier::indexer::schema::FACETS),
                [&facet](const auto& f) { return facet == f.name; }
            );
            REQUIRE(spec != std::end(dossier::indexer::schema::FACETS));
            const std::string flag = spec->cli_flag;
            for (const auto& v : values) {
                CAPTURE(query, facet, v);
                const json only = search(
                    served.stub,
                    "--facets 0 --limit 0 " + flag + " " + sh_quote(v["value"]) + " -- "
                        + sh_quote(query)
                );
                CHECK(only["total"] == v["count"]);
                ++checked;
            }
        }
    }
    CHECK(checked >= 60);
}

void check_shard_killed() {
    const News& n = news();
    Served served(n);
    const std::size_t all = search(served.stub, "--limit 0 ''")["total"];
    const std::size_t in_second = search(n.sharded + "/shard-01", "--limit 0 ''")["total"];
    REQUIRE(in_second > 0);

    // Mid-run: searchers that already hold connections to every shard.
    dossier::searcher::Searcher strict(served.stub);
    dossier::searcher::Searcher partial(served.stub, true);
    dossier::searcher::HitsRequest request;
    request.query = "";
    CHECK(strict.hits(request).total == all);
    CHECK(partial.hits(request).total == all);

    const std::string dead = served.servers[1]->endpoint();
    served.servers[1]->stop();

    CHECK_THROWS_WITH(strict.hits(request), Catch::Contains("shard 'remote " + dead + "'"));
    const auto answer = partial.hits(request);
    CHECK(answer.total == all - in_second);
    CHECK(answer.shards_total == 3);
    REQUIRE(answer.shards_failed.size() == 1);
    CHECK(answer.shards_failed[0].find(dead) != std::string::npos);
    CHECK(answer.facet_documents == answer.total);

    // New processes.
    auto r =
        run(sh_quote(dossier::test::search_binary()) + " --db " + sh_quote(served.stub) + " said");
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.find("remote " + dead) != std::string::npos);

    const json j = search(served.stub, "--allow-partial --limit 0 ''", 0);
    CHECK(j["total"] == all - in_second);
    CHECK(j["shards"]["total"] == 3);
    CHECK(j["shards"]["failed"] == 1);
    auto text =
        run(sh_quote(dossier::test::search_binary()) + " --db " + sh_quote(served.stub)
            + " --allow-partial --limit 0 said");
    CHECK(text.status == 0);
    CHECK(text.out.rfind("Partial answer: 1 of 3 shards failed", 0) == 0);
}

void check_incremental() {
    // Copies of the sharded index and of the single database of their own: this test changes
    // them.
    const News& n = news();
    dossier::test::TempDir tmp;
    const std::string db = tmp.str("sharded");
    const std::string single = tmp.str("single");
    REQUIRE(run("cp -a " + sh_quote(n.sharded) + " " + sh_quote(db)).status == 0);
    REQUIRE(run("cp -a " + sh_quote(n.single) + " " + sh_quote(single)).status == 0);
    Served served(db, tmp.str("stub"));
    const std::string& stub = served.stub;
    std::vector<std::size_t> before;
    for (int k = 0; k < 3; ++k) {
        before.push_back(search(db + "/shard-0" + std::to_string(k), "--limit 0 ''")["total"]);
    }
    CHECK(search(stub, "zorblaxian", 1)["total"] == 0);
    REQUIRE(dossier::searcher::Searcher(stub).quotes_indexed());

    write_jsonl(
        tmp.str("new.jsonl"),
        {{"late-1",
          "Zorblaxian ministers meet",
          "\"We will resume the talks with our neighbours next week,\" the Zorblaxian finance "
          "minister said on Monday. The talks stalled in March.",
          ""}}
    );
    auto r =
        run(sh_quote(dossier::test::indexer_binary()) + " --db " + sh_quote(db) + " "
            + sh_quote(tmp.str("new.jsonl")));
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.err.find("added 1, updated 0") != std::string::npos);
    index_into(single, tmp.str("new.jsonl"));

    const json found = search(stub, "zorblaxian", 0);
    CHECK(found["total"] == 1);
    CHECK(found["hits"][0]["id"] == "late-1");
    std::size_t changed = 0, home = 3;
    for (int k = 0; k < 3; ++k) {
        const std::size_t now =
            search(db + "/shard-0" + std::to_string(k), "--limit 0 ''")["total"];
        if (now != before[static_cast<std::size_t>(k)]) {
            ++changed;
            home = static_cast<std::size_t>(k);
        }
    }
    CHECK(changed == 1);
    REQUIRE(home == dossier::indexer::schema::shard_of("late-1", 3));
    // The spelling table of the metadata database followed: the misspelt word is corrected.
    CHECK(search(stub, "zorblaxia", 0)["corrected_query"] == "zorblaxian");

    // The changed shard's quotations followed too (its token and theirs renewed together): the
    // remote quotes view is still read from them and still that of one database.
    const std::string queries = "talks\nresume talks\nsaid\nneighbours\n\n";
    auto same_as_single = [&] {
        const auto one = batch(single, "--quotes --limit 100000", queries);
        const auto three = batch(stub, "--quotes --limit 100000", queries);
        REQUIRE(one.size() == three.size());
        for (std::size_t i = 0; i < one.size(); ++i) {
            CAPTURE(one[i]["query"]);
            check_same_quotes(one[i], three[i]);
        }
        return one;
    };
    CHECK(dossier::searcher::Searcher(stub).quotes_indexed());
    const auto one = same_as_single();
    bool listed = false;
    for (const auto& q : one[0]["quotes"]) {
        listed |= q["id"] == "late-1";
    }
    CHECK(listed);

    // Stale: the changed shard's quotations no longer carry its articles' token (an indexer
    // between its two commits). The quotes view falls back to the articles' quotations, per
    // query: the same quotations and totals.
    const std::string quotes_dir = dossier::indexer::quotes_databases(db)[1 + home];
    {
        Xapian::WritableDatabase q(quotes_dir, Xapian::DB_OPEN);
        q.set_metadata(dossier::indexer::schema::META_QUOTES_COMMIT, "an older commit");
        q.commit();
    }
    dossier::searcher::Searcher stale(stub);
    CHECK_FALSE(stale.quotes_indexed());
    dossier::searcher::Searcher in_single(single);
    for (const std::string query : {"talks", "said", ""}) {
        CAPTURE(query);
        dossier::searcher::QuotesRequest request;
        request.query = query;
        request.limit = 100000;
        const auto expected = in_single.quotes(request);
        const auto answer = stale.quotes(request);
        CHECK(answer.quotes_total == expected.quotes_total);
        CHECK(quote_listing(answer) == quote_listing(expected));
    }
    // The next run of the indexer (nothing to index) finds them stale and rebuilds them.
    index_into(db, tmp.str("new.jsonl"));
    CHECK(dossier::searcher::Searcher(stub).quotes_indexed());
    same_as_single();
}

/// A quotes view over `stub` lists what one database lists (a set: the per-query fallback
/// scores against the matching quotations only).
void check_quotes_fallback() {
    const News& n = news();
    dossier::searcher::QuotesRequest request;
    request.query = "";  // every quotation
    request.limit = 100000;
    dossier::searcher::Searcher single(n.single);
    const auto expected = single.quotes(request);
    REQUIRE(expected.quotes_total > 100);

    {
        Served served(n, "fallback");
        dossier::searcher::Searcher held(served.stub);  // opens its quotations now
        REQUIRE(held.quotes_indexed());
        CHECK(quote_listing(held.quotes(request)) == quote_listing(expected));

        // The same shards without the quotations stub: per query.
        const std::string bare = served.stub + "-bare";
        REQUIRE(run("cp " + sh_quote(served.stub) + " " + sh_quote(bare)).status == 0);
        dossier::searcher::Searcher without(bare);
        CHECK_FALSE(without.quotes_indexed());
        const auto answer = without.quotes(request);
        CHECK(answer.quotes_total == expected.quotes_total);
        CHECK(quote_listing(answer) == quote_listing(expected));

        // A quotations stub of another length (not this stub's databases): not used.
        const std::string shorter = served.stub + "-shorter";
        REQUIRE(run("cp " + sh_quote(served.stub) + " " + sh_quote(shorter)).status == 0);
        REQUIRE(
            run("head -n 3 " + sh_quote(served.stub + ".quotes") + " > "
                + sh_quote(shorter + ".quotes"))
                .status
            == 0
        );
        CHECK_FALSE(dossier::searcher::Searcher(shorter).quotes_indexed());

        // A quotations server down: a searcher that held it and a new one fall back.
        served.quote_servers[1]->stop();
        const auto after = held.quotes(request);
        CHECK_FALSE(held.quotes_indexed());
        CHECK(after.quotes_total == expected.quotes_total);
        CHECK(quote_listing(after) == quote_listing(expected));
        dossier::searcher::Searcher fresh(served.stub);
        CHECK_FALSE(fresh.quotes_indexed());
        CHECK(quote_listing(fresh.quotes(request)) == quote_listing(expected));
    }

    // --allow-partial with an articles shard down: its quotations are left out with it (the
    // parts of both stubs stay aligned); a quotations server down as well: per query. Either
    // way exactly the quotations of the other shards' matching articles.
    Served served(n, "partial");
    dossier::searcher::Searcher partial(served.stub, true);
    REQUIRE(partial.quotes_indexed());
    served.servers[2]->stop();
    std::multiset<std::string> others;
    for (const auto& q : expected.quotes) {
        if (dossier::indexer::schema::shard_of(q.id, 3) != 2) {
            others.insert(q.id + "|" + q.text);
        }
    }
    REQUIRE(others.size() < expected.quotes.size());
    const auto without_shard = partial.quotes(request);
    CHECK(without_shard.shards_failed.size() == 1);
    CHECK(partial.quotes_indexed());
    CHECK(without_shard.quotes_total == others.size());
    CHECK(quote_listing(without_shard) == others);
    served.quote_servers[0]->stop();
    dossier::searcher::Searcher partial_fresh(served.stub, true);
    const auto per_query = partial_fresh.quotes(request);
    CHECK_FALSE(partial_fresh.quotes_indexed());
    CHECK(per_query.shards_failed.size() == 1);
    CHECK(per_query.quotes_total == others.size());
    CHECK(quote_listing(per_query) == others);
}

}  // namespace

TEST_CASE(
    "indexer --shards on corpus/: partition by id hash, incremental, prune, rebuild, lock",
    "[integration][shards][indexer]"
) {
    dossier::test::TempDir tmp;
    const std::string input = tmp.str("corpus");
    REQUIRE(
        run("cp -r " + sh_quote(dossier::test::corpus_dir()) + " " + sh_quote(input)).status == 0
    );
    const std::string db = tmp.str("idx");
    auto indexer = [&](const std::string& args) {
        return run(
            sh_quote(dossier::test::indexer_binary()) + " --db " + sh_quote(db) + " " + args
        );
    };
    auto r = indexer("--shards 2 " + sh_quote(input));
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.err.find("added 5, updated 0, unchanged 0, deleted 0, skipped 1") != std::string::npos);

    // Each article is in the shard its id hashes to, and only there; the stub joins them.
    const json all = search(db, "--limit 10 ''", 0);
    CHECK(all["total"] == 5);
    CHECK(all["shards"] == json{{"total", 2}, {"failed", 0}});
    for (const auto& hit : all["hits"]) {
        const std::string id = hit["id"];
        const std::size_t home = dossier::indexer::schema::shard_of(id, 2);
        const json there = search(db + "/shard-0" + std::to_string(home), "--limit 100 ''");
        bool found = false;
        for (const auto& h : there["hits"]) {
            found |= h["id"] == id;
        }
        CHECK(found);
    }
    CHECK(
        search(db + "/shard-00", "--limit 0 ''")["total"].get<int>()
            + search(db + "/shard-01", "--limit 0 ''")["total"].get<int>()
        == 5
    );
    // The surname merges of both shards together, which a search over the stub reads instead
    // of computing them from every person term of every shard.
    CHECK(stub_merges_stored(db, 2));

    // Incremental: nothing changes; the shard count is the index's own.
    r = indexer(sh_quote(input));
    CHECK(r.status == 0);
    CHECK(r.err.find("added 0, updated 0, unchanged 5, deleted 0, skipped 1") != std::string::npos);
    r = indexer("--shards 3 " + sh_quote(input));
    CHECK(r.status == 1);
    CHECK(r.err.find("has 2 shards, not 3") != std::string::npos);
    r = indexer("-");
    CHECK(r.status == 1);
    CHECK(r.err.find("standard input") != std::string::npos);

    // --prune, per shard.
    REQUIRE(run("rm " + sh_quote(input) + "/003_*.txt").status == 0);
    r = indexer("--prune " + sh_quote(input));
    CHECK(r.status == 0);
    CHECK(r.err.find("unchanged 4, deleted 1") != std::string::npos);
    CHECK(search(db, "--limit 0 ''")["total"] == 4);
    // Each shard's term-frequency table mirrors it after an in-place run, so snippets over the
    // stub sum them (docs/query.md, "Snippets").
    for (const std::string shard : {"/shard-00", "/shard-01"}) {
        const std::string live = dossier::indexer::layout::live_database(db + shard);
        CHECK(dossier::indexer::TermFreqs::open(live, Xapian::Database(live)));
    }
    CHECK(dossier::searcher::Searcher(db).reads_term_freqs());

    // --rebuild: each shard becomes a rebuilt layout, switched on its own.
    r = indexer("--rebuild " + sh_quote(input));
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(r.err.find("switched") != std::string::npos);
    CHECK(dossier::test::slurp(db + "/shard-00/XAPIANDB").rfind("auto v-", 0) == 0);
    CHECK(dossier::test::slurp(db + "/shard-01/XAPIANDB").rfind("auto v-", 0) == 0);
    CHECK(search(db, "--limit 0 ''")["total"] == 4);

    // The lock: of the whole index, and of each shard.
    {
        dossier::indexer::layout::WriterLock held(db + "/shard-01");
        r = indexer(sh_quote(input));
        CHECK(r.status == 1);
        CHECK(r.err.find("shard-01' is locked") != std::string::npos);
    }
    {
        dossier::indexer::layout::WriterLock held(db);
        r = indexer(sh_quote(input));
        CHECK(r.status == 1);
        CHECK(r.err.find("is locked") != std::string::npos);
    }
    CHECK(indexer(sh_quote(input)).status == 0);
    CHECK(stub_merges_stored(db, 2));

    // Surname merges across shards: a full name in one article, the surname alone in another
    // (each in the shard its id hashes to). The searcher reads the stub's merges from the
    // metadata database, and computes them when they are stale.
    std::ofstream(input + "/reagan-full.txt") << "President Ronald Reagan met the press.\n";
    std::ofstream(input + "/reagan-short.txt") << "Reagan said the talks would go on.\n";
    REQUIRE(indexer(sh_quote(input)).status == 0);
    CHECK(stub_merges_stored(db, 2));
    auto people = [&db] {
        dossier::searcher::HitsRequest request;
        request.facet_limit = 100;
        request.facet_tallies = true;  // counted over the matches, not from the browse's memo
        std::map<std::string, std::size_t> out;
        for (const auto& [facet, counts] : dossier::searcher::Searcher(db).hits(request).facets) {
            if (facet == dossier::searcher::facet_named("person")) {
                for (const auto& v : counts.top) {
                    if (v.value.find("Reagan") != std::string::npos) {
                        out[v.value] = v.count;  // the corpus's own people aside
                    }
                }
            }
        }
        return out;
    };
    CHECK(people() == std::map<std::string, std::size_t>{{"Ronald Reagan", 2}});
    // Merges planted empty, stamped with the shards' tokens: the searcher takes them as they are.
    {
        Xapian::WritableDatabase meta(db + "/meta", Xapian::DB_OPEN);
        const std::string value =
            meta.get_metadata(dossier::indexer::schema::META_STUB_NAME_MERGES);
        meta.set_metadata(
            dossier::indexer::schema::META_STUB_NAME_MERGES, value.substr(0, value.find('\n') + 1)
        );
        meta.commit();
    }
    CHECK(people() == std::map<std::string, std::size_t>{{"Reagan", 1}, {"Ronald Reagan", 1}});
    // A shard committed to on its own: the stored merges no longer describe the stub, and a
    // search computes them, until the next sharded run stores them again.
    {
        dossier::indexer::IndexWriter w(
            dossier::indexer::layout::live_database(db + "/shard-01"), dossier::test::analysis()
        );
        dossier::indexer::Article a;
        a.id = "late";
        a.title = "Late news";
        a.text = "The talks would go on, officials said.";
        a.path = "late.txt";
        w.put(a);
        w.commit();
    }
    CHECK_FALSE(stub_merges_stored(db, 2));
    CHECK(people() == std::map<std::string, std::size_t>{{"Ronald Reagan", 2}});
    CHECK(indexer(sh_quote(input)).status == 0);
    CHECK(stub_merges_stored(db, 2));
    CHECK(people() == std::map<std::string, std::size_t>{{"Ronald Reagan", 2}});
}

namespace {

/// The story id stored for article `id` in the database (or stub) `db` (in `slot`).
std::string story_of(
    const std::string& db,
    const std::string& id,
    Xapian::valueno slot = dossier::indexer::schema::SLOT_STORY
) {
    const Xapian::Database d(db);
    const std::string term = dossier::indexer::schema::id_term(id);
    auto p = d.postlist_begin(term);
    REQUIRE(p != d.postlist_end(term));
    return d.get_document(*p).get_value(slot);
}

/// The shared story id (schema::SLOT_STORY_SHARED) stored for article `id`: "" when alone.
std::string shared_story_of(const std::string& db, const std::string& id) {
    return story_of(db, id, dossier::indexer::schema::SLOT_STORY_SHARED);
}

}  // namespace

TEST_CASE(
    "near-duplicates in different shards fold into one story: added, cut short, pruned, rebuilt",
    "[integration][shards][stories]"
) {
    if (!dossier::test::have_shared_data() || !have_tcpsrv()) {
        WARN("shared data or xapian-tcpsrv absent: skipped");
        return;
    }
    using dossier::indexer::schema::shard_of;
    dossier::test::TempDir tmp;
    const auto originals = dossier::test::bbc_sample(40);
    REQUIRE(originals.size() > 20);
    const auto& original = originals[7];
    // A wire copy whose id sorts first (it names the story) and hashes to the other shard.
    auto copy = copy_of(original);
    for (char c = 'a'; shard_of(copy.id, 2) == shard_of(original.id, 2); ++c) {
        copy.id = std::string("0") + c + "-" + original.id;
    }
    const std::string copy_story = dossier::indexer::schema::id_term(copy.id).substr(1);
    const std::string own_story = dossier::indexer::schema::id_term(original.id).substr(1);
    write_jsonl(tmp.str("originals.jsonl"), originals);
    write_jsonl(tmp.str("copy.jsonl"), {copy});
    const std::string db = tmp.str("sharded");
    const std::string single = tmp.str("single");
    auto indexer = [&](const std::string& where, const std::string& args) {
        auto r =
            run(sh_quote(dossier::test::indexer_binary()) + " --db " + sh_quote(where) + " " + args
            );
        INFO(r.err);
        REQUIRE(r.status == 0);
        return r.err;
    };
    const std::string both =
        sh_quote(tmp.str("originals.jsonl")) + " " + sh_quote(tmp.str("copy.jsonl"));

    // The copy comes in a later run, into the other shard: both articles get its id.
    indexer(db, "--shards 2 " + sh_quote(tmp.str("originals.jsonl")));
    CHECK(story_of(db, original.id) == own_story);
    CHECK(shared_story_of(db, original.id).empty());  // alone: no shared story
    indexer(db, sh_quote(tmp.str("copy.jsonl")));
    CHECK(story_of(db, original.id) == copy_story);
    CHECK(story_of(db, copy.id) == copy_story);
    // Both carry it as their shared story too (what remote shards count stories on).
    CHECK(shared_story_of(db, original.id) == copy_story);
    CHECK(shared_story_of(db, copy.id) == copy_story);

    // Through remote shards, folded answers are those of one database of the same articles.
    indexer(single, both);
    {
        TcpServer s0(db + "/shard-00");
        TcpServer s1(db + "/shard-01");
        const std::string stub = tmp.str("remote.stub");
        std::ofstream(stub) << "auto " << db << "/meta\nremote " << s0.endpoint() << "\nremote "
                            << s1.endpoint() << "\n";
        const json one = search(single, "--limit 50 ''", 0);
        const json two = search(stub, "--limit 50 ''", 0);
        CHECK(two["total"] == originals.size() + 1);
        CHECK(two["stories"] == originals.size());
        CHECK(one["total"] == two["total"]);
        CHECK(one["stories"] == two["stories"]);
        // A later page (MSet::fetch past an offset crashed in Xapian 1.4).
        const json page = search(stub, "--limit 5 --offset 3 ''", 0);
        CHECK(page["hits"].size() == 5);
        CHECK(page["hits"][0]["rank"] == 4);
        const std::string phrase = "\"" + original.title + "\"";
        const json hit = search(stub, "--similar -- " + sh_quote(phrase), 0);
        CHECK(hit["total"] == 2);
        CHECK(hit["stories"] == 1);
        REQUIRE(hit["hits"].size() == 1);
        CHECK(hit["hits"][0]["similar_count"] == 1);
        CHECK(hit["hits"][0]["similar"].size() == 1);
        // The stock server's ValueCountMatchSpy counts articles: counting stories over a
        // remote shard is refused in one line, not answered with article counts.
        const auto refused =
            run(sh_quote(dossier::test::search_binary()) + " --db " + sh_quote(stub)
                + " --count stories ''");
        CHECK(refused.status == 2);
        CHECK(refused.err.find("cannot count stories when a shard is remote") != std::string::npos);
        CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);
        // Over local shards (the index's own stub) stories are counted.
        const json local = search(db, "--count stories ''", 0);
        CHECK(local["facet_counting"] == "stories");
    }

    // A run cut short between two shards' commits: the copy's shard committed, the story ids not
    // yet linked (each article its own id), META_STORIES_DIRTY still set. The next run, with
    // nothing to index, re-evaluates every story and heals them.
    {
        Xapian::WritableDatabase meta(db + "/meta", Xapian::DB_OPEN);
        CHECK(meta.get_metadata(dossier::indexer::schema::META_STORIES_DIRTY).empty());
        meta.set_metadata(dossier::indexer::schema::META_STORIES_DIRTY, "1");
        meta.commit();
    }
    for (const dossier::test::SampleArticle* a :
         std::initializer_list<const dossier::test::SampleArticle*>{&original, &copy}) {
        Xapian::WritableDatabase shard(
            db + "/shard-0" + std::to_string(shard_of(a->id, 2)), Xapian::DB_OPEN
        );
        const std::string term = dossier::indexer::schema::id_term(a->id);
        Xapian::Document doc = shard.get_document(*shard.postlist_begin(term));
        doc.add_value(dossier::indexer::schema::SLOT_STORY, term.substr(1));
        shard.replace_document(term, doc);
        shard.commit();
    }
    CHECK(story_of(db, original.id) == own_story);
    CHECK(indexer(db, both).find("added 0, updated 0, unchanged") != std::string::npos);
    CHECK(story_of(db, original.id) == copy_story);
    CHECK(story_of(db, copy.id) == copy_story);
    CHECK(shared_story_of(db, original.id) == copy_story);
    CHECK(shared_story_of(db, copy.id) == copy_story);
    CHECK(Xapian::Database(db + "/meta")
              .get_metadata(dossier::indexer::schema::META_STORIES_DIRTY)
              .empty());

    // The copy pruned from its shard: the original, in the other shard, is alone again.
    REQUIRE(std::remove(tmp.str("copy.jsonl").c_str()) == 0);
    CHECK(
        indexer(db, "--prune " + sh_quote(tmp.str("originals.jsonl"))).find("deleted 1")
        != std::string::npos
    );
    CHECK(story_of(db, original.id) == own_story);
    CHECK(shared_story_of(db, original.id).empty());

    // --rebuild assigns the stories of all shards together.
    write_jsonl(tmp.str("copy.jsonl"), {copy});
    indexer(db, "--rebuild " + both);
    CHECK(dossier::test::slurp(db + "/shard-00/XAPIANDB").rfind("auto v-", 0) == 0);
    CHECK(story_of(db, original.id) == copy_story);
    CHECK(story_of(db, copy.id) == copy_story);
    CHECK(shared_story_of(db, original.id) == copy_story);
    CHECK(shared_story_of(db, copy.id) == copy_story);
}

TEST_CASE(
    "scripts/shards serves each shard and its quotations and writes both stubs",
    "[integration][shards]"
) {
    if (!have_tcpsrv()) {
        WARN("xapian-tcpsrv absent: skipped");
        return;
    }
    dossier::test::TempDir tmp;
    const std::string db = tmp.str("idx");
    // A rebuilt layout: each shard's quotations are inside its live version.
    index_into(db, dossier::test::corpus_dir(), "--rebuild --shards 2");
    const std::string script = sh_quote(
        std::filesystem::path(dossier::test::corpus_dir()).parent_path().string()
        + "/scripts/shards"
    );
    const std::string env = "DOSSIER_INDEXER=" + sh_quote(dossier::test::indexer_binary()) + " ";

    struct Stop {
        std::string command;

        ~Stop() { run(command); }
    } stop{env + script + " stop " + sh_quote(db)};

    auto r = run(env + script + " start " + sh_quote(db));
    INFO(r.err);
    REQUIRE(r.status == 0);
    const std::string stub = db + "/remote.stub";
    CHECK(r.out == stub + "\n");
    std::vector<std::string> lines;
    std::istringstream in(dossier::test::slurp(stub + ".quotes"));
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "auto " + dossier::indexer::quotes_databases(db)[0]);
    CHECK(lines[1].rfind("remote 127.0.0.1:", 0) == 0);
    CHECK(lines[2].rfind("remote 127.0.0.1:", 0) == 0);

    CHECK(dossier::searcher::Searcher(stub).quotes_indexed());
    const std::string queries = "casualties\nsaid\n\n";
    const auto local = batch(db, "--quotes --limit 1000", queries);
    const auto remote = batch(stub, "--quotes --limit 1000", queries);
    REQUIRE(local.size() == 3);
    REQUIRE(remote.size() == 3);
    CHECK(local[2]["quotes_total"] > 10);
    for (std::size_t i = 0; i < 3; ++i) {
        CAPTURE(local[i]["query"]);
        check_same_quotes(local[i], remote[i]);
    }

    // Stubs for servers elsewhere: with --quotes the quotations stub too, without it none.
    std::vector<std::string> articles, quotes;
    std::istringstream stub_lines(dossier::test::slurp(stub));
    for (std::string line; std::getline(stub_lines, line);) {
        if (line.rfind("remote ", 0) == 0) {
            articles.push_back(line.substr(7));
        }
    }
    quotes = {lines[1].substr(7), lines[2].substr(7)};
    REQUIRE(articles.size() == 2);
    const std::string hosts = tmp.str("hosts.stub");
    r =
        run(env + script + " stub " + sh_quote(db) + " " + sh_quote(hosts) + " " + articles[0] + " "
            + articles[1] + " --quotes " + quotes[0] + " " + quotes[1]);
    REQUIRE(r.status == 0);
    CHECK(dossier::test::slurp(hosts + ".quotes") == dossier::test::slurp(stub + ".quotes"));
    CHECK(dossier::searcher::Searcher(hosts).quotes_indexed());
    r = run(env + script + " stub " + sh_quote(db) + " " + sh_quote(hosts) + " " + articles[0]);
    CHECK(r.status == 2);  // one HOST:PORT for two shards
    r =
        run(env + script + " stub " + sh_quote(db) + " " + sh_quote(hosts) + " " + articles[0] + " "
            + articles[1]);
    REQUIRE(r.status == 0);
    CHECK_FALSE(std::filesystem::exists(hosts + ".quotes"));
    CHECK_FALSE(dossier::searcher::Searcher(hosts).quotes_indexed());

    r = run(env + script + " stop " + sh_quote(db));
    CHECK(r.status == 0);
    CHECK(
        run(sh_quote(dossier::test::search_binary()) + " --db " + sh_quote(stub) + " said").status
        == 2
    );
}
