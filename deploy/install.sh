#!/usr/bin/env bash
# Installs the Ilmastotekoja kiosk on a Debian or Ubuntu touchscreen PC, to start at boot.
# Run it as root from a copy of this repository:
#
#   sudo deploy/install.sh --mode x11     # X11: LightDM logs the kiosk user in automatically
#   sudo deploy/install.sh --mode cage    # Wayland: the cage kiosk compositor on tty1
#   deploy/install.sh --mode cage --dry-run   # only print what it would do
#
# Safe to run again, to update the program: it never overwrites kiosk.yaml, exhibits/ or media/
# once they are in /opt/ilmastotekoja (staff and curators change those there).
set -euo pipefail

SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX=/opt/ilmastotekoja # the units name this folder; change them too if you change it
KIOSK_USER=kiosk
MODE=""
DRY_RUN=0
KEPT=(kiosk.yaml exhibits media) # the site's own files: copied the first time only

usage() {
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --mode) MODE="${2:-}"; shift 2 ;;
    --mode=*) MODE="${1#--mode=}"; shift ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h | --help) usage ;;
    *) echo "install.sh: unknown option '$1'" >&2; usage ;;
  esac
done
case "$MODE" in
  x11 | cage) ;;
  *) echo "install.sh: choose --mode x11 or --mode cage" >&2; usage ;;
