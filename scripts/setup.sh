# Sourced by scripts/run and scripts/test: brings the system packages and the Python
# environment this project needs, on a fresh Debian or Ubuntu machine. Safe to repeat: it only
# installs what is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${KIOSK_VENV:-$ROOT/.venv}"

# Runtime: OpenGL through Mesa, X11 client libraries, multitouch. Tests add a virtual display,
# xdotool for the end-to-end test. Inter is the UI font: legible, and it has the ₂ of CO₂.
RUNTIME_DEBS=(python3 python3-venv python3-pip libgl1 libgl1-mesa-dri libegl1 libmtdev1 x11-xserver-utils fonts-inter git openssh-client espeak-ng) # git, ssh: kiosk sync; espeak-ng: speech
TEST_DEBS=(xvfb xauth xdotool systemd prometheus) # systemd: systemd-analyze checks deploy/*.service; prometheus: promtool checks deploy/prometheus

need_debs() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "setup: installing system packages: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

need_venv() {
  local extras="$1" stamp="$VENV/.kiosk-installed"
  local want
  want="$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16) $extras"
  if [ ! -x "$VENV/bin/python" ]; then
    echo "setup: creating $VENV" >&2
    python3 -m venv "$VENV"
  fi
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "setup: installing Python packages ($extras)" >&2
    "$VENV/bin/python" -m pip install -q --upgrade pip >&2
    "$VENV/bin/python" -m pip install -q -e "$ROOT[$extras]" >&2
    echo "$want" > "$stamp"
  fi
}

# Kivy writes config.ini and logs under KIVY_HOME; keep them in the data folder, not in ~.
export KIVY_NO_ARGS=1
