#!/usr/bin/env bash
# The fuzz harness of crates/core/tests/it/fuzz.rs at full size (docs/reliability.md).
# Usage: scripts/fuzz.sh [CASES_PER_KIND]   (default 2000; failing inputs go to $SA_FUZZ_OUT or /tmp)
set -euo pipefail
cd "$(dirname "$0")/.."
SA_FUZZ_CASES="${1:-2000}" exec cargo test --release --locked -p service-arena-core --test it fuzz -- --nocapture --test-threads 1
