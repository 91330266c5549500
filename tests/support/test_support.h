// Helpers shared by the test suites: temporary directories, PostgreSQL
// databases from the suite's test cluster, a small HTTP client and child processes.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <sys/types.h>

namespace smartgov::testing {

// A fresh directory under /tmp, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The URL of the test PostgreSQL server: $SMARTGOV_TEST_DATABASE_URL, else the
// one the CTest fixture wrote. "" when neither exists.
std::string PostgresServerUrl();

// Creates an empty database on the test server and returns its URL. Fails the
// current test (and returns "") when no server is configured: run through ctest,
// which starts one, or set SMARTGOV_TEST_DATABASE_URL.
std::string CreatePostgresDatabase();

// Path of the built smartgov binary, and of the source tree.
std::string SmartgovBinary();
std::string SourceDir();

struct HttpReply {
  int status = 0;  // 0 when the exchange failed
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string error;                           // transport error, if any
};

// One HTTP/1.1 request on a new connection to 127.0.0.1:port.
HttpReply HttpCall(std::uint16_t port, const std::string& method, const std::string& target,
                   const std::string& body = "",
                   const std::map<std::string, std::string>& headers = {},
                   std::chrono::milliseconds timeout = std::chrono::seconds(10));

// A raw TCP connection for tests that misbehave on purpose.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port);
  ~RawConnection();
  bool connected() const { return fd_ >= 0; }
  bool Send(const std::string& bytes);
  void ShutdownWrite();
  // Reads until the peer closes or `timeout` passes.
  std::string ReadAll(std::chrono::milliseconds timeout);
  // Reads until `marker` has been seen (or close/timeout); returns what was read.
  std::string ReadUntil(const std::string& marker, std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
};

// A child process with stdout and stderr captured to files.
class ChildProcess {
 public:
  ChildProcess(const std::string& program, const std::vector<std::string>& args,
               const std::map<std::string, std::string>& extra_env = {});
  ~ChildProcess();  // kills the child if still running
  pid_t pid() const { return pid_; }
  void Signal(int sig);
  // Waits for exit; returns the exit code, 128+signal when killed, -1 on timeout.
  int Wait(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  bool Running();
  std::string Stdout() const;
  std::string Stderr() const;

 private:
  pid_t pid_ = -1;
  int exit_code_ = -1;
  TempDir dir_;
};

// Runs a command to completion; returns exit code, and captures output.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
CommandResult RunCommand(const std::string& program, const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& extra_env = {});

// Starts `smartgov serve` with `args` on a free port and waits until /healthz
// answers. Returns the port via `port`.
class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> args,
                         const std::map<std::string, std::string>& extra_env = {});
  std::uint16_t port() const { return port_; }
  ChildProcess& process() { return *child_; }
  bool started() const { return port_ != 0; }

 private:
  std::uint16_t port_ = 0;
  std::unique_ptr<ChildProcess> child_;
};

// A port that was free a moment ago.
std::uint16_t FreePort();

}  // namespace smartgov::testing
