#!/usr/bin/env bash
# Installs everything smartgov needs to build, run and test on Debian bookworm.
# Idempotent: prints nothing and changes nothing when every package is present.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git curl ca-certificates
  clang-format clang-tidy
  # libraries
  libboost1.81-dev rapidjson-dev nlohmann-json3-dev
  libsqlite3-dev libpq-dev
  libtomlplusplus-dev libspdlog-dev libfmt-dev libcli11-dev prometheus-cpp-dev
  libsodium-dev libssl-dev
  libxapian-dev libopencc-dev opencc libicu-dev libxml2-dev
  libcsv-dev libyaml-cpp-dev libpoppler-cpp-dev libhnswlib-dev
  libtesseract-dev libleptonica-dev tesseract-ocr-eng tesseract-ocr-chi-tra
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql wrk
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
