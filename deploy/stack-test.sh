#!/usr/bin/env bash
# The stack of docker-compose.yml, run for real and checked from the host as a platform team would try it:
#   1. a JWT from the issuer port, a CometChat token through the load balancer;
#   2. the demo page's issuer (/page/config.json) answers its discovery document from the host; a person signs in
#      there (authorization code with PKCE, as the page does) and keeps their own subject; a 12 KB JWT passes nginx
#      and both replicas; the page's same-origin POST is not taken for a cross-origin one;
#   3. Prometheus (observability profile) scrapes both replicas: targets up, cometgate_* series, and every query of
#      the Grafana dashboard runs against those series;
#   4. Redis restarted: 20 of 20 answered 200, and the warmed users cost at most one mint each (no burst);
#   5. gateway-1 killed under 30 requests: 30 answered 200 (last: nothing after it waits for the replica's restart);
#   6. docker compose down -v leaves no container, network or volume of the project.
# Needs: a running Docker engine with Compose v2, curl, jq, openssl; the jars staged (deploy/stage-jars.sh).
# Every wait is bounded; the stack is taken down on every exit path. Ports default to values off the usual ones
# (GATEWAY_PORT=18080 ...), so that a demo running on the host does not collide.
#   SKIP_MAVEN=1 deploy/stack-test.sh      (jars already built by this checkout)
set -euo pipefail
cd "$(dirname "$0")/.."

export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-cometgate}
export GATEWAY_PORT=${GATEWAY_PORT:-18080} ISSUER_PORT=${ISSUER_PORT:-18081} GATEWAY_1_PORT=${GATEWAY_1_PORT:-18082}
export GATEWAY_2_PORT=${GATEWAY_2_PORT:-18083} EMULATOR_PORT=${EMULATOR_PORT:-18089} PROMETHEUS_PORT=${PROMETHEUS_PORT:-18090}
compose=(docker compose --profile observability)
lb=http://localhost:$GATEWAY_PORT
issuer_port=http://localhost:$ISSUER_PORT
emulator=http://localhost:$EMULATOR_PORT
prometheus=http://localhost:$PROMETHEUS_PORT
started=$(date +%s)
failures=0

