// Private to src/directory: the HSDS 3.0 tabular schema of the tables amparo reads and writes,
// taken from Open Referral's datapackage.json (HSDS 3.0.0, specification commit 279fd2eb,
// CC-BY-SA-4.0): column names in the schema's order with their Table Schema type, format and
// required flag, and the foreign keys among these tables. The exporter writes datapackage.json from
// it; both directions use its column order.
#pragma once

#include <array>
#include <span>
#include <string_view>

namespace amparo::directory::hsds {

struct SchemaColumn {
  std::string_view name;
  std::string_view type;    // Table Schema type: string, number, date, datetime, time
  std::string_view format;  // "uuid", "uri", "email" or empty
  bool required;
};

struct SchemaForeignKey {
  std::string_view field;
  std::string_view resource;  // the referenced resource; its field is always "id"
};

struct SchemaResource {
  // The HSDS resource name, also the JSON schema's file stem: "service_at_location".
  std::string_view name;
  std::string_view path;  // the CSV file of the tabular package: "service_at_location.csv"
  std::string_view description;
  std::span<const SchemaColumn> columns;
  std::span<const SchemaForeignKey> foreign_keys;
};

inline constexpr std::array kOrganizationColumns{
    SchemaColumn{"id", "string", "uuid", true},
    SchemaColumn{"name", "string", "", true},
    SchemaColumn{"alternate_name", "string", "", false},
    SchemaColumn{"description", "string", "", true},
    SchemaColumn{"email", "string", "email", false},
    SchemaColumn{"website", "string", "uri", false},
    SchemaColumn{"tax_status", "string", "", false},
    SchemaColumn{"tax_id", "string", "", false},
    SchemaColumn{"year_incorporated", "number", "", false},
    SchemaColumn{"legal_status", "string", "", false},
    SchemaColumn{"logo", "string", "", false},
    SchemaColumn{"uri", "string", "uri", false},
    SchemaColumn{"parent_organization_id", "string", "uuid", false},
};
inline constexpr std::array kServiceColumns{
    SchemaColumn{"id", "string", "uuid", true},
    SchemaColumn{"organization_id", "string", "uuid", true},
    SchemaColumn{"program_id", "string", "uuid", false},
    SchemaColumn{"name", "string", "", true},
    SchemaColumn{"alternate_name", "string", "", false},
    SchemaColumn{"description", "string", "", false},
    SchemaColumn{"url", "string", "uri", false},
    SchemaColumn{"email", "string", "email", false},
    SchemaColumn{"status", "string", "", true},
    SchemaColumn{"interpretation_services", "string", "", false},
    SchemaColumn{"application_process", "string", "", false},
    SchemaColumn{"fees_description", "string", "", false},
    SchemaColumn{"wait_time", "string", "", false},
    SchemaColumn{"fees", "string", "", false},
    SchemaColumn{"accreditations", "string", "", false},
    SchemaColumn{"eligibility_description", "string", "", false},
    SchemaColumn{"minimum_age", "number", "", false},
    SchemaColumn{"maximum_age", "number", "", false},
    SchemaColumn{"assured_date", "date", "", false},
    SchemaColumn{"assurer_email", "string", "email", false},
    SchemaColumn{"licenses", "string", "", false},
    SchemaColumn{"alert", "string", "", false},
    SchemaColumn{"last_modified", "datetime", "", false},
};
inline constexpr std::array kServiceForeignKeys{
    SchemaForeignKey{"organization_id", "organization"},
};
inline constexpr std::array kLocationColumns{
    SchemaColumn{"id", "string", "uuid", true},
    SchemaColumn{"location_type", "string", "", true},
    SchemaColumn{"url", "string", "uri", false},
    SchemaColumn{"organization_id", "string", "uuid", false},
    SchemaColumn{"name", "string", "", false},
    SchemaColumn{"alternate_name", "string", "", false},
    SchemaColumn{"description", "string", "", false},
    SchemaColumn{"transportation", "string", "", false},
    SchemaColumn{"latitude", "number", "", false},
    SchemaColumn{"longitude", "number", "", false},
    SchemaColumn{"external_identifier", "string", "", false},
    SchemaColumn{"external_identifier_type", "string", "", false},
};
inline constexpr std::array kLocationForeignKeys{
    SchemaForeignKey{"organization_id", "organization"},
};
inline constexpr std::array kAddressColumns{
    SchemaColumn{"id", "string", "uuid", true},
    SchemaColumn{"location_id", "string", "uuid", false},
    SchemaColumn{"attention", "string", "", false},
    SchemaColumn{"address_1", "string", "", true},
    SchemaColumn{"address_2", "string", "", false},
    SchemaColumn{"city", "string", "", true},
    SchemaColumn{"region", "string", "", false},
    SchemaColumn{"state_province", "string", "", true},
    SchemaColumn{"postal_code", "string", "", true},
    SchemaColumn{"country", "string", "", true},
    SchemaColumn{"address_type", "string", "", true},
};
inline constexpr std::array kAddressForeignKeys{
    SchemaForeignKey{"location_id", "location"},
};
inline constexpr std::array kServiceAtLocationColumns{
    SchemaColumn{"id", "string", "uuid", true},
    SchemaColumn{"service_id", "string", "uuid", true},
    SchemaColumn{"location_id", "string", "uuid", true},
    SchemaColumn{"description", "string", "", false},
};
inline constexpr std::array kServiceAtLocationForeignKeys{
    SchemaForeignKey{"service_id", "service"},
    SchemaForeignKey{"location_id", "location"},
};
inline constexpr std::array kPhoneColumns{
    SchemaColumn{"id", "string", "uuid", true},
    SchemaColumn{"location_id", "string", "uuid", false},
    SchemaColumn{"service_id", "string", "uuid", false},
    SchemaColumn{"organization_id", "string", "uuid", false},
    SchemaColumn{"contact_id", "string", "uuid", false},
    SchemaColumn{"service_at_location_id", "string", "uuid", false},
    SchemaColumn{"number", "string", "", true},
    SchemaColumn{"extension", "number", "", false},
    SchemaColumn{"type", "string", "", false},
    SchemaColumn{"description", "string", "", false},
};
inline constexpr std::array kPhoneForeignKeys{
    SchemaForeignKey{"location_id", "location"},
    SchemaForeignKey{"organization_id", "organization"},
    SchemaForeignKey{"service_id", "service"},
    SchemaForeignKey{"service_at_location_id", "service_at_location"},
};
inline constexpr std::array kLanguageColumns{
    SchemaColumn{"id", "string", "uuid", true},
    SchemaColumn{"service_id", "string", "uuid", false},
    SchemaColumn{"location_id", "string", "uuid", false},
    SchemaColumn{"phone_id", "string", "uuid", false},
    SchemaColumn{"name", "string", "", false},
    SchemaColumn{"code", "string", "", false},
    SchemaColumn{"note", "string", "", false},
};
inline constexpr std::array kLanguageForeignKeys{
    SchemaForeignKey{"location_id", "location"},
    SchemaForeignKey{"phone_id", "phone"},
    SchemaForeignKey{"service_id", "service"},
};
inline constexpr std::array kServiceAreaColumns{
    SchemaColumn{"id", "string", "uuid", true},
    SchemaColumn{"service_id", "string", "uuid", false},
    SchemaColumn{"name", "string", "", false},
    SchemaColumn{"description", "string", "", false},
    SchemaColumn{"extent", "string", "", false},
    SchemaColumn{"extent_type", "string", "", false},
    SchemaColumn{"uri", "string", "", false},
};
inline constexpr std::array kServiceAreaForeignKeys{
    SchemaForeignKey{"service_id", "service"},
};
inline constexpr std::array kTaxonomyColumns{
    SchemaColumn{"id", "string", "uuid", true},      SchemaColumn{"name", "string", "", true},
    SchemaColumn{"description", "string", "", true}, SchemaColumn{"uri", "string", "uri", false},
    SchemaColumn{"version", "string", "", false},
};
inline constexpr std::array kTaxonomyTermColumns{
    SchemaColumn{"id", "string", "uuid", true},
    SchemaColumn{"code", "string", "", false},
    SchemaColumn{"name", "string", "", true},
    SchemaColumn{"description", "string", "", true},
    SchemaColumn{"parent_id", "string", "uuid", false},
    SchemaColumn{"taxonomy", "string", "", false},
    SchemaColumn{"language", "string", "", false},
    SchemaColumn{"taxonomy_id", "string", "uuid", false},
    SchemaColumn{"term_uri", "string", "uri", false},
};
inline constexpr std::array kTaxonomyTermForeignKeys{
    SchemaForeignKey{"taxonomy_id", "taxonomy"},
};
inline constexpr std::array kAttributeColumns{
    SchemaColumn{"id", "string", "uuid", true},
    SchemaColumn{"link_id", "string", "uuid", true},
    SchemaColumn{"taxonomy_term_id", "string", "uuid", true},
    SchemaColumn{"link_type", "string", "", false},
    SchemaColumn{"link_entity", "string", "", true},
    SchemaColumn{"value", "string", "", false},
};
inline constexpr std::array kAttributeForeignKeys{
    SchemaForeignKey{"taxonomy_term_id", "taxonomy_term"},
};
inline constexpr std::array kMetadataColumns{
    SchemaColumn{"id", "string", "uuid", true},
    SchemaColumn{"resource_id", "string", "uuid", true},
    SchemaColumn{"resource_type", "string", "", true},
    SchemaColumn{"last_action_date", "date", "", true},
    SchemaColumn{"last_action_type", "string", "", true},
    SchemaColumn{"field_name", "string", "", true},
    SchemaColumn{"previous_value", "string", "", true},
    SchemaColumn{"replacement_value", "string", "", true},
    SchemaColumn{"updated_by", "string", "", true},
};

inline constexpr std::array<SchemaResource, 12> kResources{{
    {"organization",
     "organizations.csv",
     "The details about each organization delivering services. Each service should be linked to "
     "the organization responsible for its delivery. One organization may deliver many services.",
     kOrganizationColumns,
     {}},
    {"service", "services.csv",
     "The details of the services provided by organizations to a range of different groups.",
     kServiceColumns, kServiceForeignKeys},
    {"location", "locations.csv",
     "The locations where organizations operate. Locations may be virtual, and one organization "
     "may have many locations.",
     kLocationColumns, kLocationForeignKeys},
    {"address", "addresses.csv", "The addresses of locations where organizations operate.",
     kAddressColumns, kAddressForeignKeys},
    {"service_at_location", "service_at_location.csv",
     "A link between a service and a specific location.", kServiceAtLocationColumns,
     kServiceAtLocationForeignKeys},
    {"phone", "phones.csv",
     "The details of the telephone numbers used to contact organizations, services, and locations.",
     kPhoneColumns, kPhoneForeignKeys},
    {"language", "languages.csv",
     "The languages that are spoken at locations or services. This does not include languages "
     "which can only be used with interpretation.",
     kLanguageColumns, kLanguageForeignKeys},
    {"service_area", "service_areas.csv",
     "The details of the geographic area for which a service is available.", kServiceAreaColumns,
     kServiceAreaForeignKeys},
    {"taxonomy",
     "taxonomies.csv",
     "The taxonomies from which taxonomy terms are taken.",
     kTaxonomyColumns,
     {}},
    {"taxonomy_term", "taxonomy_terms.csv",
     "Each service can be categorized according to one or more taxonomy terms. The taxonomy_term "
     "object contains a list of taxonomy terms, their names, and, for hierarchical taxonomies, "
     "their structure.",
     kTaxonomyTermColumns, kTaxonomyTermForeignKeys},
    {"attribute", "attributes.csv",
     "A link between a service and one or more classifications that describe the nature of the "
     "service provided.",
     kAttributeColumns, kAttributeForeignKeys},
    {"metadata",
     "metadata.csv",
     "A record of the changes that have been made to the data in order to maintain provenance "
     "information.",
     kMetadataColumns,
     {}},
}};

// The resource named `name` ("organization", ...); every name amparo uses is listed above.
constexpr const SchemaResource& resource(std::string_view name) {
  for (const auto& r : kResources) {
    if (r.name == name) return r;
  }
  return kResources[0];  // unreachable for the names amparo uses
}

}  // namespace amparo::directory::hsds