esac
if [ "$DRY_RUN" -eq 0 ] && [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run as root (sudo), or add --dry-run to see what it would do" >&2
  exit 2
fi

# Every change goes through `run` or `put`, so that --dry-run shows them all and does none.
run() {
  if [ "$DRY_RUN" -eq 1 ]; then
    printf '+'
    printf ' %q' "$@"
    printf '\n'
  else
    "$@"
  fi
}

# put MODE OWNER DEST: writes standard input to DEST (a file), then sets its mode and owner.
put() {
  local mode="$1" owner="$2" dest="$3"
  if [ "$DRY_RUN" -eq 1 ]; then
    echo "+ write $dest (mode $mode, owner $owner):"
    sed 's/^/|   /'
    return
  fi
  mkdir -p "$(dirname "$dest")"
  cat > "$dest.new"
  chmod "$mode" "$dest.new"
  chown "$owner" "$dest.new"
  mv "$dest.new" "$dest"
}

step() { echo "== $*"; }

# The runtime packages are the ones scripts/run needs; setup.sh is the one list of them.
# shellcheck source=scripts/setup.sh
source "$SOURCE/scripts/setup.sh"
MODE_DEBS=(procps)
if [ "$MODE" = x11 ]; then
  MODE_DEBS+=(xserver-xorg lightdm lightdm-gtk-greeter)
else
  MODE_DEBS+=(cage xwayland)
fi

step "system packages"
missing=()
for pkg in "${RUNTIME_DEBS[@]}" "${MODE_DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "all installed"
elif [ "$DRY_RUN" -eq 1 ]; then
  echo "+ apt-get install ${missing[*]}"
else
  need_debs "${missing[@]}"
fi

step "user $KIOSK_USER"
if id "$KIOSK_USER" >/dev/null 2>&1; then
  echo "exists"
else
  # An ordinary user with no password: it is only ever logged in automatically.
  run useradd --create-home --shell /bin/bash --comment "Ilmastotekoja kiosk" "$KIOSK_USER"
  run passwd --lock "$KIOSK_USER"
fi
# input: Kivy's mtdev touch input reads /dev/input; video and render: the GPU; audio: the
# sound device the kiosk speaks through (there is no desktop sound server under cage).
for group in input video render audio; do
  if getent group "$group" >/dev/null && ! id -nG "$KIOSK_USER" 2>/dev/null | grep -qw "$group"; then
    run usermod -a -G "$group" "$KIOSK_USER"
  fi
done

step "program in $PREFIX"
# The program is root's, so that the kiosk (and a visitor who broke out) cannot change it.
excludes=(--exclude=./.git --exclude=./.venv --exclude=./var --exclude='*.egg-info'
  --exclude='__pycache__' --exclude=./.pytest_cache --exclude=./.ruff_cache
  --exclude=./.hypothesis --exclude=./build --exclude=./out)
for kept in "${KEPT[@]}"; do
  excludes+=("--exclude=./$kept")
done
run mkdir -p "$PREFIX"
if [ "$DRY_RUN" -eq 1 ]; then
  echo "+ tar -C $SOURCE ${excludes[*]} -cf - . | tar -C $PREFIX --no-same-owner -xf -"
else
  tar -C "$SOURCE" "${excludes[@]}" -cf - . | tar -C "$PREFIX" --no-same-owner -xf -
fi
for kept in "${KEPT[@]}"; do
  if [ -e "$PREFIX/$kept" ]; then
    echo "keeping $PREFIX/$kept"
  else
    run cp -a "$SOURCE/$kept" "$PREFIX/$kept"
  fi
done
# (var/ is the kiosk's, and may be in use during an update: left alone.)
run find "$PREFIX" -path "$PREFIX/var" -prune -o -exec chown root:root {} +
# kiosk.yaml holds the PIN's hash: readable by the kiosk, by nobody else.
run chown "root:$KIOSK_USER" "$PREFIX/kiosk.yaml"
run chmod 0640 "$PREFIX/kiosk.yaml"
run mkdir -p "$PREFIX/var"
run chown -R "$KIOSK_USER:$KIOSK_USER" "$PREFIX/var"

step "Python environment in $PREFIX/.venv"
if [ ! -x "$PREFIX/.venv/bin/python" ]; then
  run python3 -m venv "$PREFIX/.venv"
fi
run "$PREFIX/.venv/bin/python" -m pip install -q --upgrade pip
run "$PREFIX/.venv/bin/python" -m pip install -q "$PREFIX"

step "health file folder /run/ilmastotekoja"
put 0644 root:root /etc/tmpfiles.d/ilmastotekoja.conf < "$SOURCE/deploy/ilmastotekoja.tmpfiles"
run systemd-tmpfiles --create /etc/tmpfiles.d/ilmastotekoja.conf

home="$(getent passwd "$KIOSK_USER" | cut -d: -f6 || true)" # none yet in a dry run
home="${home:-/home/$KIOSK_USER}"
user_units="$home/.config/systemd/user"
autologin=/etc/lightdm/lightdm.conf.d/50-ilmastotekoja.conf
session=/usr/share/xsessions/ilmastotekoja.desktop

if [ "$MODE" = x11 ]; then
  step "X11: LightDM logs $KIOSK_USER in to a session that is only the kiosk"
  if [ -e /etc/systemd/system/ilmastotekoja-cage.service ]; then
    run systemctl disable ilmastotekoja-cage.service # switching from --mode cage
  fi
  put 0644 root:root "$session" <<EOF
[Desktop Entry]
Type=Application
Name=Ilmastotekoja kiosk
Comment=Only the exhibition kiosk, no desktop
Exec=$PREFIX/deploy/x11-session
EOF
  put 0644 root:root "$autologin" <<EOF
# Written by $PREFIX/deploy/install.sh --mode x11
[Seat:*]
autologin-user=$KIOSK_USER
autologin-user-timeout=0
autologin-session=ilmastotekoja
# -s 0: the X server's own screensaver never blanks the exhibition.
xserver-command=X -s 0
EOF
  run mkdir -p "$user_units/graphical-session.target.wants"
  put 0644 "$KIOSK_USER:$KIOSK_USER" "$user_units/ilmastotekoja-x11.service" \
    < "$SOURCE/deploy/ilmastotekoja-x11.service"
  run ln -sfn ../ilmastotekoja-x11.service \
    "$user_units/graphical-session.target.wants/ilmastotekoja-x11.service"
  run chown -R "$KIOSK_USER:$KIOSK_USER" "$home/.config"
  current_dm="$(cat /etc/X11/default-display-manager 2>/dev/null || true)"
  if [ -n "$current_dm" ] && [ "$(basename "$current_dm")" != lightdm ]; then
    echo "NOTE: the display manager is $current_dm; make LightDM the default with:"
    echo "      sudo dpkg-reconfigure lightdm"
  fi
else
  step "cage: the kiosk takes tty1 at boot, as $KIOSK_USER"
  run rm -f "$autologin" "$session" "$user_units/graphical-session.target.wants/ilmastotekoja-x11.service"
  put 0644 root:root /etc/systemd/system/ilmastotekoja-cage.service \
    < "$SOURCE/deploy/ilmastotekoja-cage.service"
  run systemctl daemon-reload
  run systemctl enable ilmastotekoja-cage.service
  if systemctl is-enabled display-manager.service >/dev/null 2>&1; then
    echo "NOTE: a display manager is enabled and would compete for the screen; disable it with:"
    echo "      sudo systemctl disable display-manager.service"
  fi
fi
run systemctl set-default graphical.target

cat <<EOF

Installed the Ilmastotekoja kiosk in $PREFIX ($MODE mode). Next steps:
  1. Set the staff PIN (4 to 8 digits):
       sudo $PREFIX/.venv/bin/kiosk set-pin --config $PREFIX/kiosk.yaml
  2. Set the opening hours and the screen's size in $PREFIX/kiosk.yaml, then check it:
       sudo $PREFIX/.venv/bin/kiosk validate --config $PREFIX/kiosk.yaml
  3. Restart the PC: the kiosk starts by itself.
Step by step, logs, the health file and troubleshooting: $PREFIX/deploy/README.md
EOF
if [ "$DRY_RUN" -eq 1 ]; then
  echo "(dry run: nothing was changed)"
fi
