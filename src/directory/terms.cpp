#include "directory/terms.h"

#include <algorithm>
#include <array>

#include "directory/eoir_common.h"
#include "text/normalize.h"

namespace amparo::directory::terms {
namespace {

constexpr TermDef kTerms[] = {
    // amparo-service: what a service does.
    {"legal", kServiceTaxonomy, "Legal help",
     "Help with an immigration case from lawyers or accredited representatives: representation or "
     "case assistance"},
    {"legal-orientation", kServiceTaxonomy, "Legal information and orientation",
     "Legal orientation, know-your-rights sessions, consultations or information about the "
     "immigration court process"},
    {"hotline", kServiceTaxonomy, "Hotline", "A telephone line for help or information"},
    {"shelter", kServiceTaxonomy, "Shelter",
     "A place to stay for migrants (albergue, casa del migrante)"},
    {"medical", kServiceTaxonomy, "Medical care", "Medical care for migrants"},
    {"family-reunification", kServiceTaxonomy, "Family separation and reunification",
     "Help for parents and children separated by immigration enforcement"},
    {"detention-visitation", kServiceTaxonomy, "Detention visits",
     "Visits to people held in immigration detention"},
    {"sexual-assault-support", kServiceTaxonomy, "Support after sexual assault",
     "Help for people sexually assaulted in detention or elsewhere"},
    {"interpretation", kServiceTaxonomy, "Interpreters",
     "Interpreters or interpretation for other languages are available"},
    {"food", kServiceTaxonomy, "Food", "Meals or food for migrants (comedor, food bank)"},
    {"referral", kServiceTaxonomy, "Referral service",
     "Refers people to lawyers or other services"},
    // amparo-population: whom a service is for, or takes.
    {"detained-adults", kPopulationTaxonomy, "Detained adults",
     "People held in immigration detention: the source says the service takes detained people's "
     "cases or serves a detention facility"},
    {"unaccompanied-children", kPopulationTaxonomy, "Unaccompanied children",
     "Children who came without a parent or legal guardian: the source says unaccompanied or UAC"},
    {"families", kPopulationTaxonomy, "Families", "The source says the service serves families"},
    {"juvenile-docket", kPopulationTaxonomy, "Children's cases",
     "Children in immigration court (the juvenile docket): the source says the service takes "
     "children's or juveniles' cases"},
    {"accepts-collect-calls", kPopulationTaxonomy, "Accepts collect calls",
     "People in detention may call the service collect"},
    {"criminal-history-accepted", kPopulationTaxonomy, "Criminal history accepted",
     "The source says the service takes the cases of people with criminal convictions or "
     "specialises in criminal immigration law"},
    // amparo-cost.
    {"free-of-charge", kCostTaxonomy, "Free of charge",
     "The source lists the service as free of charge (pro bono)"},
};

struct TaxonomyDef {
  std::string_view id;
  std::string_view name;
  std::string_view description;
  std::string_view link_type;  // of the attributes that use its terms
};

constexpr TaxonomyDef kTaxonomies[] = {
    {kServiceTaxonomy, "amparo service types",
     "What a service does, set only by the named rules in data/README.md", "service_type"},
    {kPopulationTaxonomy, "amparo populations",
     "Whom a service is for or takes, set only by the named rules in data/README.md", "population"},
    {kCostTaxonomy, "amparo cost",
     "What a service costs, set only by the named rules in "
     "data/README.md",
     "cost"},
};

const TaxonomyDef& taxonomy_of(const TermDef& term) {
  for (const auto& t : kTaxonomies) {
    if (t.id == term.taxonomy) return t;
  }
  return kTaxonomies[0];
}

// ---- Phrase rules: every phrase was read against the source files (data/README.md) ----

using P = std::string_view;

// DOJ/EOIR pro bono list, caseTypeLimits and intakePolicy.
constexpr P kEoirDetained[] = {"detained adults",
                               "detained adult",
                               "adult detained individuals",
                               "detained individuals",
                               "detained asylum seekers",
                               "detained respondents",
                               "respondents detained",
                               "detained cases",
                               "detained and non-detained cases",
                               "detained and non-detained individuals",
                               "detained and non-detained adult",
                               "(detained and non-detained)",
                               "detainee",
                               "detainees",
                               "detained immigrants",
                               "detention cases",
                               "individuals detained",
                               "those detained at",
                               "in immigration custody",
                               "in ice custody",
                               "in immigration (ice) detention",
                               "someone who is detained",
                               "detained or residing",
                               "detained callers",
                               "calls from detention"};
constexpr P kEoirUnaccompanied[] = {"unaccompanied children",
                                    "unaccompanied children's",
                                    "unaccompanied child",
                                    "unaccompanied minors",
                                    "unaccompanied minor",
                                    "uac",
                                    "uacs"};
constexpr P kEoirJuvenile[] = {
    "children's cases",    "children cases",        "children's, juvenile",  "juveniles",
    "juvenile cases",      "represents children",   "non-detained children", "services to children",
    "limited to children", "unrepresented children"};
constexpr P kEoirFamilies[] = {"families"};
constexpr P kEoirFamiliesUnless[] = {"military families"};
constexpr P kEoirCollect[] = {"call collect", "collect calls"};
constexpr P kEoirCriminal[] = {"criminal immigration expertise", "criminal law specialty",
                               "criminal removal defense", "with criminal convictions"};
constexpr P kEoirOrientation[] = {"orientation",
                                  "orientations",
                                  "know your rights",
                                  "consultation",
                                  "consultations",
                                  "legal information",
                                  "information about the immigration court process"};
constexpr P kEoirHotline[] = {"hotline", "hotlines", "speed dial"};
constexpr P kEoirInterpretation[] = {"interpreter", "interpreters", "interpretation",
                                     "interpretacion", "language line"};

constexpr PhraseRule kEoirRules[] = {
    {"eoir-text-detained", "detained-adults", kEoirDetained},
    {"eoir-text-unaccompanied", "unaccompanied-children", kEoirUnaccompanied},
    {"eoir-text-children", "juvenile-docket", kEoirJuvenile},
    {"eoir-text-families", "families", kEoirFamilies, kEoirFamiliesUnless},
    {"eoir-text-collect-calls", "accepts-collect-calls", kEoirCollect},
    {"eoir-text-criminal-history", "criminal-history-accepted", kEoirCriminal},
    {"eoir-text-orientation", "legal-orientation", kEoirOrientation},
    {"eoir-text-hotline", "hotline", kEoirHotline},
    {"eoir-text-interpretation", "interpretation", kEoirInterpretation},
};

constexpr P kEoirNameHotline[] = {"hotline"};
constexpr PhraseRule kEoirNameRules[] = {
    {"eoir-name-hotline", "hotline", kEoirNameHotline},
};

constexpr P kEoirFee[] = {"fee", "fees"};
constexpr PhraseRule kEoirFeeRules[] = {
    {"eoir-fee-stated", "free-of-charge", kEoirFee},
};

// Torn Apart / Separados allies list (2018): name, Notes, unnamed first column.
constexpr P kBorderShelter[] = {"albergue",
                                "casa del migrante",
                                "posada del migrante",
                                "hotel del migrante",
                                "hotel de los migrantes",
                                "casa refugio",
                                "shelter"};
constexpr P kBorderMedical[] = {"medico", "medical", "dispensario"};
constexpr P kBorderFood[] = {"comedor", "banco de alimentos", "food"};
constexpr P kBorderLegal[] = {"represents", "legal representation"};
constexpr P kBorderOrientation[] = {"vera lop", "lop provided", "legal orientation"};
constexpr P kBorderUnaccompanied[] = {"unaccompanied minors", "unaccompanied children", "uac"};
constexpr P kBorderSeparation[] = {"family separation", "separated children", "separated kids",
                                   "separated parents"};
constexpr P kBorderFamilies[] = {"families"};
constexpr P kBorderReferral[] = {"provide referrals"};
constexpr P kBorderHotline[] = {"hotline", "call toll free"};
constexpr P kBorderVisitation[] = {"visiting immigrants in confinement", "visitation"};

constexpr PhraseRule kBorderRules[] = {
    {"border-shelter", "shelter", kBorderShelter},
    {"border-medical", "medical", kBorderMedical},
    {"border-food", "food", kBorderFood},
    {"border-legal", "legal", kBorderLegal},
    {"border-orientation", "legal-orientation", kBorderOrientation},
    {"border-unaccompanied", "unaccompanied-children", kBorderUnaccompanied},
    {"border-family-separation", "family-reunification", kBorderSeparation},
    {"border-families", "families", kBorderFamilies},
    {"border-referral", "referral", kBorderReferral},
    {"border-hotline", "hotline", kBorderHotline},
    {"border-visitation", "detention-visitation", kBorderVisitation},
};

// ---- Matching ----

bool is_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '\'' || u >= 0x80;
}

// Folded, typographic quotes made ASCII, runs of spaces, line breaks and ';' one space.
std::string normalise(std::string_view text) {
  std::string folded = text::fold(text);
  std::string quotes;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    if (folded[i] == '\xE2' && i + 2 < folded.size() && folded[i + 1] == '\x80') {
      const char third = folded[i + 2];
      if (third == '\x98' || third == '\x99') {
        quotes.push_back('\'');
        i += 2;
        continue;
      }
      if (third == '\x9C' || third == '\x9D') {
        quotes.push_back('"');
        i += 2;
        continue;
      }
    }
    quotes.push_back(folded[i]);
  }
  std::string out;
  bool gap = false;
  for (char c : quotes) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';') {
      gap = !out.empty();
      continue;
    }
    if (gap) out.push_back(' ');
    gap = false;
    out.push_back(c);
  }
  return out;
}

