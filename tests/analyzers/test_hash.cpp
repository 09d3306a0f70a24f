// The one hash function (analyzers/hash.hpp): FNV-1a 64, whose values are stored in indexes.
#include <string>

#include <catch2/catch.hpp>

#include "analyzers/hash.hpp"
#include "support/paths.hpp"

using dossier::analyzers::Fnv1a64;
using dossier::analyzers::fnv1a64;

TEST_CASE("fnv1a64 values stay those stored in existing indexes", "[analyzers][hash]") {
    // FNV-1a 64 with the offset basis Dossier has always used, 1469598103934665603: the
    // published basis is 14695981039346656037 (one digit more). Content hashes, shortened id
    // terms and the ids of JSONL records without one are stored in indexes, so the basis stays;
    // these values pin it (computed independently: h = (h ^ byte) * 1099511628211 mod 2^64).
    CHECK(fnv1a64("") == 0x14650fb0739d0383ULL);
    CHECK(fnv1a64("a") == 0x44bd8ad473cd9906ULL);
    CHECK(fnv1a64("foobar") == 0x88fad7c0a8ff07f2ULL);
}

TEST_CASE(
    "Fnv1a64 fields hash differently from the same bytes split elsewhere", "[analyzers][hash]"
) {
    const std::string text = dossier::test::slurp(dossier::test::corpus_dir() + "/README.md");
    REQUIRE(text.size() > 20);
    const std::string a = text.substr(0, 10);
    const std::string b = text.substr(10, 10);
    CHECK(Fnv1a64().add(a).add(b).value() == fnv1a64(a + b));  // add() is plain concatenation
    CHECK(
        Fnv1a64().field(a).field(b).value()
        != Fnv1a64().field(a.substr(0, 9)).field(a.substr(9) + b).value()
    );
    CHECK(Fnv1a64().field(text).value() == Fnv1a64().field(text).value());
}
