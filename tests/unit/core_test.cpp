#include <gtest/gtest.h>

#include <map>

#include "core/clock.h"
#include "core/config.h"
#include "core/date.h"
#include "core/file.h"
#include "core/result.h"

namespace amparo {
namespace {

TEST(ResultTest, CarriesValueOrError) {
  Result<int> good = 7;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 7);
  Result<int> bad = make_error(ErrorCode::kNotFound, "no such page");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kNotFound);
}

TEST(ResultTest, ErrorNamesFileLineAndField) {
  Error e = make_error(ErrorCode::kInvalidArgument, "not a phone number");
  e.at("data/orgs.csv", 12).in_field("phone");
  EXPECT_EQ(e.to_string(), "data/orgs.csv:12: phone: not a phone number");
  EXPECT_EQ(make_error(ErrorCode::kIo, "disk full").to_string(), "disk full");
}

Status fails_then_propagates() {
  AMPARO_RETURN_IF_ERROR(Status(make_error(ErrorCode::kCorrupt, "bad")));
  return ok_status();
}

TEST(ResultTest, ReturnIfErrorPropagates) {
  auto s = fails_then_propagates();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kCorrupt);
}

TEST(DateTest, ParsesAndPrintsIsoDates) {
  auto d = Date::parse("2025-01-20");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->year(), 2025);
  EXPECT_EQ(d->month(), 1);
  EXPECT_EQ(d->day(), 20);
  EXPECT_EQ(d->to_string(), "2025-01-20");
}

TEST(DateTest, RejectsMalformedAndImpossibleDates) {
  for (const char* s : {"2025-1-20", "2025/01/20", "2025-02-29", "2024-13-01", "2024-04-31", "",
                        "20250120xx", "2025-01-2a", "0000-01-01"}) {
    EXPECT_FALSE(Date::parse(s).ok()) << s;
  }
  EXPECT_TRUE(Date::parse("2024-02-29").ok());
}

TEST(DateTest, DaysRoundTripAndOrder) {
  EXPECT_EQ(Date().days_since_epoch(), 0);
  auto d = *Date::parse("2026-11-28");
  EXPECT_EQ(Date::from_days(d.days_since_epoch()), d);
  EXPECT_EQ(d.plus_days(3).to_string(), "2026-12-01");
  EXPECT_LT(*Date::parse("2025-01-19"), *Date::parse("2025-01-20"));
  EXPECT_EQ(
      Date::parse("2000-03-01")->days_since_epoch() - Date::parse("2000-02-28")->days_since_epoch(),
      2);
}

TEST(ClockTest, FixedClockGivesItsDateAndAdvances) {
  auto clock = FixedClock::at(*Date::parse("2026-11-28"));
  EXPECT_EQ(clock.today().to_string(), "2026-11-28");
  clock.advance(std::chrono::hours(24));
  EXPECT_EQ(clock.today().to_string(), "2026-11-29");
}

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ConfigTest, EnvironmentOverridesDefaults) {
  Config c;
  ASSERT_TRUE(apply_env(c, env_of({{"AMPARO_DB", "/srv/amparo.db"},
                                   {"AMPARO_LISTEN", "0.0.0.0:9000"},
                                   {"AMPARO_THREADS", "4"}}))
                  .ok());
  EXPECT_EQ(c.db_path, "/srv/amparo.db");
  EXPECT_EQ(c.listen.host, "0.0.0.0");
  EXPECT_EQ(c.listen.port, 9000);
  EXPECT_EQ(c.threads, 4);
}

TEST(ConfigTest, BadEnvironmentNamesTheVariableAndChangesNothing) {
  Config c;
  auto s = apply_env(c, env_of({{"AMPARO_DB", "x.db"}, {"AMPARO_THREADS", "many"}}));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "AMPARO_THREADS");
  EXPECT_EQ(c.db_path, "amparo.db");
  auto s2 = apply_env(c, env_of({{"AMPARO_LISTEN", "localhost"}}));
  ASSERT_FALSE(s2.ok());
  EXPECT_EQ(s2.error().field, "AMPARO_LISTEN");
}

TEST(ConfigTest, ParsesListenAddresses) {
  struct Case {
    const char* text;
    bool ok;
    const char* host;
    int port;
  };
  for (const Case& c :
       {Case{"127.0.0.1:8080", true, "127.0.0.1", 8080}, Case{":9090", true, "127.0.0.1", 9090},
        Case{"[::1]:80", true, "::1", 80}, Case{"localhost:0", true, "localhost", 0},
        Case{"::1:80", false, "", 0}, Case{"host:99999", false, "", 0}, Case{"host:", false, "", 0},
        Case{"[::1]80", false, "", 0}}) {
    auto a = parse_listen_address(c.text);
    ASSERT_EQ(a.ok(), c.ok) << c.text;
    if (c.ok) {
      EXPECT_EQ(a->host, c.host) << c.text;
      EXPECT_EQ(a->port, c.port) << c.text;
    }
  }
  EXPECT_EQ(parse_listen_address("[::1]:80")->to_string(), "[::1]:80");
}

TEST(FileTest, ReadsWholeFileAndNamesMissingOnes) {
  auto css = read_file(std::string(AMPARO_SOURCE_DIR) + "/data/facilities/SOURCE.txt");
  ASSERT_TRUE(css.ok());
  EXPECT_NE(css->find("ddp_facilities.csv"), std::string::npos);
  auto missing = read_file("/nonexistent/amparo/file.txt");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().file, "/nonexistent/amparo/file.txt");
}

}  // namespace
}  // namespace amparo
