// Service types and populations (directory/terms.h): each phrase rule on the phrases the sources
// write and on near misses that must not read as the term, the tagging itself, and the terms of
// the bundled data, checked against the rows they come from.
#include "directory/terms.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "directory/bundle.h"
#include "directory/hotlines.h"

namespace amparo::directory {
namespace {

// "term" for each rule that reads `text`, in rule order.
std::vector<std::string> eoir_terms(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& m : terms::match_phrases(text, terms::eoir_text_rules())) out.push_back(m.term);
  return out;
}

std::vector<std::string> border_terms(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& m : terms::match_phrases(text, terms::border_2018_rules())) {
    out.push_back(m.term);
  }
  return out;
}

using V = std::vector<std::string>;

TEST(TermsTest, EveryTermIsDefinedOnceInOneOfTheThreeTaxonomies) {
  std::vector<std::string> ids;
  for (const auto& t : terms::all_terms()) {
    ids.emplace_back(t.id);
    EXPECT_TRUE(t.taxonomy == terms::kServiceTaxonomy || t.taxonomy == terms::kPopulationTaxonomy ||
                t.taxonomy == terms::kCostTaxonomy)
        << t.id;
    EXPECT_FALSE(t.name.empty()) << t.id;
    EXPECT_FALSE(t.description.empty()) << t.id;
  }
  EXPECT_EQ(ids, (V{"legal", "legal-orientation", "hotline", "shelter", "medical",
                    "family-reunification", "detention-visitation", "sexual-assault-support",
                    "interpretation", "food", "referral", "detained-adults",
                    "unaccompanied-children", "families", "juvenile-docket",
                    "accepts-collect-calls", "criminal-history-accepted", "free-of-charge"}));
  for (const auto& rules : {terms::eoir_text_rules(), terms::eoir_name_rules(),
                            terms::eoir_fee_rules(), terms::border_2018_rules()}) {
    for (const auto& r : rules) EXPECT_NE(terms::find_term(r.term), nullptr) << r.rule;
  }
}

// ---- EOIR pro bono text, one rule at a time ----

TEST(TermsTest, DetainedReadsOnlyFromPhrasesThatSayTheServiceTakesDetainedPeople) {
  for (const std::string text :
       {"Will accept detained cases", "Representing detained adults in removal proceedings",
        "Will represent detained individuals", "Low income detainees",
        "Specialize in criminal removal defense for detained; individuals",
        "We provide removal defense to people in; immigration custody",
        "Detained: Cook County, IL residents in ICE custody",
        "People in immigration (ICE) detention", "For calls from detention, dial: (901) 206-4440",
        "Will accept detained and non-detained cases",
        "LGBT individuals (detained and non-detained) call"}) {
    const V found = eoir_terms(text);
    EXPECT_EQ(std::count(found.begin(), found.end(), "detained-adults"), 1) << text;
  }
  // Near misses: "non-detained", "not detained", a negation before the phrase, children.
  for (const std::string text :
       {"Represent non-detained asylum seekers", "Non-detained cases only",
        "Representation limited to non-detained persons",
        "To request services for someone who is not detained",
        "Does not provide representation in detained cases", "Does not represent detained clients",
        "Will not represent individuals in detention",
        "Represents detained and non-detained children", "ABA Commission on Immigration Detention",
        "Detention Watch Network"}) {
    const V found = eoir_terms(text);
    EXPECT_EQ(std::count(found.begin(), found.end(), "detained-adults"), 0) << text;
  }
}

