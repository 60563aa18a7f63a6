#include "store/sqlite/sqlite_store.h"

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "store/sqlite/sqlite_db.h"

namespace amparo::store::sqlite {
namespace {

// ---------------------------------------------------------------------------------------------
// Tables a RecordRef may name. The only statements that depend on a table name from data are picked
// from this list by name, never built from it.

struct TableStatements {
  std::string_view table;
  std::string_view exists;
  std::string_view remove;
};

constexpr TableStatements kTableStatements[] = {
    {"organization", "SELECT 1 FROM organization WHERE id = ?",
     "DELETE FROM organization WHERE id = ?"},
    {"service", "SELECT 1 FROM service WHERE id = ?", "DELETE FROM service WHERE id = ?"},
    {"location", "SELECT 1 FROM location WHERE id = ?", "DELETE FROM location WHERE id = ?"},
    {"address", "SELECT 1 FROM address WHERE id = ?", "DELETE FROM address WHERE id = ?"},
    {"service_at_location", "SELECT 1 FROM service_at_location WHERE id = ?",
     "DELETE FROM service_at_location WHERE id = ?"},
    {"phone", "SELECT 1 FROM phone WHERE id = ?", "DELETE FROM phone WHERE id = ?"},
    {"language", "SELECT 1 FROM language WHERE id = ?", "DELETE FROM language WHERE id = ?"},
    {"service_area", "SELECT 1 FROM service_area WHERE id = ?",
     "DELETE FROM service_area WHERE id = ?"},
    {"taxonomy", "SELECT 1 FROM taxonomy WHERE id = ?", "DELETE FROM taxonomy WHERE id = ?"},
    {"taxonomy_term", "SELECT 1 FROM taxonomy_term WHERE id = ?",
     "DELETE FROM taxonomy_term WHERE id = ?"},
    {"attribute", "SELECT 1 FROM attribute WHERE id = ?", "DELETE FROM attribute WHERE id = ?"},
    {"schedule", "SELECT 1 FROM schedule WHERE id = ?", "DELETE FROM schedule WHERE id = ?"},
};

const TableStatements* find_table(std::string_view table) {
  for (const TableStatements& statements : kTableStatements) {
    if (statements.table == table) return &statements;
  }
  return nullptr;
}

// A foreign key of a record, so that an error can name the reference that is missing where SQLite
// says only "FOREIGN KEY constraint failed".
struct Reference {
  std::string_view column;
  std::string_view value;
  std::string_view table;
};

// Binds parameters 1, 2, 3, ... in the order of the calls, up to `limit`; later calls bind nothing,
// so that a record's bind function also binds just its key to a statement that takes only the key.
class Binder {
 public:
  explicit Binder(Statement& statement, int limit = std::numeric_limits<int>::max())
      : statement_(statement), limit_(limit) {}
  Binder& text(std::string_view value) {
    if (++index_ <= limit_) statement_.bind_text(index_, value);
    return *this;
  }
  Binder& number(std::optional<double> value) {
    if (++index_ <= limit_) statement_.bind_optional_double(index_, value);
    return *this;
  }

 private:
  Statement& statement_;
  int index_ = 0;
  int limit_;
};

// Reads columns 0, 1, 2, ... in the order of the calls.
class Reader {
 public:
  explicit Reader(const Statement& statement) : statement_(statement) {}
  std::string text() { return statement_.column_text(index_++); }
  std::optional<double> number() { return statement_.column_optional_double(index_++); }
  Provenance provenance() {
    Provenance p;
    p.dataset = text();
    p.source_date = text();
    p.assured_date = text();
    p.source_row = text();
    return p;
  }

