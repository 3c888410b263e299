#!/usr/bin/env bash
# Production smoke test: the README's "Production" steps on this machine, then checks over HTTP.
#
# With secretariat.settings.prod, a throwaway PostgreSQL database (created here, dropped on exit),
# Redis (REDIS_URL: cache, sessions, RQ tasks) and temporary STATIC_ROOT/MEDIA_ROOT, it runs the
# setup commands, starts gunicorn and the RQ worker as the README says, and checks with curl: the home
# page and its CSS (whitenoise), a published meeting, a PDF with embedded fonts, a staff login with a
# second factor and a staff page, the same page refused to a staff session without one, a document
# built by the worker, and a 404. Exits non-zero with a message naming the failed check.
#
# Environment (all optional): DATABASE_URL (any database on the server: the smoke uses its server,
# with the database SMOKE_DB, default portal_smoke), SMOKE_REDIS_URL (default redis://127.0.0.1:6379/13),
# SMOKE_TIMEOUT (seconds to wait for the server and the worker, default 120; the waits end as soon as they are answered).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PY="$VENV/bin/python"
HOST=portal.example.org
SERVER_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
SMOKE_DB=${SMOKE_DB:-portal_smoke}
SMOKE_TIMEOUT=${SMOKE_TIMEOUT:-120}
PASSWORD="smoke-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"

WORK=$(mktemp -d)
server_pid=""
worker_pid=""
PG_ARGS=()

say() { echo "prod-smoke: $*"; }
fail() {
  echo "prod-smoke: FAILED: $*" >&2
  for log in "$WORK/gunicorn.log" "$WORK/worker.log"; do
    if [ -s "$log" ]; then
      echo "--- last lines of $(basename "$log") ---" >&2
      tail -n 25 "$log" >&2
    fi
  done
  exit 1
}