TEST(TermsTest, UnaccompaniedNeedsTheWordOrUacAndChildrensCasesAreTheJuvenileDocket) {
  EXPECT_EQ(eoir_terms("KIND only represents unaccompanied children"), V{"unaccompanied-children"});
  EXPECT_EQ(eoir_terms("Asylum, Survivors of Trafficking, Unaccompanied; Minors, Detention"),
            V{"unaccompanied-children"});  // a PDF line wrap inside the phrase
  EXPECT_EQ(eoir_terms("Will assist UAC and victims of crimes"), V{"unaccompanied-children"});
  EXPECT_EQ(eoir_terms("Children's cases/UACs only"),
            (V{"unaccompanied-children", "juvenile-docket"}));
  EXPECT_EQ(eoir_terms("Unaccompanied children\u2019s cases only (under 18"),
            (V{"unaccompanied-children", "juvenile-docket"}));
  // "Children cases only" says children's cases, not that the children came alone.
  EXPECT_EQ(eoir_terms("Children cases only"), V{"juvenile-docket"});
  EXPECT_EQ(eoir_terms("Specializes in children's cases"), V{"juvenile-docket"});
  EXPECT_EQ(eoir_terms("Will represent juveniles and adults in removal; proceedings"),
            V{"juvenile-docket"});
  // Near misses.
  EXPECT_EQ(eoir_terms("Specialize in Special Immigrant Juvenile Status"), V{});
  EXPECT_EQ(eoir_terms("Provides immigration legal services to detained; adults and children"),
            V{"detained-adults"});
  EXPECT_EQ(eoir_terms("Vacuum guac"), V{});
}

TEST(TermsTest, FamiliesCollectCallsAndCriminalHistory) {
  EXPECT_EQ(eoir_terms("Represents indigent individuals and families; seeking asylum"),
            V{"families"});
  EXPECT_EQ(eoir_terms("American Military Families Immigration Services, Inc. (AMFIS)"), V{});
  EXPECT_EQ(eoir_terms("Telephone for family members calling about a person"), V{});
  EXPECT_EQ(eoir_terms("Immigrants may call collect at; (312) 583-9721"),
            V{"accepts-collect-calls"});
  EXPECT_EQ(eoir_terms("No collect calls are accepted"), V{});
  EXPECT_EQ(eoir_terms("Criminal law specialty"), V{"criminal-history-accepted"});
  EXPECT_EQ(eoir_terms("Represents those with criminal convictions and all"),
            V{"criminal-history-accepted"});
  EXPECT_EQ(eoir_terms("Multilingual staff; Criminal immigration expertise"),
            V{"criminal-history-accepted"});
  for (const std::string text :
       {"Will not represent individuals with criminal cases", "No criminal background",
        "No criminal cases", "No cases involving complex criminal histories"}) {
    EXPECT_EQ(eoir_terms(text), V{}) << text;
  }
}

TEST(TermsTest, OrientationHotlineAndInterpretation) {
  EXPECT_EQ(eoir_terms("Legal Orientation for those in removal proceedings"),
            V{"legal-orientation"});
  EXPECT_EQ(eoir_terms("Know your rights presentations conducted at local"),
            V{"legal-orientation"});
  EXPECT_EQ(eoir_terms("Consultations by appointment only"), V{"legal-orientation"});
  EXPECT_EQ(eoir_terms("for; free information about the immigration court; process"),
            V{"legal-orientation"});
  EXPECT_EQ(eoir_terms("Will represent detained individuals; Hotline: (210) 864-2937"),
            (V{"detained-adults", "hotline"}));
  EXPECT_EQ(eoir_terms("facilities should contact our speed dial at 2150#"), V{"hotline"});
  EXPECT_EQ(eoir_terms("Interpreters available"), V{"interpretation"});
  EXPECT_EQ(eoir_terms("Idiomas: Espanol y Portugues, interpretacion; telefonica"),
            V{"interpretation"});
  EXPECT_EQ(eoir_terms("access to the Language Line to communicate"), V{"interpretation"});
  EXPECT_EQ(eoir_terms("Bilingual staff"), V{});
  const auto names = terms::match_phrases("Nebraska Immigration Legal Assistance Hotline",
                                          terms::eoir_name_rules());
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(terms::label_of(names[0]), "eoir-name-hotline: \"hotline\"");
}

