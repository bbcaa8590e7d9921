// /proc readers of proc_stats.h: /proc/PID/stat fields 14-15 (utime, stime) in clock ticks,
// VmRSS from /proc/PID/status, the first "cpu" line of /proc/stat, directory entries of
// /proc/PID/fd.
#include "proc_stats.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace bench {

namespace {

int64_t ticks_to_us(int64_t ticks) {
  long hz = sysconf(_SC_CLK_TCK);
  return ticks * 1000000 / (hz > 0 ? hz : 100);
}

}  // namespace

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::chrono::steady_clock::time_point to_time_point(int64_t ns) {
  return std::chrono::steady_clock::time_point(std::chrono::nanoseconds(ns));
}

ProcSample sample_proc(int pid) {
  ProcSample s;
  if (pid <= 0) return s;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return s;
  auto rp = line.rfind(')');
  if (rp == std::string::npos) return s;
  std::istringstream in(line.substr(rp + 2));
  std::string tok;
  int64_t utime = 0, stime = 0;
  // Fields after "comm)": state(3) ... utime(14) stime(15).
  for (int field = 3; field <= 15 && (in >> tok); ++field) {
    if (field == 14) utime = std::stoll(tok);
    if (field == 15) stime = std::stoll(tok);
  }
  s.cpu_us = ticks_to_us(utime + stime);
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      s.rss_kb = std::strtoll(line.c_str() + 6, nullptr, 10);
      break;
    }
  }
  s.ok = true;
  return s;
}

int count_fds(int pid) {
  if (pid <= 0) return -1;
  DIR* dir = opendir(("/proc/" + std::to_string(pid) + "/fd").c_str());
  if (!dir) return -1;
  int n = 0;
  while (dirent* e = readdir(dir))
    if (e->d_name[0] != '.') ++n;
  closedir(dir);
  return n;
}

int64_t machine_busy_us() {
  std::ifstream in("/proc/stat");
  std::string cpu;
  in >> cpu;
  if (cpu != "cpu") return -1;
  int64_t v[10] = {}, busy = 0;
  for (int i = 0; i < 10 && (in >> v[i]); ++i) {
  }
  for (int i = 0; i < 8; ++i)  // user nice system idle iowait irq softirq steal
    if (i != 3 && i != 4) busy += v[i];
  return ticks_to_us(busy);
}

int64_t self_cpu_us() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000LL + ru.ru_utime.tv_usec +
         ru.ru_stime.tv_usec;
}

void raise_fd_limit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
}

void exit_after(double seconds, const char* tool) {
  std::thread([seconds, tool] {
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    std::fprintf(stderr, "%s: --max-runtime %.0f s exceeded, exiting\n", tool, seconds);
    std::printf("{\"tool\":\"%s\",\"error\":\"max_runtime exceeded\"}\n", tool);
    std::fflush(stdout);
    std::_Exit(3);
  }).detach();
}

void CpuWindow::start() {
  s0_ = sample_proc(pid_);
  self0_ = bench::self_cpu_us();
  m0_ = machine_busy_us();
  t0_ = now_ns();
}

void CpuWindow::stop() {
  t1_ = now_ns();
  s1_ = sample_proc(pid_);
  self1_ = bench::self_cpu_us();
  m1_ = machine_busy_us();
}

double CpuWindow::cores(int64_t us) const {
  double s = seconds();
  return s > 0 ? static_cast<double>(us) / 1e6 / s : 0;
}

double CpuWindow::server_cores() const {
  return has_server() ? cores(server_cpu_us()) : -1;
}

double CpuWindow::self_cores() const {
  return cores(self_cpu_us());
}

double CpuWindow::machine_cores() const {
  return m0_ >= 0 && m1_ >= 0 ? cores(m1_ - m0_) : -1;
}

double CpuWindow::other_cores() const {
  if (!has_server() || m0_ < 0 || m1_ < 0) return -1;
  return std::max(0.0, cores(m1_ - m0_ - server_cpu_us() - self_cpu_us()));
}

}  // namespace bench
