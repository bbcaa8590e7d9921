// What the bench tools read from /proc and getrusage: a server process's CPU time (all its
// threads) and resident memory, its open file descriptors, the machine's busy CPU time, the
// calling process's own CPU time, and a monotonic clock in nanoseconds shared by sender and
// receiver, and a watchdog that ends a run that overstays. CpuWindow turns two sets of samples into
// cores used by the server, the tool itself and everything else on the machine.
#pragma once

#include <chrono>
#include <cstdint>

namespace bench {

// CLOCK_MONOTONIC (std::chrono::steady_clock) in nanoseconds.
int64_t now_ns();
std::chrono::steady_clock::time_point to_time_point(int64_t ns);

struct ProcSample {
  bool ok = false;
  int64_t cpu_us = 0;  // utime + stime of every thread
  int64_t rss_kb = 0;  // VmRSS
};

// Nothing (ok == false) when pid <= 0 or the process is gone.
ProcSample sample_proc(int pid);
// Entries of /proc/PID/fd, or -1 when they cannot be read.
int count_fds(int pid);
// Busy CPU time of the whole machine over all cores (/proc/stat without idle and iowait); -1 on
// failure.
int64_t machine_busy_us();
// CPU time (user + system) of the calling process.
int64_t self_cpu_us();
// Raises the soft open-file limit to the hard one.
void raise_fd_limit();
// Hard stop: after `seconds`, prints {"tool":TOOL,"error":"max_runtime exceeded"} on stdout and
// exits the process with status 3, whatever it is doing.
void exit_after(double seconds, const char* tool);

// CPU use over a window: start() then stop(); cores are CPU seconds per wall second.
class CpuWindow {
 public:
  explicit CpuWindow(int server_pid) : pid_(server_pid) {}
  void start();
  void stop();
  double seconds() const { return static_cast<double>(t1_ - t0_) / 1e9; }
  bool has_server() const { return s0_.ok && s1_.ok; }
  int64_t server_cpu_us() const { return s1_.cpu_us - s0_.cpu_us; }
  int64_t self_cpu_us() const { return self1_ - self0_; }
  double server_cores() const;
  double self_cores() const;
  double machine_cores() const;
  // Busy machine time not accounted to the server or this process (builds, other tools).
  double other_cores() const;
  const ProcSample& server_end() const { return s1_; }

 private:
  double cores(int64_t us) const;

  int pid_;
  int64_t t0_ = 0, t1_ = 0;
  ProcSample s0_, s1_;
  int64_t self0_ = 0, self1_ = 0, m0_ = -1, m1_ = -1;
};

}  // namespace bench
