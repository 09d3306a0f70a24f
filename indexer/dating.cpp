#include "indexer/dating.hpp"

#include <chrono>
#include <ctime>
#include <filesystem>

#include <fmt/format.h>

#include "analyzers/article_date.hpp"
#include "indexer/schema.hpp"

namespace dossier::indexer {

ArticleDate resolve_date(const Article& article) {
    if (auto date = article.extra.find("date"); date != article.extra.end() && date->is_string()) {
        if (std::string ymd = schema::date_value(date->get<std::string>()); ymd.size() == 8) {
            return {ymd.substr(0, 4) + "-" + ymd.substr(4, 2) + "-" + ymd.substr(6, 2), "field"};
        }
    }
    if (auto stated = analyzers::find_stated_date(article.text)) {
        return {stated->iso, analyzers::to_string(stated->kind)};
    }
    if (!article.source.empty()) {
        std::error_code ec;
        const auto mtime = std::filesystem::last_write_time(article.source, ec);
        if (!ec) {
            const auto sys = std::chrono::file_clock::to_sys(mtime);
            const std::time_t t = std::chrono::system_clock::to_time_t(
                std::chrono::time_point_cast<std::chrono::system_clock::duration>(sys)
            );
            std::tm tm{};
            if (gmtime_r(&t, &tm)) {
                return {
                    fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday),
                    "mtime"};
            }
        }
    }
    return {};
}

}  // namespace dossier::indexer
