#include "searcher/errors.hpp"

#include <xapian.h>

#include "analyzers/error.hpp"
#include "searcher/cancel.hpp"

namespace dossier::searcher {

nlohmann::json ErrorInfo::to_json() const {
    return {{"error", message}, {"kind", kind}, {"status", status}};
}

ErrorInfo classify(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const QueryError& e) {
        return {400, 2, "query", e.what()};
    } catch (const SchemaError& e) {
        return {503, 2, "index", e.what()};
    } catch (const IndexUnavailableError& e) {
        return {503, 2, "index", e.what()};
    } catch (const SearchCancelled& e) {
        return {503, 2, "budget", e.what()};
    } catch (const Error& e) {
        return {400, 2, "input", e.what()};
    } catch (const Xapian::DatabaseError& e) {
        return {503, 2, "index", e.get_description()};
    } catch (const Xapian::Error& e) {
        return {500, 2, "internal", e.get_description()};
    } catch (const std::exception& e) {
        return {500, 2, "internal", e.what()};
    } catch (...) {
        return {500, 2, "internal", "unknown error"};
    }
}

}  // namespace dossier::searcher