 private:
  const Statement& statement_;
  int index_ = 0;
};

void bind_provenance(Binder& b, const Provenance& p) {
  b.text(p.dataset).text(p.source_date).text(p.assured_date).text(p.source_row);
}

// How one record type is written: its table and columns (the key's columns first, in the order
// `bind` binds them), its foreign keys, its key as text for messages. The statements are built
// from these constants only, never from data.
template <typename T>
struct UpsertSpec {
  std::string_view table;
  std::string_view columns;  // "a, b, c"
  int key_columns;           // how many of the first columns make the primary key
  void (*bind)(Binder&, const T&);
  std::vector<Reference> (*references)(const T&);
  std::string (*key)(const T&);
};

template <typename T>
std::string id_of(const T& record) {
  return record.id;
}

template <typename T>
std::vector<Reference> no_references(const T&) {
  return {};
}

constexpr UpsertSpec<Organization> kOrganizations{
    "organization",
    "id, name, alternate_name, description, email, website, source_dataset, source_date,"
    " assured_date, source_row",
    1,
    [](Binder& b, const Organization& r) {
      b.text(r.id).text(r.name).text(r.alternate_name).text(r.description).text(r.email);
      b.text(r.website);
      bind_provenance(b, r.provenance);
    },
    no_references<Organization>,
    id_of<Organization>};

constexpr UpsertSpec<Taxonomy> kTaxonomies{
    "taxonomy",
    "id, name, description, uri, version",
    1,
    [](Binder& b, const Taxonomy& r) {
      b.text(r.id).text(r.name).text(r.description).text(r.uri).text(r.version);
    },
    no_references<Taxonomy>,
    id_of<Taxonomy>};

constexpr UpsertSpec<TaxonomyTerm> kTaxonomyTerms{
    "taxonomy_term",
    "id, code, name, description, parent_id, taxonomy_id, language",
    1,
    [](Binder& b, const TaxonomyTerm& r) {
      b.text(r.id).text(r.code).text(r.name).text(r.description).text(r.parent_id);
      b.text(r.taxonomy_id).text(r.language);
    },
    [](const TaxonomyTerm& r) {
      return std::vector<Reference>{{"parent_id", r.parent_id, "taxonomy_term"},
                                    {"taxonomy_id", r.taxonomy_id, "taxonomy"}};
    },
    id_of<TaxonomyTerm>};

constexpr UpsertSpec<Location> kLocations{
    "location",
    "id, organization_id, location_type, name, description, external_identifier,"
    " external_identifier_type, latitude, longitude, source_dataset, source_date, assured_date,"
    " source_row",
    1,
    [](Binder& b, const Location& r) {
      b.text(r.id).text(r.organization_id).text(r.location_type).text(r.name);
      b.text(r.description).text(r.external_identifier).text(r.external_identifier_type);
      b.number(r.latitude).number(r.longitude);
      bind_provenance(b, r.provenance);
    },
    [](const Location& r) {
      return std::vector<Reference>{{"organization_id", r.organization_id, "organization"}};
    },
    id_of<Location>};

constexpr UpsertSpec<Address> kAddresses{
    "address",
    "id, location_id, attention, address_1, address_2, city, region, state_province, postal_code,"
    " country, address_type",
    1,
    [](Binder& b, const Address& r) {
      b.text(r.id).text(r.location_id).text(r.attention).text(r.address_1).text(r.address_2);
      b.text(r.city).text(r.region).text(r.state_province).text(r.postal_code).text(r.country);
      b.text(r.address_type);
    },
    [](const Address& r) {
      return std::vector<Reference>{{"location_id", r.location_id, "location"}};
    },
    id_of<Address>};

constexpr UpsertSpec<Service> kServices{
    "service",
    "id, organization_id, name, description, url, email, status, source_dataset, source_date,"
    " assured_date, source_row",
    1,
    [](Binder& b, const Service& r) {
      b.text(r.id).text(r.organization_id).text(r.name).text(r.description).text(r.url);
      b.text(r.email).text(r.status);
      bind_provenance(b, r.provenance);
    },
    [](const Service& r) {
      return std::vector<Reference>{{"organization_id", r.organization_id, "organization"}};
    },
    id_of<Service>};

constexpr UpsertSpec<ServiceAtLocation> kServiceAtLocations{
    "service_at_location",
    "id, service_id, location_id",
    1,
    [](Binder& b, const ServiceAtLocation& r) {
      b.text(r.id).text(r.service_id).text(r.location_id);
    },
    [](const ServiceAtLocation& r) {
      return std::vector<Reference>{{"service_id", r.service_id, "service"},
                                    {"location_id", r.location_id, "location"}};
    },
    id_of<ServiceAtLocation>};

constexpr UpsertSpec<Phone> kPhones{
    "phone",
    "id, organization_id, service_id, location_id, number, extension, type, description,"
    " source_dataset, source_date, assured_date, source_row",
    1,
    [](Binder& b, const Phone& r) {
      b.text(r.id).text(r.organization_id).text(r.service_id).text(r.location_id);
      b.text(r.number).text(r.extension).text(r.type).text(r.description);
      bind_provenance(b, r.provenance);
    },
    [](const Phone& r) {
      return std::vector<Reference>{{"organization_id", r.organization_id, "organization"},
                                    {"service_id", r.service_id, "service"},
                                    {"location_id", r.location_id, "location"}};
    },
    id_of<Phone>};

constexpr UpsertSpec<Language> kLanguages{
    "language",
    "id, service_id, location_id, phone_id, name, code",
    1,
    [](Binder& b, const Language& r) {
      b.text(r.id).text(r.service_id).text(r.location_id).text(r.phone_id).text(r.name);
      b.text(r.code);
    },
    [](const Language& r) {
      return std::vector<Reference>{{"service_id", r.service_id, "service"},
                                    {"location_id", r.location_id, "location"},
                                    {"phone_id", r.phone_id, "phone"}};
    },
    id_of<Language>};

constexpr UpsertSpec<ServiceArea> kServiceAreas{
    "service_area",
    "id, service_id, name, description, uri",
    1,
    [](Binder& b, const ServiceArea& r) {
      b.text(r.id).text(r.service_id).text(r.name).text(r.description).text(r.uri);
    },
    [](const ServiceArea& r) {
      return std::vector<Reference>{{"service_id", r.service_id, "service"}};
    },
    id_of<ServiceArea>};

constexpr UpsertSpec<Attribute> kAttributes{
    "attribute",
    "id, link_id, link_type, link_entity, taxonomy_term_id, value, label",
    1,
    [](Binder& b, const Attribute& r) {
      b.text(r.id).text(r.link_id).text(r.link_type).text(r.link_entity).text(r.taxonomy_term_id);
      b.text(r.value).text(r.label);
    },
    [](const Attribute& r) {
      return std::vector<Reference>{{"taxonomy_term_id", r.taxonomy_term_id, "taxonomy_term"}};
    },
    id_of<Attribute>};

constexpr UpsertSpec<Translation> kTranslations{
    "translation",
    "record_table, record_id, field, language, text, status",
    4,
    [](Binder& b, const Translation& r) {
      b.text(r.record_table).text(r.record_id).text(r.field).text(r.language).text(r.text);
      b.text(r.status);
    },
    no_references<Translation>,
    [](const Translation& r) {
      return r.record_table + "/" + r.record_id + "/" + r.field + "/" + r.language;
    }};

// The columns of `columns` ("a, b, c"), in order.
std::vector<std::string_view> split_columns(std::string_view columns) {
  std::vector<std::string_view> names;
  while (!columns.empty()) {
    const std::size_t comma = columns.find(',');
    std::string_view name = columns.substr(0, comma);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    names.push_back(name);
    if (comma == std::string_view::npos) break;
    columns.remove_prefix(comma + 1);
  }
  return names;
}

// "INSERT ... ON CONFLICT (key) DO UPDATE SET ... WHERE <some column differs>". The WHERE makes an
// upsert of a record equal to the stored one change no row, which is how apply() tells updated from
// unchanged. An upsert is never INSERT OR REPLACE: a replace deletes the old row first, which would
// cascade to its children, and would clear HSDS columns amparo does not model.
template <typename T>
std::string upsert_sql(const UpsertSpec<T>& spec) {
  const std::vector<std::string_view> columns = split_columns(spec.columns);
  const auto key_columns = static_cast<std::size_t>(spec.key_columns);
  std::string sql =
      "INSERT INTO " + std::string(spec.table) + " (" + std::string(spec.columns) + ") VALUES (";
  for (std::size_t i = 0; i < columns.size(); ++i) sql += i == 0 ? "?" : ", ?";
  sql += ") ON CONFLICT (";
  for (std::size_t i = 0; i < key_columns; ++i) {
    if (i > 0) sql += ", ";
    sql += columns[i];
  }
  std::string set;
  std::string differs;
  for (std::size_t i = key_columns; i < columns.size(); ++i) {
    const std::string column(columns[i]);
    if (!set.empty()) set += ", ";
    set += column + " = excluded." + column;
    if (!differs.empty()) differs += " OR ";
    differs += column + " IS NOT excluded." + column;
  }
  sql += set.empty() ? ") DO NOTHING" : ") DO UPDATE SET " + set + " WHERE " + differs;
  return sql;
}

// "SELECT 1 FROM <table> WHERE <key column> = ? AND ...", taking the key as `bind` binds it first.
template <typename T>
std::string exists_sql(const UpsertSpec<T>& spec) {
  const std::vector<std::string_view> columns = split_columns(spec.columns);
  std::string sql = "SELECT 1 FROM " + std::string(spec.table) + " WHERE ";
  for (std::size_t i = 0; i < static_cast<std::size_t>(spec.key_columns); ++i) {
    if (i > 0) sql += " AND ";
    sql += std::string(columns[i]) + " = ?";
  }
  return sql;
}

// ---------------------------------------------------------------------------------------------
// Writing.

Result<bool> record_exists(Connection& connection, std::string_view table, std::string_view id) {
  const TableStatements* statements = find_table(table);
  if (statements == nullptr) {
    return make_error(ErrorCode::kInternal, "no such table: " + std::string(table));
  }
  Result<Statement> statement = connection.prepare(statements->exists);
  if (!statement.ok()) return std::move(statement).error();
  statement->bind_text(1, id);
  return statement->step();
}

// The error for a record `verb` (store, delete) failed on: names the table and key in `field`,
// SQLite's reason and, for a broken foreign key, the reference that names nothing.
Error record_error(Connection& connection, std::string_view verb, std::string_view table,
                   const std::string& key, Error cause, int sqlite_code,
                   const std::vector<Reference>& references) {
  std::string message =
      "cannot " + std::string(verb) + " " + std::string(table) + " \"" + key + "\": ";
  std::string detail;
  if (sqlite_code == SQLITE_CONSTRAINT_FOREIGNKEY) {
    for (const Reference& reference : references) {
      if (reference.value.empty()) continue;
      Result<bool> found = record_exists(connection, reference.table, reference.value);
      if (found.ok() && !*found) {
        if (!detail.empty()) detail += "; ";
        detail += std::string(reference.column) + " \"" + std::string(reference.value) +
                  "\" names no " + std::string(reference.table);
      }
    }
  }
  if (detail.empty()) {
    message += cause.message;
  } else {
    message += detail + " (" + cause.message + ")";
  }
  cause.message = std::move(message);
  cause.field = std::string(table) + "." + key;
  return cause;
}

// Upserts `rows` and counts each as inserted, updated or unchanged in `stats`.
template <typename T>
Status upsert_all(Connection& connection, const UpsertSpec<T>& spec, const std::vector<T>& rows,
                  ApplyStats& stats) {
  if (rows.empty()) return ok_status();
  Result<Statement> exists = connection.prepare(exists_sql(spec));
  if (!exists.ok()) return std::move(exists).error();
  Result<Statement> upsert = connection.prepare(upsert_sql(spec));
  if (!upsert.ok()) return std::move(upsert).error();
  for (const T& row : rows) {
    Binder key_binder(*exists, spec.key_columns);
    spec.bind(key_binder, row);
    Result<bool> found = exists->step();
    exists->reset();
    if (!found.ok()) return std::move(found).error();

    Binder binder(*upsert);
    spec.bind(binder, row);
    Status stored = upsert->run();
    if (!stored.ok()) {
      const int code = upsert->last_code();
      upsert->reset();
      return record_error(connection, "store", spec.table, spec.key(row), std::move(stored).error(),
                          code, spec.references(row));
    }
    upsert->reset();
    // The upsert changes no row when the stored record already had every value.
    if (!*found) {
      ++stats.inserted;
    } else if (sqlite3_changes(connection.handle()) > 0) {
      ++stats.updated;
    } else {
      ++stats.unchanged;
    }
  }
  return ok_status();
}

Status delete_record(Connection& connection, const RecordRef& ref) {
  const TableStatements* statements = find_table(ref.table);
  if (statements == nullptr) {
    return make_error(ErrorCode::kInvalidArgument,
                      "cannot delete from \"" + ref.table + "\": not a directory table")
        .at(connection.path())
        .in_field(ref.table + "." + ref.id);
  }
  Result<Statement> statement = connection.prepare(statements->remove);
  if (!statement.ok()) return std::move(statement).error();
  statement->bind_text(1, ref.id);
  Status deleted = statement->run();
  if (!deleted.ok()) {
    return record_error(connection, "delete", ref.table, ref.id, std::move(deleted).error(),
                        statement->last_code(), {});
  }
  if (sqlite3_changes(connection.handle()) == 0) {
    return make_error(ErrorCode::kNotFound,
                      "cannot delete " + ref.table + " \"" + ref.id + "\": no such record")
        .at(connection.path())
        .in_field(ref.table + "." + ref.id);
  }
  return ok_status();
}

// `terms` reordered so that a parent in the same change set is stored before its children (foreign
// keys are checked per statement). Otherwise the order is kept; a cycle is left for the foreign key
// to refuse.
std::vector<TaxonomyTerm> parents_first(const std::vector<TaxonomyTerm>& terms) {
  std::unordered_map<std::string_view, std::size_t> index_of;
  for (std::size_t i = 0; i < terms.size(); ++i) index_of[terms[i].id] = i;
  std::vector<TaxonomyTerm> ordered;
  ordered.reserve(terms.size());
  std::vector<bool> placed(terms.size(), false);
  for (std::size_t start = 0; start < terms.size(); ++start) {
    // The chain of not yet placed ancestors of `start`, nearest first.
    std::vector<std::size_t> chain;
    std::unordered_set<std::size_t> in_chain;
    for (std::size_t i = start; !placed[i] && in_chain.insert(i).second;) {
      chain.push_back(i);
      auto parent = index_of.find(terms[i].parent_id);
      if (terms[i].parent_id.empty() || parent == index_of.end()) break;
      i = parent->second;
    }
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      placed[*it] = true;
      ordered.push_back(terms[*it]);
    }
  }
  return ordered;
}

// ---------------------------------------------------------------------------------------------
// Reading.

template <typename T, typename Read>
Status load_rows(Connection& connection, std::string_view sql, std::vector<T>& out, Read read) {
  Result<Statement> statement = connection.prepare(sql);
  if (!statement.ok()) return std::move(statement).error();
  while (true) {
    Result<bool> row = statement->step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) return ok_status();
    Reader reader(*statement);
    out.push_back(read(reader));
  }
}

