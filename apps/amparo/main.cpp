// amparo's command line: parses arguments and calls the library. Nothing else lives here.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>

#include "core/config.h"
#include "directory/commands.h"
#include "web/app.h"
#include "web/check.h"
#include "web/server.h"
#include "web/site.h"

namespace {

// One line per request: method, route pattern, status, duration. Never an address, query or body.
void write_access_log(const amparo::web::AccessRecord& r) {
  char line[256];
  const int n =
      std::snprintf(line, sizeof line, "%.*s %.*s %d %.3fms\n", static_cast<int>(r.method.size()),
                    r.method.data(), static_cast<int>(r.route.size()), r.route.data(), r.status,
                    static_cast<double>(r.duration.count()) / 1000.0);
  if (n <= 0) return;
  const auto len = std::min(static_cast<std::size_t>(n), sizeof line - 1);
  std::fwrite(line, 1, len,
              stderr);  // one write per line, so threads do not interleave within a line
}

int serve(const amparo::Config& config, const amparo::web::views::SiteInfo& info, bool quiet) {
  amparo::web::SiteOptions options;
  options.home = config.home;
  options.db_path = config.db_path;
  options.site = info;
  auto site = amparo::web::open_site(options, std::cerr);
  if (!site.ok()) {
    std::cerr << "amparo: " << site.error().to_string() << "\n";
    return 1;
  }
  amparo::web::App app(site->snapshot);
  const amparo::SystemClock clock;
  amparo::web::DailyRefresh refresh(
      *site, clock,
      [&app](std::shared_ptr<const amparo::web::Snapshot> s) { app.swap(std::move(s)); },
      std::cerr);
  refresh.start();
  amparo::web::ServerOptions so;
  so.listen = config.listen;
  so.threads = config.threads;
  so.max_connections = config.max_connections;
  so.max_connections_per_client = config.max_connections_per_client;
  so.content_security_policy = site->snapshot->content_security_policy();
  if (!quiet) so.access_log = write_access_log;
  auto server = amparo::web::start_server(so, app);
  if (!server.ok()) {
    std::cerr << "amparo: " << server.error().to_string() << "\n";
    return 1;
  }
  amparo::ListenAddress bound = config.listen;
  bound.port = (*server)->port();
  std::cerr << "amparo " << amparo::web::version() << ": serving http://" << bound.to_string()
            << "/ from " << config.db_path << " (Ctrl-C stops)\n";
  (*server)->wait_for_shutdown_signal();
  std::cerr << "amparo: stopped\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  amparo::Config config;
  if (auto s = amparo::apply_env(config, amparo::process_env()); !s.ok()) {
    std::cerr << "amparo: " << s.error().to_string() << "\n";
    return 2;
  }

  CLI::App cli{
      "amparo: help for people seeking asylum at the US–Mexico border.\n"
      "Options also read AMPARO_* environment variables (AMPARO_DB, AMPARO_LISTEN, "
      "AMPARO_THREADS, AMPARO_HOME, ...); a flag wins over its variable.",
      "amparo"};
  cli.require_subcommand(1);

  auto* serve_cmd =
      cli.add_subcommand("serve", "Serve the site (creates the database on first run)");
  std::string listen = config.listen.to_string();
  amparo::web::views::SiteInfo info;
  bool quiet = false;
  serve_cmd->add_option("--db", config.db_path, "SQLite database file")->capture_default_str();
  serve_cmd->add_option("--listen", listen, "HOST:PORT to listen on")->capture_default_str();
  serve_cmd->add_option("--threads", config.threads, "I/O threads")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  serve_cmd->add_option("--home", config.home,
                        "Folder with content/, i18n/, data/ and web/ (default: the source tree)");
  serve_cmd->add_option("--max-connections", config.max_connections, "Connections for all clients")
      ->capture_default_str();
  serve_cmd
      ->add_option("--max-connections-per-client", config.max_connections_per_client,
                   "Connections from one client address")
      ->capture_default_str();
  serve_cmd->add_option("--operator", info.operator_name,
                        "Name of the organization running this server (shown on the about page)");
  serve_cmd->add_option("--operator-contact", info.operator_contact,
                        "How to reach that organization (shown on the about page)");
  serve_cmd->add_flag("--quiet", quiet, "No access log");

  auto* check_cmd = cli.add_subcommand(
      "check", "Validate catalogs, stylesheet and bundled data; exit 1 on errors");
  amparo::web::CheckOptions check;
  check.home = config.home;
  check_cmd->add_option("--home", check.home, "Folder with content/, i18n/, data/ and web/");
  check_cmd->add_option("--db", check.db_path, "Also check this existing database");

  auto* import_cmd = cli.add_subcommand(
      "import", "Import a file into the directory (one transaction: all rows or none)");
  amparo::directory::ImportCommand import;
  import.db_path = config.db_path;
  import_cmd
      ->add_option("FORMAT", import.format,
                   "hsds | hsds-legacy | eoir-pro-bono | eoir-recognized | facilities")
      ->required();
  import_cmd->add_option("PATH", import.path, "The file or HSDS datapackage folder")->required();
  import_cmd->add_option("--db", import.db_path, "SQLite database file")->capture_default_str();
  import_cmd->add_flag("--dry-run", import.dry_run, "Check and report; write nothing");
  import_cmd->add_flag("--skip-bad-rows", import.skip_bad_rows,
                       "Import the good rows when some are rejected (they are still reported)");

  auto* export_cmd = cli.add_subcommand("export", "Export the directory");
  amparo::directory::ExportCommand exp;
  exp.db_path = config.db_path;
  std::string export_kind;
  export_cmd->add_option("KIND", export_kind, "hsds")->required()->check(CLI::IsMember({"hsds"}));
  export_cmd->add_option("DIR", exp.dir, "Folder to write (created if needed)")->required();
  export_cmd->add_option("--format", exp.format, "csv (a datapackage) or json")
      ->check(CLI::IsMember({"csv", "json"}))
      ->capture_default_str();
  export_cmd->add_option("--db", exp.db_path, "SQLite database file")->capture_default_str();

  auto* version_cmd = cli.add_subcommand("version", "Print the version");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }

  if (serve_cmd->parsed()) {
    auto address = amparo::parse_listen_address(listen);
    if (!address.ok()) {
      std::cerr << "amparo: --listen: " << address.error().to_string() << "\n";
      return 2;
    }
    config.listen = *address;
    if (auto s = amparo::validate(config); !s.ok()) {
      std::cerr << "amparo: " << s.error().to_string() << "\n";
      return 2;
    }
    return serve(config, info, quiet);
  }
  if (check_cmd->parsed()) {
    return amparo::web::run_check(check, std::cout).exit_code();
  }
  if (import_cmd->parsed()) return amparo::directory::run_import(import, std::cout);
  if (export_cmd->parsed()) return amparo::directory::run_export(exp, std::cout);
  if (version_cmd->parsed()) {
    std::cout << "amparo " << amparo::web::version() << "\n";
    return 0;
  }
  return 2;
}