finish() {
    status=$?
    if [ "$status" -ne 0 ] || [ "$failures" -ne 0 ]; then
        echo "---- last log lines of each service"
        "${compose[@]}" logs --no-color --tail 30 2>&1 | tail -200 || true
    fi
    timeout 120 "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
    elapsed=$(( $(date +%s) - started ))
    if [ "$status" -eq 0 ] && [ "$failures" -eq 0 ]; then
        echo "STACK TEST PASSED in ${elapsed}s (docker compose up --build, browser sign-in, 12 KB JWT, replica killed, Redis restarted, Prometheus, down -v)"
    else
        echo "STACK TEST FAILED in ${elapsed}s: $failures check(s) failed, exit status $status"
        [ "$status" -ne 0 ] || status=1
    fi
    exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

check() { # check "what" condition...
    local what=$1
    shift
    if "$@"; then
        echo "ok   $what"
    else
        echo "FAIL $what"
        failures=$((failures + 1))
    fi
}

# A JWT by client credentials: the client id becomes "sub".
client_jwt() {
    curl -fsS --max-time 10 -X POST "$issuer_port/demo/token" -d grant_type=client_credentials -d "client_id=$1" \
        -d client_secret=dev -d scope=openid | jq -r .access_token
}

# POST /cometchat-token; prints the HTTP status (000 when no answer).
token_status() { # url jwt
    curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X POST "$1/cometchat-token" -H "Authorization: Bearer $2" || true
}

claim() { # jwt name
    cut -d. -f2 <<<"$1" | tr '_-' '/+' | base64 -d 2>/dev/null | jq -r ".$2" 2>/dev/null || true
}

mints() {
    curl -fsS --max-time 10 "$emulator/_emulator/counters" | jq -r '.CREATE_AUTH_TOKEN // 0'
}

echo "== build and start (ports $GATEWAY_PORT $ISSUER_PORT $GATEWAY_1_PORT $GATEWAY_2_PORT $EMULATOR_PORT $PROMETHEUS_PORT)"
deploy/stage-jars.sh
deploy/base-image.sh
"${compose[@]}" build -q
"${compose[@]}" up -d --wait --wait-timeout 420
echo "stack up after $(( $(date +%s) - started ))s"

# Cold JVMs on a small machine: the first token requests of each replica (a user creation and a mint, through code
# not yet compiled, at an emulator just as cold) took 7 to 21 s here, and some answered 504 (COMETCHAT_TIMEOUT). Up
# to three requests per replica first, not counted, until one answers 200, so that the checks below are about the
# stack and not about JIT warm-up; each one's status, error code and time are printed.
for port in "$GATEWAY_1_PORT" "$GATEWAY_2_PORT"; do
    for attempt in 1 2 3; do
        warm=$(client_jwt "warm-up-$port-$attempt")
        result=$(curl -s -o /tmp/cometgate-warm-up.json -w '%{http_code} in %{time_total}s' --max-time 60 -X POST \
            "http://localhost:$port/cometchat-token" -H "Authorization: Bearer $warm" || true)
        echo "warm-up at :$port: $result $(jq -r '.error.code // ""' /tmp/cometgate-warm-up.json 2>/dev/null) (not counted)"
        [ "${result%% *}" = 200 ] && break
    done
done
rm -f /tmp/cometgate-warm-up.json

echo "== 1. a JWT from the issuer port, a CometChat token through the load balancer"
alice=$(client_jwt alice)
check "client-credentials JWT names its client as sub" [ "$(claim "$alice" sub)" = alice ]
check "its iss is the one issuer URL (http://localhost:$ISSUER_PORT/demo)" \
    [ "$(claim "$alice" iss)" = "http://localhost:$ISSUER_PORT/demo" ]
answer=$(curl -fsS --max-time 30 -X POST "$lb/cometchat-token" -H "Authorization: Bearer $alice" || true)
# Printed without the token itself: its uid, or the error.
check "token through the load balancer: uid alice and an authToken ($(jq -c '.error // {uid}' <<<"$answer" 2>/dev/null))" \
    [ "$(jq -r '.uid + " " + (.authToken | length > 0 | tostring)' <<<"$answer" 2>/dev/null)" = "alice true" ]

echo "== 2. the demo page's issuer, a browser sign-in (PKCE), a 12 KB JWT"
page_issuer=$(curl -fsS --max-time 10 "$lb/page/config.json" | jq -r .issuer)
client_id=$(curl -fsS --max-time 10 "$lb/page/config.json" | jq -r .clientId)
check "config.json names the issuer at the host's issuer port" [ "$page_issuer" = "http://localhost:$ISSUER_PORT/demo" ]
discovery=$(curl -fsS --max-time 10 "$page_issuer/.well-known/openid-configuration" || true)
check "its discovery document answers from the host, same issuer" [ "$(jq -r .issuer <<<"$discovery")" = "$page_issuer" ]
authorize=$(jq -r .authorization_endpoint <<<"$discovery")
token_endpoint=$(jq -r .token_endpoint <<<"$discovery")
verifier=$(openssl rand -hex 32)
challenge=$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '=')
redirect="$lb/"
query="response_type=code&client_id=$client_id&redirect_uri=$(jq -rn --arg u "$redirect" '$u|@uri')&scope=openid&state=s1&code_challenge=$challenge&code_challenge_method=S256"
login_form=$(curl -fsS --max-time 10 "$authorize?$query" || true)
check "the authorization endpoint shows the login form" grep -qi '<form' <<<"$login_form"
# Large group claims, as an identity provider may put into an ID or access token: about 12 KB once signed.
groups=$(jq -cn '[range(0; 300) | "group-with-a-long-name-\(.)"]')
location=$(curl -s -o /dev/null -w '%{redirect_url}' --max-time 10 -X POST "$authorize?$query" \
    --data-urlencode username=bob --data-urlencode "claims={\"groups\": $groups}" || true)
code=$(sed -n 's/.*[?&]code=\([^&]*\).*/\1/p' <<<"$location")
redirected=false
[ -n "$code" ] && [ "${location#"$redirect"}" != "$location" ] && redirected=true
check "signing in as bob redirects back to the page with a code" "$redirected"
bob=$(curl -fsS --max-time 10 -X POST "$token_endpoint" -d grant_type=authorization_code -d "code=$code" \
    -d "client_id=$client_id" --data-urlencode "redirect_uri=$redirect" -d "code_verifier=$verifier" | jq -r .access_token || true)