TEST(TermsTest, FeeStatedInTheTextWithholdsFreeOfCharge) {
  EXPECT_EQ(
      terms::match_phrases("Reduced fee schedule, nominal, or pro bono", terms::eoir_fee_rules())
          .size(),
      1u);
  EXPECT_EQ(terms::match_phrases("services for nominal fee, with fee waiver available",
                                 terms::eoir_fee_rules())
                .size(),
            1u);
  EXPECT_TRUE(terms::match_phrases("No fees", terms::eoir_fee_rules()).empty());
  EXPECT_TRUE(terms::match_phrases("Feeding program; coffee", terms::eoir_fee_rules()).empty());
}

// ---- 2018 border list ----

TEST(TermsTest, BorderRulesReadNamesNotesAndTheFirstColumn) {
  EXPECT_EQ(border_terms("Albergue del Desierto: Centro de Reintegración Familiar"), V{"shelter"});
  EXPECT_EQ(border_terms("Casa del Migrante en Tijuana"), V{"shelter"});
  EXPECT_EQ(border_terms("Angeles sin Fronteras: Hotel de los Migrantes Deportados"), V{"shelter"});
  EXPECT_EQ(border_terms("Dispensario Médico Dr. Cañedo"), V{"medical"});
  EXPECT_EQ(border_terms("Comedor el Buen Samaritano: Banco de Alimentos CARITAS"), V{"food"});
  EXPECT_EQ(border_terms("FIRRP | Serves Eloy | Vera LOP Contractor but also represents "
                         "unaccompanied minors"),
            (V{"legal", "legal-orientation", "unaccompanied-children"}));
  EXPECT_EQ(border_terms("KIND - Baltimore | Family separation cases from entire state; general "
                         "UAC cases in Baltimore metro area"),
            (V{"unaccompanied-children", "family-reunification"}));
  EXPECT_EQ(border_terms("KIND- Houston | Separated kids located in or moving to Harris County"),
            V{"family-reunification"});
  EXPECT_EQ(
      border_terms("NIJC | will accept referrals for previously separated parents, children, "
                   "and families ... NIJC will provide referrals to appropriate legal service "
                   "providers"),
      (V{"family-reunification", "families", "referral"}));
  EXPECT_EQ(border_terms("ICON | 1. Call toll free from the U.S.: (800) 845-8372"), V{"hotline"});
  EXPECT_EQ(border_terms("Freedom for Immigrants | | Formerly Community Initiatives for Visiting "
                         "Immigrants in Confinement (CIVIC)"),
            V{"detention-visitation"});
  // Near misses: a note that says it is not about family separation; a refuge that is a name only;
  // a legal clinic; the Type column's words.
  EXPECT_EQ(border_terms("the initiative itself isn't directly related to family separation"), V{});
  EXPECT_EQ(border_terms("El Refugio | | Founded in 2010"), V{});
  EXPECT_EQ(border_terms("UNLV Immigration Clinic"), V{});
  EXPECT_EQ(border_terms("Current Crisis, General"), V{});
  EXPECT_EQ(border_terms("Casa Hogar Beato Juan Diego"), V{});
}

// ---- Tagging ----

TEST(TermsTest, TagServiceAddsTheTaxonomyTermAndOneAttributePerServiceAndTerm) {
  store::Records r;
  terms::tag_service(r, "svc-1", "detained-adults", "eoir-text-detained: \"detainees\"");
  terms::tag_service(r, "svc-1", "detained-adults", "border-serves-detention: x");
  terms::tag_service(r, "svc-1", "free-of-charge", "eoir-pro-bono-free: y");
  terms::tag_service(r, "svc-1", "no-such-term", "z");
  ASSERT_EQ(r.attributes.size(), 2u);
  const auto& a = r.attributes[0];
  EXPECT_EQ(a.id, "svc-1-term-detained-adults");
  EXPECT_EQ(a.link_id, "svc-1");
  EXPECT_EQ(a.link_entity, "service");
  EXPECT_EQ(a.link_type, "population");
  EXPECT_EQ(a.taxonomy_term_id, "detained-adults");
  EXPECT_EQ(a.label, "eoir-text-detained: \"detainees\"; border-serves-detention: x");
  EXPECT_EQ(r.attributes[1].link_type, "cost");
  ASSERT_EQ(r.taxonomy_terms.size(), 2u);
  EXPECT_EQ(r.taxonomy_terms[0].code, "detained-adults");
  EXPECT_EQ(r.taxonomy_terms[0].taxonomy_id, "amparo-population");
  ASSERT_EQ(r.taxonomies.size(), 2u);
  terms::add_all_terms(r);
  EXPECT_EQ(r.taxonomies.size(), 3u);
  EXPECT_EQ(r.taxonomy_terms.size(), terms::all_terms().size());
}

