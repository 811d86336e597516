#!/usr/bin/env bash
# Builds the check-in engine (see Cargo.toml) into public/, where cargo-leptos takes it with
# the other public files: run before `cargo leptos build`. A few seconds when nothing changed.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
cargo build --quiet -p checkin-engine --lib --target wasm32-unknown-unknown --profile checkin-engine
cp target/wasm32-unknown-unknown/checkin-engine/checkin_engine.wasm public/checkin-engine.wasm
