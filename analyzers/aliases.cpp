#include "analyzers/aliases.hpp"

#include <fstream>
#include <sstream>

#include "analyzers/error.hpp"
#include "analyzers/normalizer.hpp"
#include "analyzers/text.hpp"

namespace dossier::analyzers {

AliasTable AliasTable::parse(std::string_view tsv, const std::string& origin) {
    AliasTable table;
    std::size_t line_no = 0;
    std::size_t pos = 0;
    while (pos <= tsv.size()) {
        std::size_t nl = tsv.find('\n', pos);
        std::string_view line = tsv.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? tsv.size() + 1 : nl + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.find_first_not_of(" \t") == std::string_view::npos || line.front() == '#') {
            continue;
        }
        AliasGroup group;
        std::size_t start = 0;
        while (start <= line.size()) {
            std::size_t tab = line.find('\t', start);
            std::string field = collapse_space(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
            if (!field.empty()) {
                group.variants.push_back(field);
            }
            start = tab == std::string_view::npos ? line.size() + 1 : tab + 1;
        }
        if (group.variants.size() < 2) {
            throw CorpusError(origin, line_no, "an alias line needs a canonical form and at least one variant, separated by TABs");
        }
        group.canonical = group.variants.front();
        std::size_t index = table.m_groups.size();
        for (const auto& v : group.variants) {
            table.m_by_key.emplace(fold_key(v), index);  // first group wins on a repeated variant
        }
        table.m_groups.push_back(std::move(group));
    }
    return table;
}

AliasTable AliasTable::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error("cannot read alias table '" + path + "'");
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse(ss.str(), path);
}

const AliasTable& AliasTable::builtin() {
    static const AliasTable table = [] {
        std::string path = data_dir() + "/aliases.tsv";
        std::ifstream probe(path);
        return probe ? load(path) : AliasTable();
    }();
    return table;
}

const AliasGroup* AliasTable::group_of(std::string_view name) const {
    auto it = m_by_key.find(fold_key(name));
    return it == m_by_key.end() ? nullptr : &m_groups[it->second];
}

std::optional<std::string> AliasTable::canonical(std::string_view name) const {
    const AliasGroup* g = group_of(name);
    if (!g) {
        return std::nullopt;
    }
    return g->canonical;
}

std::string AliasTable::to_tsv() const {
    std::string out;
    for (const auto& g : m_groups) {
        for (std::size_t i = 0; i < g.variants.size(); ++i) {
            out += (i ? "\t" : "") + g.variants[i];
        }
        out += '\n';
    }
    return out;
}

}  // namespace dossier::analyzers