check "bob keeps his own subject (not the page's client id)" [ "$(claim "$bob" sub)" = bob ]
check "bob's JWT is over 12 KB (${#bob} characters)" [ "${#bob}" -ge 12000 ]
check "12 KB JWT through nginx: 200" [ "$(token_status "$lb" "$bob")" = 200 ]
check "12 KB JWT at gateway-1: 200" [ "$(token_status "http://localhost:$GATEWAY_1_PORT" "$bob")" = 200 ]
check "12 KB JWT at gateway-2: 200" [ "$(token_status "http://localhost:$GATEWAY_2_PORT" "$bob")" = 200 ]
same_origin=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X POST "$lb/cometchat-token" \
    -H "Origin: $lb" -H "Authorization: Bearer $alice" || true)
check "the page's same-origin POST (Origin $lb) through nginx: 200 (was $same_origin)" [ "$same_origin" = 200 ]

echo "== 3. Prometheus scrapes both replicas"
up=0
for _ in $(seq 1 60); do
    up=$(curl -fsS --max-time 5 "$prometheus/api/v1/targets" | jq '[.data.activeTargets[] | select(.health == "up")] | length' || echo 0)
    [ "$up" = 2 ] && break
    sleep 2
done
check "both replicas' targets are up ($up of 2)" [ "$up" = 2 ]
names=$(curl -fsS --max-time 10 "$prometheus/api/v1/label/__name__/values" | jq -r '.data[]' || true)
check "cometgate_* series present ($(grep -c '^cometgate_' <<<"$names" || true))" grep -q '^cometgate_requests_seconds_count$' <<<"$names"
while IFS= read -r expr; do
    query=${expr//\$__rate_interval/1m}
    result=$(curl -fsS --max-time 10 "$prometheus/api/v1/query" --data-urlencode "query=$query" || true)
    missing=""
    for metric in $(grep -o 'cometgate_[a-z_]*' <<<"$expr" | sort -u); do
        grep -qx "$metric" <<<"$names" || missing="$missing $metric"
    done
    answered=false
    [ "$(jq -r .status <<<"$result" 2>/dev/null)" = success ] && [ -z "$missing" ] && answered=true
    check "dashboard query runs and its series exist${missing:+ (missing:$missing)}: $expr" "$answered"
done < <(jq -r '.panels[] | select(.type != "row") | .targets[].expr' deploy/grafana/dashboards/cometgate.json)

echo "== 4. Redis restarted"
users=(); for i in $(seq 1 10); do users+=("$(client_jwt "warm-$i")"); done
for jwt in "${users[@]}"; do token_status "$lb" "$jwt" >/dev/null; done
before=$(mints)
"${compose[@]}" restart redis >/dev/null 2>&1
for _ in $(seq 1 60); do
    [ "$(docker inspect -f '{{.State.Health.Status}}' "$("${compose[@]}" ps -q redis)")" = healthy ] && break
    sleep 1
done
ok=0
for round in 1 2; do
    for jwt in "${users[@]}"; do [ "$(token_status "$lb" "$jwt")" = 200 ] && ok=$((ok + 1)); done
done
after=$(mints)
check "Redis restarted (empty): $ok of 20 requests answered 200" [ "$ok" = 20 ]
check "the 10 warmed users cost $((after - before)) mints for 20 requests (at most one each)" [ $((after - before)) -le 10 ]

echo "== 5. gateway-1 killed under 30 requests"
# 30 users, one request each, so that no per-user limit (10 a minute) answers 429; each asked once before.
killed_users=(); for i in $(seq 1 30); do killed_users+=("$(client_jwt "user-$i")"); done
ok=0; for jwt in "${killed_users[@]}"; do [ "$(token_status "$lb" "$jwt")" = 200 ] && ok=$((ok + 1)); done
check "30 users' first tokens through the load balancer: $ok answered 200" [ "$ok" = 30 ]
statuses=$(mktemp)
for jwt in "${killed_users[@]}"; do
    token_status "$lb" "$jwt" >>"$statuses"
    echo >>"$statuses"
done &
requests=$!
for _ in $(seq 1 300); do [ "$(wc -l <"$statuses")" -ge 10 ] && break; sleep 0.1; done
"${compose[@]}" kill gateway-1 >/dev/null 2>&1
echo "gateway-1 killed after $(wc -l <"$statuses") answers"
wait "$requests"
ok=$(grep -c '^200$' "$statuses" || true)
check "30 requests with gateway-1 killed: $ok answered 200 ($(sort "$statuses" | uniq -c | tr -s ' \n' ' '))" [ "$ok" = 30 ]
rm -f "$statuses"

echo "== 6. docker compose down -v leaves nothing"
timeout 120 "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1
label="label=com.docker.compose.project=$COMPOSE_PROJECT_NAME"
left="$(docker ps -aq --filter "$label") $(docker network ls -q --filter "$label") $(docker volume ls -q --filter "$label")"
check "no container, network or volume of project $COMPOSE_PROJECT_NAME left" [ -z "${left// /}" ]