Status load_records(Connection& connection, Records& records) {
  AMPARO_RETURN_IF_ERROR(load_rows(
      connection,
      "SELECT id, name, alternate_name, description, email, website, source_dataset, source_date,"
      " assured_date, source_row FROM organization ORDER BY id",
      records.organizations, [](Reader& r) {
        Organization o;
        o.id = r.text();
        o.name = r.text();
        o.alternate_name = r.text();
        o.description = r.text();
        o.email = r.text();
        o.website = r.text();
        o.provenance = r.provenance();
        return o;
      }));
  AMPARO_RETURN_IF_ERROR(
      load_rows(connection,
                "SELECT id, organization_id, name, description, url, email, status, source_dataset,"
                " source_date, assured_date, source_row FROM service ORDER BY id",
                records.services, [](Reader& r) {
                  Service s;
                  s.id = r.text();
                  s.organization_id = r.text();
                  s.name = r.text();
                  s.description = r.text();
                  s.url = r.text();
                  s.email = r.text();
                  s.status = r.text();
                  s.provenance = r.provenance();
                  return s;
                }));
  AMPARO_RETURN_IF_ERROR(load_rows(
      connection,
      "SELECT id, organization_id, location_type, name, description, external_identifier,"
      " external_identifier_type, latitude, longitude, source_dataset, source_date, assured_date,"
      " source_row FROM location ORDER BY id",
      records.locations, [](Reader& r) {
        Location l;
        l.id = r.text();
        l.organization_id = r.text();
        l.location_type = r.text();
        l.name = r.text();
        l.description = r.text();
        l.external_identifier = r.text();
        l.external_identifier_type = r.text();
        l.latitude = r.number();
        l.longitude = r.number();
        l.provenance = r.provenance();
        return l;
      }));
  AMPARO_RETURN_IF_ERROR(load_rows(
      connection,
      "SELECT id, location_id, attention, address_1, address_2, city, region, state_province,"
      " postal_code, country, address_type FROM address ORDER BY id",
      records.addresses, [](Reader& r) {
        Address a;
        a.id = r.text();
        a.location_id = r.text();
        a.attention = r.text();
        a.address_1 = r.text();
        a.address_2 = r.text();
        a.city = r.text();
        a.region = r.text();
        a.state_province = r.text();
        a.postal_code = r.text();
        a.country = r.text();
        a.address_type = r.text();
        return a;
      }));
  AMPARO_RETURN_IF_ERROR(load_rows(
      connection, "SELECT id, service_id, location_id FROM service_at_location ORDER BY id",
      records.service_at_locations, [](Reader& r) {
        ServiceAtLocation s;
        s.id = r.text();
        s.service_id = r.text();
        s.location_id = r.text();
        return s;
      }));
  AMPARO_RETURN_IF_ERROR(load_rows(
      connection,
      "SELECT id, organization_id, service_id, location_id, number, extension, type, description,"
      " source_dataset, source_date, assured_date, source_row FROM phone ORDER BY id",
      records.phones, [](Reader& r) {
        Phone p;
        p.id = r.text();
        p.organization_id = r.text();
        p.service_id = r.text();
        p.location_id = r.text();
        p.number = r.text();
        p.extension = r.text();
        p.type = r.text();
        p.description = r.text();
        p.provenance = r.provenance();
        return p;
      }));
  AMPARO_RETURN_IF_ERROR(load_rows(
      connection,
      "SELECT id, service_id, location_id, phone_id, name, code FROM language ORDER BY id",
      records.languages, [](Reader& r) {
        Language l;
        l.id = r.text();
        l.service_id = r.text();
        l.location_id = r.text();
        l.phone_id = r.text();
        l.name = r.text();
        l.code = r.text();
        return l;
      }));
  AMPARO_RETURN_IF_ERROR(load_rows(
      connection, "SELECT id, service_id, name, description, uri FROM service_area ORDER BY id",
      records.service_areas, [](Reader& r) {
        ServiceArea a;
        a.id = r.text();
        a.service_id = r.text();
        a.name = r.text();
        a.description = r.text();
        a.uri = r.text();
        return a;
      }));
  AMPARO_RETURN_IF_ERROR(
      load_rows(connection, "SELECT id, name, description, uri, version FROM taxonomy ORDER BY id",
                records.taxonomies, [](Reader& r) {
                  Taxonomy t;
                  t.id = r.text();
                  t.name = r.text();
                  t.description = r.text();
                  t.uri = r.text();
                  t.version = r.text();
                  return t;
                }));
  AMPARO_RETURN_IF_ERROR(load_rows(
      connection,
      "SELECT id, code, name, description, parent_id, taxonomy_id, language FROM taxonomy_term"
      " ORDER BY id",
      records.taxonomy_terms, [](Reader& r) {
        TaxonomyTerm t;
        t.id = r.text();
        t.code = r.text();
        t.name = r.text();
        t.description = r.text();
        t.parent_id = r.text();
        t.taxonomy_id = r.text();
        t.language = r.text();
        return t;
      }));
  AMPARO_RETURN_IF_ERROR(load_rows(
      connection,
      "SELECT id, link_id, link_type, link_entity, taxonomy_term_id, value, label FROM attribute"
      " ORDER BY id",
      records.attributes, [](Reader& r) {
        Attribute a;
        a.id = r.text();
        a.link_id = r.text();
        a.link_type = r.text();
        a.link_entity = r.text();
        a.taxonomy_term_id = r.text();
        a.value = r.text();
        a.label = r.text();
        return a;
      }));
  return load_rows(connection,
                   "SELECT record_table, record_id, field, language, text, status FROM translation"
                   " ORDER BY record_table, record_id, field, language",
                   records.translations, [](Reader& r) {
                     Translation t;
                     t.record_table = r.text();
                     t.record_id = r.text();
                     t.field = r.text();
                     t.language = r.text();
                     t.text = r.text();
                     t.status = r.text();
                     return t;
                   });
}