constexpr std::string_view kNegations[] = {"not",     "no",    "nor",    "never",
                                           "without", "isn't", "aren't", "don't",
                                           "doesn't", "won't", "cannot", "can't"};

// True when one of the five words before `pos` is a negation.
bool negated(std::string_view text, std::size_t pos) {
  int words = 0;
  std::size_t end = pos;
  while (end > 0 && words < 5) {
    while (end > 0 && !is_word_byte(text[end - 1])) --end;
    std::size_t start = end;
    while (start > 0 && is_word_byte(text[start - 1])) --start;
    if (start == end) break;
    const std::string_view word = text.substr(start, end - start);
    if (std::find(std::begin(kNegations), std::end(kNegations), word) != std::end(kNegations)) {
      return true;
    }
    ++words;
    end = start;
  }
  return false;
}

// Start offsets of `phrase` in `text`, bounded by non-word characters.
std::vector<std::size_t> occurrences(std::string_view text, std::string_view phrase) {
  std::vector<std::size_t> out;
  if (phrase.empty()) return out;
  for (std::size_t at = text.find(phrase); at != std::string_view::npos;
       at = text.find(phrase, at + 1)) {
    const std::size_t end = at + phrase.size();
    const bool left = at == 0 || !is_word_byte(phrase.front()) || !is_word_byte(text[at - 1]);
    const bool right =
        end >= text.size() || !is_word_byte(phrase.back()) || !is_word_byte(text[end]);
    if (left && right) out.push_back(at);
  }
  return out;
}

}  // namespace