stop() {
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  stop "$server_pid"
  stop "$worker_pid"
  dropdb --if-exists --force "${PG_ARGS[@]}" "$SMOKE_DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the database server, from DATABASE_URL (postgres://user[:password]@host[:port]/name) ---------
read -r PG_USER PG_PASSWORD PG_HOST PG_PORT < <(
  "$PY" -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(p.username or "postgres", p.password or "-", p.hostname or "127.0.0.1", p.port or 5432)' "$SERVER_URL"
)
[ "$PG_PASSWORD" != "-" ] && export PGPASSWORD="$PG_PASSWORD"
PG_ARGS=(-h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER")
pg_isready -q "${PG_ARGS[@]}" || fail "PostgreSQL does not answer on $PG_HOST:$PG_PORT"
dropdb --if-exists --force "${PG_ARGS[@]}" "$SMOKE_DB" || fail "cannot drop an old $SMOKE_DB"
createdb "${PG_ARGS[@]}" "$SMOKE_DB" || fail "cannot create the database $SMOKE_DB"

# --- the production environment (README, "Configuration" and "Production") -------------------------
export DJANGO_SETTINGS_MODULE=secretariat.settings.prod
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
export ALLOWED_HOSTS=$HOST
export DATABASE_URL="postgres://${PG_USER}@${PG_HOST}:${PG_PORT}/${SMOKE_DB}"
export REDIS_URL=${SMOKE_REDIS_URL:-redis://127.0.0.1:6379/13}
export STATIC_ROOT="$WORK/static" MEDIA_ROOT="$WORK/media"
export EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend  # no mail server here
"$PY" -c 'import os, redis; redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()' 2>/dev/null \
  || fail "Redis does not answer at $REDIS_URL"

manage() { "$PY" manage.py "$@"; }
say "setup: compilemessages, migrate, load_reference_data, load_report_forms, collectstatic"
manage compilemessages --ignore="$VENV" -v 0 || fail "compilemessages"
manage migrate --noinput -v 0 || fail "migrate"
manage load_reference_data >/dev/null || fail "load_reference_data"
manage load_report_forms >/dev/null || fail "load_report_forms"
manage collectstatic --noinput -v 0 || fail "collectstatic with the production settings"

# Accounts and records as staff would make them (services, audited): a superuser, a CCM staff member
# with a TOTP device, one without, and a published meeting.
setup=$(SMOKE_PASSWORD="$PASSWORD" manage shell -v 0 <<'PY'
import datetime, os
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from meetings import services as meetings
from secretariat.models import Convention
from secretariat.services import isu_membership_save

User = get_user_model()
password = os.environ["SMOKE_PASSWORD"]
root = User.objects.create_superuser("smoke-root", "root@example.org", password)
ccm = Convention.objects.get(code="CCM")
staff = {}
for name in ("smoke-staff", "smoke-staff-nodevice"):
    staff[name] = User.objects.create_user(name, f"{name}@example.org", password, is_staff=True)
    isu_membership_save(actor=root, user=staff[name], convention=ccm)
device = TOTPDevice.objects.create(user=staff["smoke-staff"], name="default", confirmed=True)
meeting = meetings.meeting_create(
    actor=staff["smoke-staff"], convention=ccm, kind="msp", ordinal=2, title_en="Second Meeting of States Parties",
    title_ar="الاجتماع الثاني للدول الأطراف", city_en="Beirut", city_ar="بيروت",
    start_date=datetime.date(2011, 9, 13), end_date=datetime.date(2011, 9, 16),
    announced_start_date=datetime.date(2011, 9, 12), announced_end_date=datetime.date(2011, 9, 16),
    symbol_prefix="CCM/MSP/2011", final_report_symbol="CCM/MSP/2011/5",
)
for status in ("open", "closed", "report_adopted", "published"):
    meeting = meetings.meeting_set_status(actor=staff["smoke-staff"], meeting=meeting, status=status)
print(f"SMOKE {meeting.pk} {device.key}")
PY
) || fail "creating the staff accounts and a published meeting (manage.py shell)"
read -r _ MEETING_ID DEVICE_KEY <<<"$(grep '^SMOKE ' <<<"$setup" || true)" || true
[ -n "${DEVICE_KEY:-}" ] || fail "the setup printed no meeting and device: $setup"

# --- gunicorn and the worker, as the README starts them --------------------------------------------
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
say "starting gunicorn on 127.0.0.1:$PORT and the RQ worker"
"$VENV/bin/gunicorn" secretariat.wsgi --preload --worker-class gthread --workers 2 --threads 2 \
  -b "127.0.0.1:$PORT" --timeout 60 >"$WORK/gunicorn.log" 2>&1 &
server_pid=$!
"$PY" manage.py rqworker default --job-class django_tasks_rq.Job >"$WORK/worker.log" 2>&1 &
worker_pid=$!

for _ in $(seq 1 "$SMOKE_TIMEOUT"); do
  curl -s -o /dev/null --max-time 2 "$BASE/" && break
  kill -0 "$server_pid" 2>/dev/null || fail "gunicorn exited"
  sleep 1
done
curl -s -o /dev/null --max-time 2 "$BASE/" || fail "gunicorn does not answer after ${SMOKE_TIMEOUT}s"

# --- HTTP: one cookie jar per session. Cookies are Secure (HTTPS behind the proxy), which curl never
# sends over http://, so they are kept here and sent as a header. -------------------------------------
declare -A JAR_staff JAR_nodevice JAR_public
jar=public
request() {  # request METHOD PATH [curl args...]: sets $code, $body (file), $headers (file)
  local method=$1 path=$2
  shift 2
  local -n cookies="JAR_$jar"
  local cookie_header="" name
  for name in "${!cookies[@]}"; do cookie_header+="$name=${cookies[$name]}; "; done
  body="$WORK/body" headers="$WORK/headers"
  code=$(curl -sS -X "$method" -o "$body" -D "$headers" -w '%{http_code}' --max-time 60 \
    -H "Host: $HOST" -H "X-Forwarded-Proto: https" -H "Referer: https://$HOST$path" \
    ${cookie_header:+-H "Cookie: $cookie_header"} "$@" "$BASE$path") || fail "$method $path: no answer"
  local line
  while IFS= read -r line; do
    line=${line%$'\r'}
    if [[ ${line,,} == set-cookie:* ]]; then
      line=${line#*: }
      line=${line%%;*}
      cookies[${line%%=*}]=${line#*=}
    fi
  done <"$headers"
}
header() { grep -i "^$1:" "$headers" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }
expect() {  # expect CODE what
  [ "$code" = "$1" ] || fail "$2: HTTP $code, expected $1"
  say "ok: $2 ($code)"
}
csrf_token() { grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' "$body" | head -n 1 | sed 's/.*value="//; s/"$//'; }
totp_token() {
  "$PY" -c 'import sys; from django_otp.oath import totp; print(f"{totp(bytes.fromhex(sys.argv[1])):06d}")' "$DEVICE_KEY"
}
log_in() {  # log_in USERNAME: the password step of the two-factor login
  request GET /account/login/
  expect 200 "login page"
  request POST /account/login/ --data-urlencode "csrfmiddlewaretoken=$(csrf_token)" \
    --data-urlencode "login_view-current_step=auth" --data-urlencode "auth-username=$1" \
    --data-urlencode "auth-password=$PASSWORD"
}
STAFF_PAGE=/compliance/CCM/staff/
STAFF_TEXT="Compliance table for a meeting"

jar=public
request GET /
expect 200 "home page"
css=$(grep -o '/static/secretariat/css/portal\.[0-9a-f]*\.css' "$body" | head -n 1)
[ -n "$css" ] || fail "the home page links no hashed portal.css (manifest storage not used?)"
request GET "$css"
expect 200 "home page CSS $css"
[[ $(header Content-Type) == text/css* ]] || fail "$css is served as $(header Content-Type)"

request GET "/meetings/$MEETING_ID/"
expect 200 "published meeting page"
grep -q "Second Meeting of States Parties" "$body" || fail "the meeting page does not show the meeting"

# The public never waits for a render in a web thread: the first request queues a build (202, "being
# prepared", Retry-After) that the RQ worker runs; the PDF is served once it is built.
request GET /conventions/CCM/status.ar.pdf
if [ "$code" = 202 ]; then
  say "ok: the public's first request queued a build (202)"
  for _ in $(seq 1 "$SMOKE_TIMEOUT"); do
    sleep 1
    request GET /conventions/CCM/status.ar.pdf
    [ "$code" = 202 ] || break
  done
fi
expect 200 "Status of the Convention, Arabic PDF (built by the RQ worker)"
[ "$(head -c 4 "$body")" = "%PDF" ] || fail "status.ar.pdf is not a PDF"
if command -v pdffonts >/dev/null; then
  fonts=$(pdffonts "$body" | tail -n +3)
  [ -n "$fonts" ] || fail "status.ar.pdf has no fonts"
  awk '{ if ($(NF-4) != "yes") bad = 1 } END { exit bad }' <<<"$fonts" || fail "a font is not embedded: $fonts"
  grep -q Amiri <<<"$fonts" || fail "the Arabic PDF is not set in the vendored Amiri: $fonts"
  say "ok: every font of the PDF is embedded"
fi

request GET "$STAFF_PAGE"
[ "$code" != 200 ] || fail "the staff page answers 200 to the public"
say "ok: the staff page is refused to the public ($code)"

jar=nodevice
log_in smoke-staff-nodevice
expect 302 "password login of a staff member without a device"
request GET "$STAFF_PAGE"
[ "$code" != 200 ] && ! grep -q "$STAFF_TEXT" "$body" || fail "the staff page answers a staff session without a second factor"
[[ $(header Location) == /account/two_factor/setup/* ]] || fail "no second factor: sent to $(header Location), not the setup"
say "ok: without a second factor the staff page sends to $(header Location) ($code)"

jar=staff
log_in smoke-staff
expect 200 "password step of a staff member with a device (the token step follows)"
grep -q 'name="token-otp_token"' "$body" || fail "the login did not ask for the token"
request POST /account/login/ --data-urlencode "csrfmiddlewaretoken=$(csrf_token)" \
  --data-urlencode "login_view-current_step=token" --data-urlencode "token-otp_token=$(totp_token)"
expect 302 "token step"
request GET "$STAFF_PAGE"
expect 200 "staff page after the second factor"
grep -q "$STAFF_TEXT" "$body" || fail "the staff page does not show the staff dashboard"

# The worker: a document build queued on Redis, rendered by the RQ worker, downloaded by staff.
build=$(manage shell -v 0 -c "
from django.contrib.auth import get_user_model
from meetings.models import Meeting
from meetings.services import meeting_document_request
staff = get_user_model().objects.get(username='smoke-staff')
build = meeting_document_request(actor=staff, meeting=Meeting.objects.get(pk=$MEETING_ID), kind='agenda', language='en')
print('BUILD', build.pk)" | awk '/^BUILD /{print $2}') || true
[ -n "$build" ] || fail "queueing a document build"
for _ in $(seq 1 "$SMOKE_TIMEOUT"); do
  request GET "/document-builds/$build/download/"
  [ "$code" = 200 ] && break
  kill -0 "$worker_pid" 2>/dev/null || fail "the RQ worker exited"
  sleep 1
done
expect 200 "document built by the RQ worker, downloaded by staff"
[ "$(head -c 4 "$body")" = "%PDF" ] || fail "the built document is not a PDF"

jar=public
request GET /meetings/999999/
expect 404 "missing meeting"
request GET /no-such-page/
expect 404 "missing page"

say "passed"