Result<std::int64_t> query_int64(Connection& connection, std::string_view sql) {
  Result<Statement> statement = connection.prepare(sql);
  if (!statement.ok()) return std::move(statement).error();
  Result<bool> row = statement->step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return make_error(ErrorCode::kInternal, "query returned no row").at(connection.path());
  return statement->column_int64(0);
}

// The audit detail of an applied change set: the caller's detail, then the counts.
std::string audit_detail(const std::string& detail, const ApplyStats& stats) {
  std::string counted = std::to_string(stats.inserted) + " inserted, " +
                        std::to_string(stats.updated) + " updated, " +
                        std::to_string(stats.unchanged) + " unchanged, " +
                        std::to_string(stats.deleted) + " deleted";
  return detail.empty() ? counted : detail + ": " + counted;
}

// ---------------------------------------------------------------------------------------------
// The store.

// Holds the one connection (closed when the store is destroyed). Not thread-safe: one thread at a
// time.
class SqliteStore final : public Store {
 public:
  explicit SqliteStore(Connection connection) : connection_(std::move(connection)) {}

  Result<int> schema_version() override {
    Result<std::int64_t> version =
        query_int64(connection_, "SELECT coalesce(max(version), 0) FROM schema_version");
    if (!version.ok()) return std::move(version).error();
    return static_cast<int>(*version);
  }