std::span<const TermDef> all_terms() { return kTerms; }

const TermDef* find_term(std::string_view id) {
  for (const auto& t : kTerms) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

std::vector<TermMatch> match_phrases(std::string_view text, std::span<const PhraseRule> rules) {
  const std::string norm = normalise(text);
  std::vector<TermMatch> out;
  for (const PhraseRule& rule : rules) {
    // Spans covered by the rule's exceptions.
    std::vector<std::pair<std::size_t, std::size_t>> excluded;
    for (std::string_view u : rule.unless) {
      for (std::size_t at : occurrences(norm, u)) excluded.emplace_back(at, at + u.size());
    }
    TermMatch match{std::string(rule.term), std::string(rule.rule), {}};
    for (std::string_view phrase : rule.phrases) {
      for (std::size_t at : occurrences(norm, phrase)) {
        const bool inside = std::any_of(excluded.begin(), excluded.end(), [&](const auto& span) {
          return at >= span.first && at + phrase.size() <= span.second;
        });
        if (inside || negated(norm, at)) continue;
        match.phrases.emplace_back(phrase);
        break;
      }
    }
    if (!match.phrases.empty()) out.push_back(std::move(match));
  }
  return out;
}

std::span<const PhraseRule> eoir_text_rules() { return kEoirRules; }
std::span<const PhraseRule> eoir_name_rules() { return kEoirNameRules; }
std::span<const PhraseRule> eoir_fee_rules() { return kEoirFeeRules; }
std::span<const PhraseRule> border_2018_rules() { return kBorderRules; }

namespace {

void add_term(store::Records& records, const TermDef& def) {
  const TaxonomyDef& taxonomy = taxonomy_of(def);
  eoir::add_taxonomy_once(records, {std::string(taxonomy.id), std::string(taxonomy.name),
                                    std::string(taxonomy.description), "", ""});
  eoir::add_term_once(records, {std::string(def.id), std::string(def.id), std::string(def.name),
                                std::string(def.description), "", std::string(def.taxonomy), "en"});
}

}  // namespace

void add_all_terms(store::Records& records) {
  for (const auto& t : kTerms) add_term(records, t);
}

void tag_service(store::Records& records, const std::string& service_id, std::string_view term,
                 std::string_view label) {
  const TermDef* def = find_term(term);
  if (def == nullptr) return;
  add_term(records, *def);
  const TaxonomyDef& taxonomy = taxonomy_of(*def);
  const std::string id = service_id + "-term-" + std::string(term);
  for (auto& a : records.attributes) {
    if (a.id != id) continue;
    if (a.label.find(label) == std::string::npos) a.label += "; " + std::string(label);
    return;
  }
  records.attributes.push_back({id, service_id, std::string(taxonomy.link_type), "service",
                                std::string(term), "", std::string(label)});
}

std::string label_of(const TermMatch& match) {
  std::string out = match.rule + ":";
  for (std::size_t i = 0; i < match.phrases.size(); ++i) {
    out += (i == 0 ? " \"" : ", \"") + match.phrases[i] + "\"";
  }
  return out;
}

}  // namespace amparo::directory::terms
