#!/bin/sh
# Kezek's test printers (.ci/headful-setup.sh installs this as the CUPS backend `kezek-test`). It prints
# nothing; its device URI says how it behaves:
#   kezek-test:/paper-out  reports the paper out and stops the queue, as a thermal printer whose roll ran
#                          out does; a job titled "kezek-refill" is a new roll: the report is taken back
#   kezek-test:/ok         takes every job and throws it away
# CUPS calls a backend with no arguments to list its devices, else with job, user, title, copies,
# options and the file (or the job on standard input).
if [ "$#" -eq 0 ]; then
  echo 'direct kezek-test "Unknown" "Kezek test printer"'
  exit 0
fi
if [ "$#" -ge 6 ]; then cat "$6" >/dev/null; else cat >/dev/null; fi
case "$DEVICE_URI" in
  kezek-test:/paper-out)
    if [ "$3" = kezek-refill ]; then
      echo 'STATE: -media-empty-error' >&2
      exit 0
    fi
    echo 'STATE: +media-empty-error' >&2
    echo 'ERROR: the paper roll is empty' >&2
    exit 4 ;; # CUPS_BACKEND_STOP: the queue stops, the job waits for paper
  *) exit 0 ;;
esac
