#include "sim/vcard/card_profile.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace kakunin::vcard {
namespace {

Error IoError(const std::string& what, const std::string& path) {
  return MakeError(ErrorCode::kUnavailable, "vcard.io",
                   what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

std::string CardProfileToJson(const CardProfile& p) {
  nlohmann::ordered_json j;
  j["format"] = kProfileFormat;
  j["seed"] = p.seed;
  j["serial"] = p.serial;
  j["subject"] = p.subject;
  j["auth_cert_pem"] = p.auth_cert_pem;
  j["auth_key_pem"] = p.auth_key_pem;
  j["auth_ca_pem"] = p.auth_ca_pem;
  j["sign_cert_pem"] = p.sign_cert_pem;
  j["sign_key_pem"] = p.sign_key_pem;
  j["sign_ca_pem"] = p.sign_ca_pem;
  j["pin"] = p.pin;
  j["pin_tries_left"] = p.pin_tries_left;
  j["pin_max_tries"] = p.pin_max_tries;
  j["sign_password"] = p.sign_password;
  j["sign_password_tries_left"] = p.sign_password_tries_left;
  j["text_pin"] = p.text_pin;
  j["text_pin_tries_left"] = p.text_pin_tries_left;
  j["fake_individual_number"] = p.fake_individual_number;
  j["fake_name"] = p.fake_name;
  j["fake_address"] = p.fake_address;
  j["fake_birth_date"] = p.fake_birth_date;
  j["fake_sex"] = p.fake_sex;
  return j.dump(2) + "\n";
}

Result<CardProfile> CardProfileFromJson(const std::string& json) {
  const nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return MakeError(ErrorCode::kInvalidArgument, "vcard.bad_profile", "not a JSON object");
  }
  if (j.value("format", "") != kProfileFormat) {
    return MakeError(ErrorCode::kInvalidArgument, "vcard.bad_profile",
                     std::string("format is not ") + kProfileFormat);
  }
  CardProfile p;
  auto str = [&](const char* key, std::string& out) {
    if (j.contains(key) && j[key].is_string()) out = j[key].get<std::string>();
  };
  auto num = [&](const char* key, int& out) {
    if (j.contains(key) && j[key].is_number_integer()) out = j[key].get<int>();
  };
  str("seed", p.seed);
  str("serial", p.serial);
  str("subject", p.subject);
  str("auth_cert_pem", p.auth_cert_pem);
  str("auth_key_pem", p.auth_key_pem);
  str("auth_ca_pem", p.auth_ca_pem);
  str("sign_cert_pem", p.sign_cert_pem);
  str("sign_key_pem", p.sign_key_pem);
  str("sign_ca_pem", p.sign_ca_pem);
  str("pin", p.pin);
  num("pin_tries_left", p.pin_tries_left);
  num("pin_max_tries", p.pin_max_tries);
  str("sign_password", p.sign_password);
  num("sign_password_tries_left", p.sign_password_tries_left);
  str("text_pin", p.text_pin);
  num("text_pin_tries_left", p.text_pin_tries_left);
  str("fake_individual_number", p.fake_individual_number);
  str("fake_name", p.fake_name);
  str("fake_address", p.fake_address);
  str("fake_birth_date", p.fake_birth_date);
  str("fake_sex", p.fake_sex);
  if (p.auth_cert_pem.empty() || p.auth_key_pem.empty() || p.auth_ca_pem.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "vcard.bad_profile",
                     "auth_cert_pem, auth_key_pem and auth_ca_pem are required");
  }
  if (p.pin_max_tries < 1 || p.pin_max_tries > 15 || p.pin_tries_left < 0 ||
      p.pin_tries_left > p.pin_max_tries) {
    return MakeError(ErrorCode::kInvalidArgument, "vcard.bad_profile",
                     "pin tries must be 0..pin_max_tries, pin_max_tries 1..15");
  }
  return p;
}

Result<CardProfile> LoadCardProfile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot read", path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto profile = CardProfileFromJson(buffer.str());
  if (!profile.ok()) {
    return MakeError(profile.error().code(), profile.error().reason(),
                     path + ": " + profile.error().message());
  }
  return profile;
}

Status SaveCardProfile(const CardProfile& profile, const std::string& path) {
  const std::string text = CardProfileToJson(profile);
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("cannot create", tmp);
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      return IoError("cannot write", tmp);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    return IoError("cannot flush", tmp);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return IoError("cannot rename onto", path);
  }
  // Make the rename itself durable.
  const std::string dir = std::filesystem::path(path).parent_path().string();
  const int dir_fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return OkStatus();
}

}  // namespace kakunin::vcard