// ---- The bundled data ----

class BundledTermsTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto b = load_bundle(std::string(AMPARO_SOURCE_DIR) + "/data");
    ASSERT_TRUE(b.ok()) << b.error().to_string();
    bundle_ = new BundleReport(std::move(*b));
  }
  static void TearDownTestSuite() {
    delete bundle_;
    bundle_ = nullptr;
  }
  // The terms of the service with this id.
  static V terms_of(const std::string& service_id) {
    V out;
    for (const auto& a : bundle_->records.attributes) {
      if (a.link_entity == "service" && a.link_id == service_id) out.push_back(a.taxonomy_term_id);
    }
    return out;
  }
  // The id of the service of the organization named `name` whose id starts with `prefix`.
  static std::string service_of(const std::string& name, const std::string& prefix) {
    for (const auto& o : bundle_->records.organizations) {
      if (o.name != name || !o.id.starts_with(prefix)) continue;
      for (const auto& s : bundle_->records.services) {
        if (s.organization_id == o.id) return s.id;
      }
      return "(no service of " + o.id + ")";
    }
    return "(no organization " + name + ")";
  }
  static bool has(const std::string& service_id, const std::string& term) {
    const V t = terms_of(service_id);
    return std::find(t.begin(), t.end(), term) != t.end();
  }
  static BundleReport* bundle_;
};
BundleReport* BundledTermsTest::bundle_ = nullptr;

TEST_F(BundledTermsTest, CountsByTermCheckedAgainstTheRows) {
  std::map<std::string, int> n;
  for (const auto& a : bundle_->records.attributes) {
    if (a.link_entity == "service" && terms::find_term(a.taxonomy_term_id) != nullptr) {
      ++n[a.taxonomy_term_id];
    }
  }
  // legal: 132 pro bono + 851 roster + the Florence Project's 2018 note ("represents").
  EXPECT_EQ(n["legal"], 132 + 851 + 1);
  EXPECT_EQ(n["free-of-charge"], 130);       // 132 pro bono, two stating a fee
  EXPECT_EQ(n["referral"], 8 + 1);           // isReferralService; NIJC's 2018 note
  EXPECT_EQ(n["detained-adults"], 25 + 11);  // 25 pro bono texts; 11 services of 2018 notes
  EXPECT_EQ(n["unaccompanied-children"], 23 + 3);
  EXPECT_EQ(n["juvenile-docket"], 11);
  EXPECT_EQ(n["families"], 5 + 1);
  EXPECT_EQ(n["accepts-collect-calls"], 1);
  EXPECT_EQ(n["criminal-history-accepted"], 5);
  EXPECT_EQ(n["legal-orientation"], 11 + 7);
  EXPECT_EQ(n["hotline"], 6 + 1);
  EXPECT_EQ(n["interpretation"], 11);
  EXPECT_EQ(n["shelter"], 18);
  EXPECT_EQ(n["medical"], 1);
  EXPECT_EQ(n["food"], 2);
  EXPECT_EQ(n["family-reunification"], 9);
  EXPECT_EQ(n["detention-visitation"], 1);
  EXPECT_EQ(n["sexual-assault-support"], 0);  // no source states it
  // Every term exists as a record, used or not.
  for (const auto& t : terms::all_terms()) {
    EXPECT_TRUE(std::any_of(bundle_->records.taxonomy_terms.begin(),
                            bundle_->records.taxonomy_terms.end(),
                            [&](const store::TaxonomyTerm& x) { return x.id == t.id; }))
        << t.id;
  }
}