  Result<ApplyStats> apply(const ChangeSet& changes, const AuditEntry& audit,
                           const ApplyOptions& options) override {
    if (audit.actor.empty() || audit.action.empty()) {
      return make_error(ErrorCode::kInvalidArgument, "an audit entry needs an actor and an action")
          .in_field(audit.actor.empty() ? "audit.actor" : "audit.action");
    }
    Result<Transaction> transaction = Transaction::begin(connection_, "BEGIN IMMEDIATE");
    if (!transaction.ok()) return std::move(transaction).error();

    ApplyStats stats;
    for (const RecordRef& ref : changes.deletes) {
      AMPARO_RETURN_IF_ERROR(delete_record(connection_, ref));
      ++stats.deleted;
    }
    const Records& upserts = changes.upserts;
    AMPARO_RETURN_IF_ERROR(upsert_all(connection_, kOrganizations, upserts.organizations, stats));
    AMPARO_RETURN_IF_ERROR(upsert_all(connection_, kTaxonomies, upserts.taxonomies, stats));
    AMPARO_RETURN_IF_ERROR(
        upsert_all(connection_, kTaxonomyTerms, parents_first(upserts.taxonomy_terms), stats));
    AMPARO_RETURN_IF_ERROR(upsert_all(connection_, kLocations, upserts.locations, stats));
    AMPARO_RETURN_IF_ERROR(upsert_all(connection_, kAddresses, upserts.addresses, stats));
    AMPARO_RETURN_IF_ERROR(upsert_all(connection_, kServices, upserts.services, stats));
    AMPARO_RETURN_IF_ERROR(
        upsert_all(connection_, kServiceAtLocations, upserts.service_at_locations, stats));
    AMPARO_RETURN_IF_ERROR(upsert_all(connection_, kPhones, upserts.phones, stats));
    AMPARO_RETURN_IF_ERROR(upsert_all(connection_, kLanguages, upserts.languages, stats));
    AMPARO_RETURN_IF_ERROR(upsert_all(connection_, kServiceAreas, upserts.service_areas, stats));
    AMPARO_RETURN_IF_ERROR(upsert_all(connection_, kAttributes, upserts.attributes, stats));
    AMPARO_RETURN_IF_ERROR(upsert_all(connection_, kTranslations, upserts.translations, stats));

    // Nothing changed: no audit record, so that re-importing the same data leaves no trace.
    if (!stats.changed()) {
      AMPARO_RETURN_IF_ERROR(options.dry_run ? transaction->rollback() : transaction->commit());
      return stats;
    }
    Result<Statement> log = connection_.prepare(
        "INSERT INTO audit_log (at, actor, action, detail)"
        " VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?, ?, ?)");
    if (!log.ok()) return std::move(log).error();
    const std::string detail = audit_detail(audit.detail, stats);
    Binder binder(*log);
    binder.text(audit.actor).text(audit.action).text(detail);
    AMPARO_RETURN_IF_ERROR(log->run());
    AMPARO_RETURN_IF_ERROR(options.dry_run ? transaction->rollback() : transaction->commit());
    return stats;
  }

