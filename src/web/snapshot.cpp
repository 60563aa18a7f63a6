#include "web/snapshot.h"

#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "i18n/languages.h"
#include "text/json_writer.h"
#include "web/api.h"

namespace amparo::web {
namespace {

// "'sha256-BASE64'" of `s`, the form CSP uses to allow one inline <style> element.
std::string csp_hash(std::string_view s) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(s.data()), s.size());
  char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(b64, sizeof b64, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL);
  return "'sha256-" + std::string(b64) + "'";
}

std::string health_json(const SnapshotInputs& in) {
  std::string out;
  text::JsonWriter j(out);
  j.begin_object();
  j.key("status").value("ok");
  j.key("version").value(in.version);
  j.key("schema_version").value(in.schema_version);
  j.key("languages").value(static_cast<std::int64_t>(i18n::languages().size()));
  j.key("records").begin_object();
  j.key("organizations").value(in.counts.organizations);
  j.key("services").value(in.counts.services);
  j.key("locations").value(in.counts.locations);
  j.key("phones").value(in.counts.phones);
  j.key("facilities").value(in.counts.facilities);
  j.end_object();
  j.end_object();
  out += '\n';
  return out;
}

}  // namespace

Result<std::shared_ptr<const Snapshot>> Snapshot::build(const SnapshotInputs& in) {
  if (in.catalogs == nullptr) {
    return make_error(ErrorCode::kInternal, "a snapshot needs the catalogs");
  }
  if (sodium_init() < 0) return make_error(ErrorCode::kInternal, "libsodium could not start");
  std::shared_ptr<Snapshot> s(new Snapshot());
  s->csp_ = ::amparo::web::content_security_policy(csp_hash(in.css));
  s->built_for_ = in.today;
  s->catalogs_ = in.catalogs;
  s->css_ = in.css;
  s->directory_ = in.directory;
  s->index_ = in.index;  // built once with the directory (open_site), shared by daily rebuilds
  s->gazetteer_ = in.gazetteer;
  s->synonyms_ = in.synonyms;
  s->map_ = in.map;
  s->parser_ = directory::QueryParser(s->gazetteer_.get(), s->synonyms_.get());
  if (s->directory_ != nullptr) {
    s->api_ = std::make_shared<const ApiData>(*s->directory_, in.version, in.openapi);
  }

  // Render everything first (fast), then compress on every core (gzip 9 + brotli 11 dominate).
  struct Job {
    std::shared_ptr<const Body>* slot;
    std::string html;
  };
  std::vector<Job> jobs;
  for (const auto& lang : i18n::languages()) {
    auto ctx = [&](std::string_view slug) {
      return views::PageContext{lang, *in.catalogs, in.css, slug};
    };
    const std::string base = "/" + std::string(lang.code) + "/";
    jobs.push_back({&s->pages_[base], views::render_home(ctx(""), in.guide != nullptr)});
    jobs.push_back(
        {&s->pages_[base + "about"], views::render_about(ctx("about"), in.site, in.counts)});
    jobs.push_back({&s->pages_[base + "languages"], views::render_languages(ctx("languages"))});
    for (int status : kErrorStatuses) {
      jobs.push_back(
          {&s->errors_[{status, std::string(lang.code)}], views::render_error(ctx(""), status)});
    }
    if (in.directory != nullptr) {
      jobs.push_back(
          {&s->pages_[base + "hotlines"],
           views::render_hotlines(ctx("hotlines"), *in.directory, in.listed_hotlines.get())});
    }
    if (in.guide == nullptr) continue;
    jobs.push_back(
        {&s->pages_[base + "guide/"], views::render_guide_index(ctx("guide/"), *in.guide)});
    for (const auto& slug : in.guide->slugs()) {
      const guide::Article* a = in.guide->find(lang.code, slug);
      if (a == nullptr) continue;
      const std::string page_slug = "guide/" + slug;
      jobs.push_back(
          {&s->pages_[base + page_slug], views::render_article(ctx(page_slug), *a, in.today)});
    }
  }
  std::atomic<std::size_t> next{0};
  auto work = [&jobs, &next] {
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      *jobs[i].slot = make_precompressed_body(std::move(jobs[i].html));
    }
  };
  const unsigned helpers = std::max(1u, std::thread::hardware_concurrency()) - 1;
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < helpers; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  auto health = std::make_shared<Body>();
  health->identity = health_json(in);
  s->health_ = std::move(health);
  return std::shared_ptr<const Snapshot>(std::move(s));
}

std::shared_ptr<const Body> Snapshot::page(std::string_view path) const {
  auto it = pages_.find(path);
  return it == pages_.end() ? nullptr : it->second;
}

std::shared_ptr<const Body> Snapshot::error_page(int status, std::string_view lang_code) const {
  auto it = errors_.find(std::pair<int, std::string>(status, std::string(lang_code)));
  if (it == errors_.end()) {
    it = errors_.find(std::pair<int, std::string>(status, "en"));
  }
  if (it == errors_.end()) it = errors_.find(std::pair<int, std::string>(500, "en"));
  return it == errors_.end() ? nullptr : it->second;
}

}  // namespace amparo::web
