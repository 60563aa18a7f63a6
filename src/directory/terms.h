// What a service is and whom it is for: amparo's taxonomies amparo-service (service types),
// amparo-population (populations and intake limits) and amparo-cost (free of charge), and the named
// rules that attach their terms to services as HSDS attributes (link_entity "service",
// taxonomy_term_id = the term's id). A term is only ever set from an explicit fact of a source:
// what a list is by its own definition, a field, or a phrase the record's text states. Each
// attribute's label names the rule and the phrases it read; data/README.md lists every rule.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"

namespace amparo::directory::terms {

inline constexpr std::string_view kServiceTaxonomy = "amparo-service";
inline constexpr std::string_view kPopulationTaxonomy = "amparo-population";
inline constexpr std::string_view kCostTaxonomy = "amparo-cost";

// A term of one of the three taxonomies; its id is its code.
struct TermDef {
  std::string_view id;
  std::string_view taxonomy;
  std::string_view name;
  std::string_view description;
};

// Every term, service types first, then populations, then cost.
std::span<const TermDef> all_terms();
// The term with this id, or nullptr.
const TermDef* find_term(std::string_view id);

// A rule that reads a term from phrases of a text. Phrases are lowercase, accents removed, words
// separated by one space. A phrase inside an occurrence of one of `unless` is not read
// ("families" inside "military families").
struct PhraseRule {
  std::string_view rule;  // its name, as data/README.md lists it
  std::string_view term;  // a term id of all_terms()
  std::span<const std::string_view> phrases;
  std::span<const std::string_view> unless = {};
};

struct TermMatch {
  std::string term;
  std::string rule;
  std::vector<std::string> phrases;  // the rule's phrases found, each once, in the rule's order
};

// The terms `rules` read from `text`: case-insensitive and accent-insensitive (text::fold), each
// phrase bounded by non-word characters on both sides (letters, digits, '-' and apostrophes are
// word characters, so "non-detained" never reads as "detained" and "children's" never as
// "children");
// ';' and line breaks count as spaces, since the PDF extraction joins wrapped lines with "; ". A
// phrase with a negation ("not", "no", "nor", "never", "without", "isn't", "doesn't", "won't", ...)
// among the five words before it is not read ("Does not provide representation in detained cases",
// "No collect calls are accepted", "isn't directly related to family separation"). One match
// per rule that found at least one phrase, in the order of `rules`.
std::vector<TermMatch> match_phrases(std::string_view text, std::span<const PhraseRule> rules);

// The phrase rules for the service text of the DOJ/EOIR pro bono list (its caseTypeLimits and
// intakePolicy), and for its organization names (eoir-name-hotline).
std::span<const PhraseRule> eoir_text_rules();
std::span<const PhraseRule> eoir_name_rules();
// The exception to eoir-pro-bono-free: a service whose text states a fee ("Reduced fee schedule",
// "nominal fee") is not tagged free of charge.
std::span<const PhraseRule> eoir_fee_rules();
// The phrase rules for the 2018 border organizations (name, Notes and the unnamed first column).
std::span<const PhraseRule> border_2018_rules();

// Adds the term's taxonomy and term records (once) and an attribute linking `service_id` to it:
// id "<service_id>-term-<term>", link_type "service_type", "population" or "cost" by taxonomy,
// label `label`. Tagging the same service with the same term again appends the label ("; ").
void tag_service(store::Records& records, const std::string& service_id, std::string_view term,
                 std::string_view label);

// Adds the three taxonomies and every term of all_terms() (once), used by a service or not.
void add_all_terms(store::Records& records);

// "rule: \"phrase\", \"phrase\"" for an attribute label.
std::string label_of(const TermMatch& match);

}  // namespace amparo::directory::terms
