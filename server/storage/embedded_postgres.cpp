#include "server/storage/embedded_postgres.h"

#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <thread>

namespace kakunin::server {
namespace fs = std::filesystem;

namespace {

Status ChownTree(const std::string& path, uid_t uid, gid_t gid) {
  std::error_code ec;
  if (::chown(path.c_str(), uid, gid) != 0) {
    return MakeError(ErrorCode::kInternal, "pg.chown", "cannot chown " + path);
  }
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    // A file that vanished meanwhile (a postmaster.pid removed by a cluster shutting down) is
    // nobody's to own.
    if (::lchown(it->path().c_str(), uid, gid) != 0 && errno != ENOENT) {
      return MakeError(ErrorCode::kInternal, "pg.chown", "cannot chown " + it->path().string());
    }
  }
  return OkStatus();
}

// PostgreSQL runs as another user: every ancestor of the data directory must let it through.
Status CheckTraversable(const fs::path& dir, uid_t uid, gid_t gid) {
  for (fs::path p = dir.parent_path(); !p.empty(); p = p.parent_path()) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) break;
    bool ok = (st.st_mode & S_IXOTH) || (st.st_uid == uid && (st.st_mode & S_IXUSR)) ||
              (st.st_gid == gid && (st.st_mode & S_IXGRP));
    if (!ok) {
      return MakeError(ErrorCode::kFailedPrecondition, "pg.not_traversable",
                       "directory " + p.string() +
                           " is not traversable by the PostgreSQL user; use another data dir");
    }
    if (p == p.root_path()) break;
  }
  return OkStatus();
}

}  // namespace

std::string EmbeddedPostgres::Bin(const std::string& name) const {
  if (!options_.bin_dir.empty()) return options_.bin_dir + "/" + name;
  const std::string debian = "/usr/lib/postgresql/15/bin/" + name;
  if (fs::exists(debian)) return debian;
  return name;  // PATH
}

Result<std::unique_ptr<EmbeddedPostgres>> EmbeddedPostgres::Start(EmbeddedPostgresOptions options) {
  if (options.data_dir.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "pg.no_data_dir", "data directory not set");
  }
  std::unique_ptr<EmbeddedPostgres> pg(new EmbeddedPostgres(std::move(options)));
  KAKUNIN_RETURN_IF_ERROR(pg->Init());
  KAKUNIN_RETURN_IF_ERROR(pg->Launch());
  return pg;
}

Status EmbeddedPostgres::Init() {
  std::error_code ec;
  fs::create_directories(options_.data_dir, ec);
  if (ec) {
    return MakeError(ErrorCode::kInternal, "pg.mkdir",
                     "cannot create " + options_.data_dir + ": " + ec.message());
  }
  options_.data_dir = fs::canonical(options_.data_dir).string();
  pgdata_ = options_.data_dir + "/pgdata";
  socket_dir_ = options_.data_dir + "/run";
  fs::create_directories(socket_dir_, ec);
  ::chmod(socket_dir_.c_str(), 0700);
  if (options_.log_path.empty()) options_.log_path = options_.data_dir + "/postgres.log";
  if (options_.port == 0) options_.port = os::FreeTcpPort();

  if (::geteuid() == 0) {
    passwd* pw = ::getpwnam(options_.run_as_user.c_str());
    if (!pw) {
      return MakeError(ErrorCode::kFailedPrecondition, "pg.no_user",
                       "running as root and user '" + options_.run_as_user +
                           "' does not exist (PostgreSQL refuses to run as root)");
    }
    drop_privileges_ = true;
    uid_ = pw->pw_uid;
    gid_ = pw->pw_gid;
    KAKUNIN_RETURN_IF_ERROR(CheckTraversable(options_.data_dir, uid_, gid_));
    // A cluster of an earlier life may still be shutting down (its server was killed): let it
    // finish before anything in its directory is touched.
    KAKUNIN_RETURN_IF_ERROR(WaitForOldPostmaster(std::chrono::seconds(60)));
    KAKUNIN_RETURN_IF_ERROR(ChownTree(options_.data_dir, uid_, gid_));
    // The log file is opened by us (root) before exec; make sure the child can reopen it too.
  }

  if (fs::exists(pgdata_ + "/PG_VERSION")) return OkStatus();  // reuse the cluster

  os::ProcessOptions init;
  init.argv = {Bin("initdb"),  "-D", pgdata_, "-U",          options_.superuser,
               "--auth=trust", "-E", "UTF8",  "--no-locale", "--no-sync"};
  init.log_path = options_.log_path;
  if (drop_privileges_) {
    init.uid = uid_;
    init.gid = gid_;
  }
  KAKUNIN_ASSIGN_OR_RETURN(auto proc, os::Process::Start(init));
  auto code = proc.Wait(std::chrono::minutes(3));
  if (!code || *code != 0) {
    return MakeError(ErrorCode::kInternal, "pg.initdb_failed",
                     "initdb failed; see " + options_.log_path);
  }
  return OkStatus();
}

Status EmbeddedPostgres::WaitForOldPostmaster(std::chrono::seconds limit) {
  auto old_pid = [&]() -> pid_t {
    std::ifstream in(pgdata_ + "/postmaster.pid");
    std::string line;
    if (!std::getline(in, line)) return 0;
    pid_t pid = std::atoi(line.c_str());
    if (pid <= 0 || pid == process_.pid()) return 0;
    return ::kill(pid, 0) == 0 || errno == EPERM ? pid : 0;
  };
  if (old_pid() == 0) return OkStatus();
  // A cluster shutting down still answers pg_isready: attaching to it would fail moments later.
  if (!os::WaitFor([&] { return old_pid() == 0; }, limit)) {
    return MakeError(
        ErrorCode::kFailedPrecondition, "pg.still_running",
        "another postmaster (pid " + std::to_string(old_pid()) + ") still runs on " + pgdata_);
  }
  return OkStatus();
}