  Result<RecordCounts> counts() override {
    Result<Statement> statement = connection_.prepare(
        "SELECT (SELECT count(*) FROM organization), (SELECT count(*) FROM service),"
        " (SELECT count(*) FROM location), (SELECT count(*) FROM phone),"
        " (SELECT count(*) FROM location WHERE external_identifier_type = 'ice_facility_code')");
    if (!statement.ok()) return std::move(statement).error();
    Result<bool> row = statement->step();
    if (!row.ok()) return std::move(row).error();
    RecordCounts counts;
    counts.organizations = statement->column_int64(0);
    counts.services = statement->column_int64(1);
    counts.locations = statement->column_int64(2);
    counts.phones = statement->column_int64(3);
    counts.facilities = statement->column_int64(4);
    Result<Statement> by_dataset = connection_.prepare(
        "SELECT source_dataset, count(*) FROM organization WHERE source_dataset IS NOT NULL"
        " GROUP BY source_dataset");
    if (!by_dataset.ok()) return std::move(by_dataset).error();
    while (true) {
      Result<bool> more = by_dataset->step();
      if (!more.ok()) return std::move(more).error();
      if (!*more) break;
      counts.organizations_by_dataset[by_dataset->column_text(0)] = by_dataset->column_int64(1);
    }
    return counts;
  }

