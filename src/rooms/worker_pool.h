// Runs blocking work (database queries, password hashing) on a pool of threads and delivers
// the outcome back on the I/O executor, so I/O threads never block:
//
//   pool.run([&store] { return store.list_rooms(); },
//            [](Outcome<std::vector<store::Room>> rooms) { ... on the I/O thread ... });
//
// An exception thrown by the work is captured and handed to the completion in the Outcome.
// Work given the same lane (a room id) runs one at a time in submission order and completes
// in that order, so the events of a room are stored and broadcast in the order they came.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <exception>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>

namespace rooms {

template <class T>
class Outcome {
 public:
  static Outcome success(T value) {
    Outcome outcome;
    outcome.value_.emplace(std::move(value));
    return outcome;
  }
  static Outcome failure(const std::exception_ptr& error) {
    Outcome outcome;
    outcome.error_ = std::move(error);
    return outcome;
  }
  bool ok() const { return value_.has_value(); }
  T& value() { return *value_; }
  const std::exception_ptr& error() const { return error_; }

 private:
  std::optional<T> value_;
  std::exception_ptr error_;
};

struct Done {};  // the value of work that returns nothing

class WorkerPool {
 public:
  WorkerPool(boost::asio::any_io_executor io, size_t threads)
      : io_(std::move(io)), pool_(threads) {}
  ~WorkerPool() { stop(); }

  // Waits for running work to finish; completions not yet delivered are dropped.
  void stop() {
    pool_.stop();
    pool_.join();
  }

  template <class Work, class Completion>
  void run(Work work, Completion completion) {
    submit(pool_.get_executor(), std::move(work), std::move(completion));
  }

  // Called on the I/O thread only (the lanes map is not locked).
  template <class Work, class Completion>
  void run_in(const std::string& lane, Work work, Completion completion) {
    auto it = lanes_.find(lane);
    // Lanes of forgotten rooms are dropped in bulk; a strand lives on while work is queued.
    if (it == lanes_.end() && lanes_.size() >= 4096) lanes_.clear();
    if (it == lanes_.end())
      it = lanes_.emplace(lane, boost::asio::make_strand(pool_.get_executor())).first;
    submit(it->second, std::move(work), std::move(completion));
  }

 private:
  using Lane = boost::asio::strand<boost::asio::thread_pool::executor_type>;

  template <class Executor, class Work, class Completion>
  void submit(const Executor& executor, Work work, Completion completion) {
    using Result = std::invoke_result_t<Work&>;
    using Value = std::conditional_t<std::is_void_v<Result>, Done, Result>;
    boost::asio::post(
        executor, [io = io_, work = std::move(work), completion = std::move(completion)]() mutable {
          auto outcome = perform<Value>(work);
          boost::asio::post(
              io, [completion = std::move(completion), outcome = std::move(outcome)]() mutable {
                completion(std::move(outcome));
              });
        });
  }

  template <class Value, class Work>
  static Outcome<Value> perform(Work& work) {
    try {
      if constexpr (std::is_same_v<Value, Done> && std::is_void_v<std::invoke_result_t<Work&>>) {
        work();
        return Outcome<Value>::success(Done{});
      } else {
        return Outcome<Value>::success(work());
      }
    } catch (...) {
      return Outcome<Value>::failure(std::current_exception());
    }
  }

  boost::asio::any_io_executor io_;
  boost::asio::thread_pool pool_;
  std::unordered_map<std::string, Lane> lanes_;
};

}  // namespace rooms
