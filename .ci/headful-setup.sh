#!/usr/bin/env bash
# What the headful shell tests need (tests/chromium-shell/headful-*.test.ts), installed and started
# idempotently: Xvfb (each test starts its own X server, at the screen size it needs) with openbox as
# its window manager, as a kiosk's session has (xprop sees it ready), xwd and netpbm
# (a picture of the whole screen), CUPS with two CUPS-PDF queues that write each job as a PDF under
# ~/PDF, poppler-utils (pdftotext, pdfinfo, pdftoppm) and zbar-tools (zbarimg) to read the PDFs back.
#   Kezek-Tickets  the system's default printer, an 80 mm roll like a kiosk's thermal printer: the
#                  Chromium shell's silent `window.print()` of a queue ticket lands here
#   Kezek-PDF      A4, the certificate printer of self-service sessions (`lp -d Kezek-PDF`)
# Both render through pdftocairo, which keeps the text of a printed page readable in its PDF.
# And two test queues of the printer-state tests (tests/chromium-shell/headful-printer-state.test.ts), on
# a CUPS backend of our own that prints nothing (.ci/cups/kezek-test-backend.sh, as `kezek-test`):
#   Kezek-Test-Printer-PaperOut   its backend reports `media-empty-error` and stops the queue, as a
#                                 thermal printer whose roll ran out does
#   Kezek-Test-Printer-Offline    takes jobs and drops them; the tests `cupsdisable` it for a while
# Run as root (or with sudo).
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi
}

packages=()
command -v Xvfb >/dev/null || packages+=(xvfb)
command -v openbox >/dev/null || packages+=(openbox)
command -v xprop >/dev/null || packages+=(x11-utils)
command -v xwd >/dev/null || packages+=(x11-apps)
command -v xwdtopnm >/dev/null || packages+=(netpbm)
command -v cupsd >/dev/null || [ -x /usr/sbin/cupsd ] || packages+=(cups)
[ -f /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd ] || packages+=(printer-driver-cups-pdf)
command -v pdftotext >/dev/null || packages+=(poppler-utils)
command -v zbarimg >/dev/null || packages+=(zbar-tools)
if [ "${#packages[@]}" -gt 0 ]; then
  echo "installing ${packages[*]} with apt"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${packages[@]}"
fi

# Containers without systemd do not start CUPS: start the scheduler if it is not running.
if ! lpstat -r 2>/dev/null | grep -q 'is running'; then
  as_root /usr/sbin/cupsd
  for _ in $(seq 1 20); do
    lpstat -r 2>/dev/null | grep -q 'is running' && break
    sleep 0.25
  done
fi

add_queue() {
  local name=$1 size=$2
  if ! lpstat -p "$name" >/dev/null 2>&1; then
    # CUPS warns that printer drivers are deprecated; CUPS-PDF has no driverless form yet.
    as_root lpadmin -p "$name" -E -v cups-pdf:/ -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd 2>/dev/null
  fi
  as_root lpadmin -p "$name" -o "PageSize=$size" -o pdftops-renderer-default=pdftocairo
}
add_queue Kezek-Tickets Custom.80x200mm
add_queue Kezek-PDF A4
as_root lpadmin -d Kezek-Tickets

# CUPS runs a backend as root only when only root may run it (mode 0700), else as `lp` (0755 is fine).
backend_dir=/usr/lib/cups/backend
if ! cmp -s "$(dirname "$0")/cups/kezek-test-backend.sh" "$backend_dir/kezek-test" 2>/dev/null; then
  as_root install -o root -g root -m 0755 "$(dirname "$0")/cups/kezek-test-backend.sh" "$backend_dir/kezek-test"
fi
add_test_queue() {
  local name=$1 uri=$2
  # With the CUPS-PDF driver, as the ticket queue has: Chromium's print crashes its page on a raw queue.
  if ! lpstat -p "$name" >/dev/null 2>&1 || [ ! -f "/etc/cups/ppd/$name.ppd" ]; then
    as_root lpadmin -p "$name" -E -v "$uri" -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd 2>/dev/null
    as_root lpadmin -p "$name" -o PageSize=Custom.80x200mm -o pdftops-renderer-default=pdftocairo
  fi
}
add_test_queue Kezek-Test-Printer-PaperOut kezek-test:/paper-out
add_test_queue Kezek-Test-Printer-Offline kezek-test:/ok
lpstat -p Kezek-Tickets,Kezek-PDF,Kezek-Test-Printer-PaperOut,Kezek-Test-Printer-Offline -d