  Result<Records> load_all() override {
    // One read transaction, so that the tables agree with each other.
    Result<Transaction> transaction = Transaction::begin(connection_, "BEGIN");
    if (!transaction.ok()) return std::move(transaction).error();
    Records records;
    AMPARO_RETURN_IF_ERROR(load_records(connection_, records));
    AMPARO_RETURN_IF_ERROR(transaction->commit());
    return records;
  }

  Result<std::vector<AuditRecord>> audit_log(std::size_t limit) override {
    Result<Statement> statement = connection_.prepare(
        "SELECT id, at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?");
    if (!statement.ok()) return std::move(statement).error();
    constexpr auto kMaxLimit = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
    statement->bind_int64(1, static_cast<std::int64_t>(limit < kMaxLimit ? limit : kMaxLimit));
    std::vector<AuditRecord> entries;
    while (true) {
      Result<bool> row = statement->step();
      if (!row.ok()) return std::move(row).error();
      if (!*row) return entries;
      AuditRecord entry;
      entry.id = statement->column_int64(0);
      entry.at = statement->column_text(1);
      entry.entry.actor = statement->column_text(2);
      entry.entry.action = statement->column_text(3);
      entry.entry.detail = statement->column_text(4);
      entries.push_back(std::move(entry));
    }
  }

 private:
  Connection connection_;
};

// ---------------------------------------------------------------------------------------------
// Opening and migrating.

// A private database (in memory, or SQLite's temporary file) has no journal to switch to WAL.
bool is_private(const std::string& path) { return path.empty() || path == ":memory:"; }

