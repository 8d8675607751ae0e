#include "lifeline/app/auth_verifier.hpp"

#include <sodium.h>

#include "lifeline/domain/passwords.hpp"

namespace lifeline::app {

AuthVerifier::AuthVerifier(size_t max_pending) : max_pending_(max_pending), thread_([this] { run(); }) {}

AuthVerifier::~AuthVerifier() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

bool AuthVerifier::verify(std::string hash, std::string password, Done done) {
  {
    std::lock_guard lock(mutex_);
    if (jobs_.size() >= max_pending_) {
      sodium_memzero(password.data(), password.size());
      return false;
    }
    jobs_.push_back({std::move(hash), std::move(password), std::move(done)});
  }
  cv_.notify_one();
  return true;
}

void AuthVerifier::run() {
  static const std::string dummy = domain::hash_password("lifeline-dummy-password");
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    bool ok = job.hash.empty() ? (domain::verify_password(dummy, job.password), false)
                               : domain::verify_password(job.hash, job.password);
    sodium_memzero(job.password.data(), job.password.size());
    job.done(ok);
  }
}

}  // namespace lifeline::app
