#include "indexer/indexer.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "analyzers/error.hpp"
#include "indexer/index_writer.hpp"
#include "indexer/text_reader.hpp"

namespace dossier::indexer {

namespace fs = std::filesystem;

namespace {

enum class FileKind { Text, Ignored, Unsupported };

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

FileKind classify(const fs::path& p, bool named_explicitly) {
    const std::string name = p.filename().string();
    const std::string stem = lower(p.stem().string());
    const std::string ext = lower(p.extension().string());
    if (!named_explicitly && (stem == "readme" || stem == "license" || stem == "copying" || stem == "changelog")) {
        return FileKind::Ignored;  // documentation that lives beside articles in a corpus folder
    }
    if (ext.empty() || ext == ".txt" || ext == ".text" || ext == ".md" || ext == ".markdown") {
        return FileKind::Text;
    }
    return named_explicitly ? FileKind::Text : FileKind::Unsupported;
}

/// Expands inputs to a sorted list of files (directories recursively; hidden entries skipped).
std::vector<std::pair<fs::path, bool>> expand(const std::vector<std::string>& inputs) {
    std::vector<std::pair<fs::path, bool>> files;
    for (const auto& input : inputs) {
        std::error_code ec;
        fs::file_status st = fs::status(input, ec);
        if (ec || !fs::exists(st)) {
            throw CorpusError(input, 0, "no such file or directory");
        }
        if (fs::is_directory(st)) {
            std::vector<fs::path> found;
            auto it = fs::recursive_directory_iterator(input, fs::directory_options::skip_permission_denied, ec);
            if (ec) {
                throw CorpusError(input, 0, "cannot read directory: " + ec.message());
            }
            for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (ec) {
                    throw CorpusError(input, 0, "cannot read directory: " + ec.message());
                }
                const std::string name = it->path().filename().string();
                if (!name.empty() && name[0] == '.') {
                    if (it->is_directory()) {
                        it.disable_recursion_pending();
                    }
                    continue;
                }
                if (it->is_regular_file()) {
                    found.push_back(it->path());
                }
            }
            std::sort(found.begin(), found.end());
            for (auto& f : found) {
                files.emplace_back(std::move(f), false);
            }
        } else {
            files.emplace_back(input, true);
        }
    }
    return files;
}

}  // namespace

std::string IndexStats::summary() const {
    std::string s = fmt::format(
        "added {}, updated {}, unchanged {}, deleted {}, skipped {}", added, updated, unchanged, deleted, skipped
    );
    if (!skip_reasons.empty()) {
        std::string reasons;
        for (const auto& [reason, count] : skip_reasons) {
            reasons += fmt::format("{}{} {}", reasons.empty() ? "" : ", ", reason, count);
        }
        s += " (" + reasons + ")";
    }
    return s;
}

IndexStats run(const IndexOptions& opts, const WarningSink& warn) {
    auto files = expand(opts.inputs);  // a missing input fails before the database is touched
    IndexWriter writer(opts.db);
    IndexStats stats;
    auto skip = [&](const std::string& where, const std::string& reason) {
        if (opts.strict) {
            throw CorpusError(where, 0, reason);
        }
        warn(fmt::format("{}: skipped: {}", where, reason));
        ++stats.skipped;
        ++stats.skip_reasons[reason];
    };
    for (const auto& [path, explicit_name] : files) {
        const std::string where = path.string();
        switch (classify(path, explicit_name)) {
        case FileKind::Ignored:
            ++stats.skip_reasons["readme"];
            ++stats.skipped;
            continue;
        case FileKind::Unsupported:
            skip(where, "unsupported file type");
            continue;
        case FileKind::Text:
            break;
        }
        ReadReport report;
        Article article = read_text_article(where, report);
        stats.bytes += article.text.size() + article.title.size();
        for (const auto& w : report.warnings) {
            if (opts.strict) {
                throw CorpusError(where, 0, w);
            }
            warn(w);
        }
        if (!report.skip_reason.empty()) {
            skip(where, report.skip_reason);
            continue;
        }
        switch (writer.put(article)) {
        case PutOutcome::Added: ++stats.added; break;
        case PutOutcome::Updated: ++stats.updated; break;
        case PutOutcome::Unchanged: ++stats.unchanged; break;
        }
    }
    writer.commit();
    return stats;
}

}  // namespace dossier::indexer