TEST_F(BundledTermsTest, EveryTermAttributeNamesItsRuleAndAServiceThatExists) {
  std::vector<std::string> services;
  for (const auto& s : bundle_->records.services) services.push_back(s.id);
  std::sort(services.begin(), services.end());
  for (const auto& a : bundle_->records.attributes) {
    if (terms::find_term(a.taxonomy_term_id) == nullptr) continue;
    EXPECT_EQ(a.link_entity, "service") << a.id;
    EXPECT_TRUE(std::binary_search(services.begin(), services.end(), a.link_id)) << a.id;
    const bool named = a.label.starts_with("eoir-") || a.label.starts_with("roster-") ||
                       a.label.starts_with("border-");
    EXPECT_TRUE(named) << a.id << ": " << a.label;
  }
}

TEST_F(BundledTermsTest, ServicesOfNamedRows) {
  // Casa Cornelia (rows 29, 49, 58): "Will accept detained and non-detained cases", "unaccompanied
  // children".
  EXPECT_EQ(terms_of(service_of("Casa Cornelia Law Center", "eoir-org-")),
            (V{"legal", "free-of-charge", "detained-adults", "unaccompanied-children"}));
  // CIRI (row 76): "Does not provide representation in detained cases".
  EXPECT_EQ(terms_of(service_of("Connecticut Institute for Refugees and Immigrants", "eoir-org-")),
            (V{"legal", "free-of-charge"}));
  // HRINT (rows 265, 268): "Represent non-detained unaccompanied; children".
  const std::string hrint = service_of("Human Rights Initiative of North Texas", "eoir-org-");
  EXPECT_FALSE(has(hrint, "detained-adults"));
  EXPECT_TRUE(has(hrint, "unaccompanied-children"));
  // CLSEPA (row 19): "No collect calls are accepted".
  const std::string clsepa =
      service_of("Community Legal Services in East Palo Alto (CLSEPA)", "eoir-org-");
  EXPECT_EQ(terms_of(clsepa), (V{"legal", "free-of-charge", "juvenile-docket"}));
  EXPECT_TRUE(
      has(service_of("National Immigrant Justice Center", "eoir-org-"), "accepts-collect-calls"));
  // Catholic Charities of Los Angeles (row 68): "Reduced fee schedule, nominal, or pro bono".
  const std::string ccla = service_of(
      "Catholic Charities of Los Angeles, Archdiocese of Los Angeles, Inc.", "eoir-org-");
  EXPECT_EQ(terms_of(ccla), (V{"legal", "interpretation"}));
  // 2018: a shelter by its name, the Florence Project by its notes and facilities.
  EXPECT_EQ(terms_of(service_of("Casa del Migrante en Tijuana", "border-2018-")), V{"shelter"});
  EXPECT_EQ(terms_of(service_of("The Florence Immigrant & Refugee Rights Project (FIRRP)",
                                "border-2018-")),
            (V{"legal", "legal-orientation", "unaccompanied-children", "detained-adults"}));
  // Immigrant Women Too: its note says it "isn't directly related to family separation", so it
  // has no term and no service.
  EXPECT_TRUE(service_of("Immigrant Women Too", "border-2018-").starts_with("(no service of"));
}

TEST_F(BundledTermsTest, SeedHotlinesAreNotDirectoryRecords) {
  auto hotlines = load_hotlines(std::string(AMPARO_SOURCE_DIR) + "/data");
  ASSERT_TRUE(hotlines.ok()) << hotlines.error().to_string();
  for (const auto& h : *hotlines) {
    for (const auto& p : bundle_->records.phones) EXPECT_NE(p.number, h.code) << p.id;
  }
}

}  // namespace
}  // namespace amparo::directory