Status EmbeddedPostgres::Relaunch() {
  process_ = os::Process();
  // Bounded retries: old backends may hold the shared memory for a moment after the
  // postmaster's death; each try fails fast while they do.
  Status last = OkStatus();
  for (int attempt = 0; attempt < 6; ++attempt) {
    last = Launch();
    if (last.ok()) return last;
    process_ = os::Process();
    std::this_thread::sleep_for(std::chrono::milliseconds(250) * (1 << attempt));  // backoff
  }
  return last;
}

Status EmbeddedPostgres::Launch() {
  KAKUNIN_RETURN_IF_ERROR(WaitForOldPostmaster(std::chrono::seconds(60)));
  os::ProcessOptions run;
  run.argv = {
      Bin("postgres"), "-D", pgdata_, "-p", std::to_string(options_.port), "-k", socket_dir_, "-c",
      std::string("listen_addresses=") + (options_.listen_tcp ? "127.0.0.1" : ""), "-c",
      "max_connections=200", "-c", "shared_buffers=128MB", "-c", "unix_socket_permissions=0770",
      // LLVM's JIT maps writable code, which the server unit's MemoryDenyWriteExecute
      // (inherited by this child) forbids: a dashboard over millions of rows would fail.
      "-c", "jit=off",
      // One line per checkpoint in a log nobody rotates.
      "-c", "log_checkpoints=off"};
  run.log_path = options_.log_path;
  run.stop_signal = SIGINT;  // fast shutdown: roll back open transactions, stop at once
  run.parent_death_signal = SIGINT;
  if (drop_privileges_) {
    run.uid = uid_;
    run.gid = gid_;
  }
  KAKUNIN_ASSIGN_OR_RETURN(process_, os::Process::Start(run));
  std::string isready = Bin("pg_isready");
  bool up = os::WaitFor(
      [&] {
        if (!process_.running()) return true;  // died: stop waiting, report below
        auto r =
            os::RunCommand({isready, "-q", "-h", socket_dir_, "-p", std::to_string(options_.port)});
        if (!r.ok() || r->exit_code != 0) return false;
        // Ready, and it is ours that answers (not a cluster of an earlier life).
        std::ifstream in(pgdata_ + "/postmaster.pid");
        std::string line;
        return std::getline(in, line) && std::atoi(line.c_str()) == process_.pid();
      },
      std::chrono::seconds(60));
  if (!up || !process_.running()) {
    process_.Stop();
    return MakeError(ErrorCode::kUnavailable, "pg.start_failed",
                     "postgres did not start; see " + options_.log_path);
  }
  return OkStatus();
}

EmbeddedPostgres::~EmbeddedPostgres() { (void)Stop(); }

Status EmbeddedPostgres::Stop() {
  if (process_.pid() <= 0) return OkStatus();
  int code = process_.Stop(std::chrono::seconds(30));
  if (code != 0) {
    return MakeError(ErrorCode::kInternal, "pg.stop",
                     "postgres exited with " + std::to_string(code));
  }
  return OkStatus();
}

Status EmbeddedPostgres::Restart() {
  KAKUNIN_RETURN_IF_ERROR(Stop());
  process_ = os::Process();
  return Launch();
}

std::string EmbeddedPostgres::ConnectionString(const std::string& dbname) const {
  return "host=" + socket_dir_ + " port=" + std::to_string(options_.port) +
         " user=" + options_.superuser + " dbname=" + dbname;
}

Result<std::string> EmbeddedPostgres::RunPsql(const std::string& dbname, const std::string& sql,
                                              bool mark_null) {
  std::vector<std::string> argv = {Bin("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"};
  if (mark_null) argv.insert(argv.end(), {"-P", "null=<NULL>"});
  argv.insert(argv.end(), {"-h", socket_dir_, "-p", std::to_string(options_.port), "-U",
                           options_.superuser, "-d", dbname, "-c", sql});
  KAKUNIN_ASSIGN_OR_RETURN(auto out, os::RunCommand(argv));
  if (out.exit_code != 0) {
    return MakeError(
        ErrorCode::kInternal, "pg.psql",
        "psql exited with " + std::to_string(out.exit_code) + ": " + out.error_output + out.output);
  }
  return out.output;
}

Result<std::string> EmbeddedPostgres::Psql(const std::string& dbname, const std::string& sql) {
  return RunPsql(dbname, sql, false);
}

Result<std::string> EmbeddedPostgres::PsqlRow(const std::string& dbname, const std::string& sql) {
  KAKUNIN_ASSIGN_OR_RETURN(std::string output, RunPsql(dbname, sql, true));
  std::string row = output;
  while (!row.empty() && (row.back() == '\n' || row.back() == ' ')) row.pop_back();
  if (row.empty() || row.find('\n') != std::string::npos ||
      row.find("<NULL>") != std::string::npos) {
    return MakeError(ErrorCode::kInternal, "pg.psql_not_one_row",
                     "expected exactly one non-NULL row, got '" + output + "' for: " + sql);
  }
  return row;
}

Status EmbeddedPostgres::CreateDatabase(const std::string& dbname) {
  auto r = Psql("postgres", "CREATE DATABASE \"" + dbname + "\"");
  if (!r.ok()) return r.error();
  return OkStatus();
}

}  // namespace kakunin::server