Status check_numbering(std::span<const Migration> migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return make_error(ErrorCode::kInternal, "migrations are not numbered 1, 2, 3, ...: " +
                                                  std::to_string(migrations[i].version) +
                                                  " at position " + std::to_string(i + 1));
    }
  }
  return ok_status();
}

std::string migration_label(const Migration& migration) {
  std::string number = std::to_string(migration.version);
  if (number.size() < 4) number.insert(0, 4 - number.size(), '0');
  return number + "_" + std::string(migration.name);
}

// Applies the pending migrations one at a time, each in its own write transaction that also
// re-reads the version, so that two processes opening the same file at once do not apply one twice.
Status migrate(Connection& connection, std::span<const Migration> migrations) {
  AMPARO_RETURN_IF_ERROR(check_numbering(migrations));
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  while (true) {
    Result<Transaction> transaction = Transaction::begin(connection, "BEGIN IMMEDIATE");
    if (!transaction.ok()) return std::move(transaction).error();
    AMPARO_RETURN_IF_ERROR(
        connection.exec_script("CREATE TABLE IF NOT EXISTS schema_version ("
                               "version INTEGER NOT NULL, applied_at TEXT NOT NULL)"));
    Result<std::int64_t> current =
        query_int64(connection, "SELECT coalesce(max(version), 0) FROM schema_version");
    if (!current.ok()) return std::move(current).error();
    if (*current > latest) {
      return make_error(ErrorCode::kCorrupt, "schema version " + std::to_string(*current) +
                                                 " is newer than this amparo (" +
                                                 std::to_string(latest) + ")")
          .at(connection.path());
    }
    if (*current == latest) return transaction->commit();

    const Migration& next = migrations[static_cast<std::size_t>(*current)];
    Status applied = connection.exec_script(next.sql);
    if (!applied.ok()) {
      Error error = std::move(applied).error();
      error.message = "migration " + migration_label(next) + " failed: " + error.message;
      return error;
    }
    Result<Statement> record = connection.prepare(
        "INSERT INTO schema_version (version, applied_at)"
        " VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
    if (!record.ok()) return std::move(record).error();
    record->bind_int64(1, next.version);
    AMPARO_RETURN_IF_ERROR(record->run());
    AMPARO_RETURN_IF_ERROR(transaction->commit());
  }
}

Status configure(Connection& connection, const SqliteOptions& options) {
  sqlite3_busy_timeout(connection.handle(), options.busy_timeout_ms);
  if (!is_private(connection.path())) {
    Result<Statement> journal = connection.prepare("PRAGMA journal_mode = WAL");
    if (!journal.ok()) return std::move(journal).error();
    Result<bool> row = journal->step();
    if (!row.ok()) return std::move(row).error();
    const std::string mode = *row ? journal->column_text(0) : std::string();
    if (mode != "wal") {
      return make_error(ErrorCode::kIo, "cannot switch the database to WAL mode (it stays in \"" +
                                            mode + "\" mode)")
          .at(connection.path());
    }
  }
  AMPARO_RETURN_IF_ERROR(
      connection.exec_script("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;"));
  // A SQLite built without foreign keys ignores the pragma; the store's guarantees rest on them.
  Result<std::int64_t> foreign_keys = query_int64(connection, "PRAGMA foreign_keys");
  if (!foreign_keys.ok()) return std::move(foreign_keys).error();
  if (*foreign_keys != 1) {
    return make_error(ErrorCode::kInternal, "this SQLite does not enforce foreign keys")
        .at(connection.path());
  }
  return ok_status();
}

}  // namespace

Result<std::unique_ptr<Store>> open_with_migrations(const std::string& path,
                                                    const SqliteOptions& options,
                                                    std::span<const Migration> migrations) {
  if (!options.create_if_missing && !is_private(path)) {
    std::error_code ignored;
    if (!std::filesystem::exists(path, ignored)) {
      return make_error(ErrorCode::kNotFound, "no database here").at(path);
    }
  }
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (options.create_if_missing) flags |= SQLITE_OPEN_CREATE;
  Result<Connection> connection = Connection::open(path, flags);
  if (!connection.ok()) return std::move(connection).error();
  AMPARO_RETURN_IF_ERROR(configure(*connection, options));
  AMPARO_RETURN_IF_ERROR(migrate(*connection, migrations));
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(*connection)));
}

}  // namespace amparo::store::sqlite

namespace amparo::store {

Result<std::unique_ptr<Store>> open_sqlite(const std::string& path, const SqliteOptions& options) {
  return sqlite::open_with_migrations(path, options, sqlite::embedded_migrations());
}

int latest_schema_version() { return sqlite::embedded_migrations().back().version; }

}  // namespace amparo::store
