#!/bin/bash
# Outside check of issue 21's table against the demo jar: two replicas on one redis-server, OTLP sink.
set -u
DIR=$(cd "$(dirname "$0")" && pwd)
cd "$DIR/.."
J=$(ls demo-gateway/target/*.jar | grep -v plain | head -1)
free() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
R=$(free); A=$(free); B=$(free); E=$(free); I=$(free); O=$(free)
OUT=${OUT:-/tmp/cometgate-check}; mkdir -p $OUT; cp "$DIR/failure-bounds-otlp-sink.py" $OUT/sink.py; rm -f $OUT/spans.bin $OUT/*.log
# Everything printed is kept in $OUT/out.txt too.
exec > >(tee $OUT/out.txt) 2>&1
redis-server --port $R --bind 127.0.0.1 --save "" --appendonly no > $OUT/redis.log 2>&1 & echo $! > $OUT/redis.pid
python3 $OUT/sink.py $O $OUT/spans.bin & echo $! > $OUT/sink.pid
KEY=$(openssl rand -base64 32)
COMMON="--spring.data.redis.url=redis://127.0.0.1:$R --cometchat.token-cache.encryption-key=$KEY --management.tracing.sampling.probability=1 --management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:$O/v1/traces"
# Replica A logs WebClient, Spring's codecs and Reactor Netty at TRACE: the secrets must stay out of those lines too.
TRACE="--logging.level.org.springframework.web.reactive.function.client=TRACE --logging.level.org.springframework.http.codec=TRACE --logging.level.reactor.netty=TRACE --logging.level.io.cometgate=TRACE"
java -Xmx384m -jar $J --server.port=$A --demo.emulator.port=$E --demo.issuer.port=$I $COMMON $TRACE > $OUT/a.log 2>&1 & echo $! > $OUT/a.pid
for i in $(seq 1 120); do curl -s -o /dev/null http://127.0.0.1:$A/actuator/health && break; sleep 1; done
java -Xmx384m -jar $J --server.port=$B --cometchat.app-id=demo-app --cometchat.region=us \
  --cometchat.rest-api-key=dev-rest-api-key-0000000000000000 --cometchat.base-url=http://127.0.0.1:$E/v3 \
  --spring.security.oauth2.resourceserver.jwt.issuer-uri=http://localhost:$I/demo $COMMON > $OUT/b.log 2>&1 & echo $! > $OUT/b.pid
for i in $(seq 1 120); do curl -s -o /dev/null http://127.0.0.1:$B/actuator/health && break; sleep 1; done
echo "ports redis=$R a=$A b=$B emulator=$E issuer=$I sink=$O"
jwt() { curl -s -X POST http://localhost:$I/demo/token -d grant_type=client_credentials -d client_id=$1 -d client_secret=dev -d scope=openid | grep -o '"access_token" *: *"[^"]*"' | cut -d'"' -f4; }
tok() { grep -o '"authToken" *: *"[^"]*"' | cut -d'"' -f4; }
post() { curl -s -w ' %{http_code} %{time_total}' -X POST http://127.0.0.1:$1/cometchat-token -H "Authorization: Bearer $2"; }
del() { curl -s -o /dev/null -w '%{http_code} %{time_total}' -X DELETE http://127.0.0.1:$1/cometchat-token -H "Authorization: Bearer $2"; }
S=$(date +%s)
# Warm-up: the first requests of a just-started JVM on a loaded machine are slow (JIT, first connections, JWKS).
for i in 1 2 3; do WJ=$(jwt warm$i$S); echo "warm-up A $(post $A $WJ | tail -c 12) B $(post $B $WJ | tail -c 12)"; done

echo "== row 1: spans (mint, then logout on A; sampling 1, OTLP)"
J1=$(jwt span$S); R1=$(post $A $J1); T1=$(echo "$R1" | tok); echo "mint: $(echo "$R1" | tail -c 20) ... token ${T1:0:8}... (length ${#T1})"
echo "logout: $(del $A $J1)"
sleep 12
[ -n "$T1" ] || echo "NO TOKEN MINTED"
echo "span bytes: $(stat -c %s $OUT/spans.bin 2>/dev/null); token found in spans: $(grep -c -a "$T1" $OUT/spans.bin); REDACTED found: $(grep -c -a REDACTED $OUT/spans.bin); key found: $(grep -c -a dev-rest-api-key $OUT/spans.bin)"
# Log lines by level and by logger (Logback abbreviates the package names: r.n.*, o.s.w.r.f.client.*, o.s.http.codec.*).
LEVELS=$(grep -a -o -E '^[0-9T:.-]+Z +(TRACE|DEBUG)' $OUT/a.log | awk '{print $2}' | sort | uniq -c | awk '{printf "%s %s, ", $1, $2}')
NETTY=$(grep -a -c -E '^[0-9T:.-]+Z +(TRACE|DEBUG) .* (r\.n\.|r\.netty\.|reactor\.netty\.|o\.s\.w\.r\.f\.client\.|o\.s\.http\.codec\.)[A-Za-z.]* *:' $OUT/a.log)
echo "token in logs: A $(grep -c -a "$T1" $OUT/a.log) B $(grep -c -a "$T1" $OUT/b.log) (A: $(wc -l < $OUT/a.log) lines, ${LEVELS}$NETTY of them DEBUG/TRACE lines of WebClient, Spring's codecs and Reactor Netty)"
echo "REST key in logs: A $(grep -c -a dev-rest-api-key $OUT/a.log) B $(grep -c -a dev-rest-api-key $OUT/b.log); encryption key in spans: $(grep -c -a -F "$KEY" $OUT/spans.bin), in logs: $(cat $OUT/a.log $OUT/b.log | grep -c -a -F "$KEY")"
OPS=$(curl -s -X POST http://localhost:$I/demo/token -d grant_type=client_credentials -d client_id=cometgate-ops -d client_secret=dev -d scope=openid | grep -o '"access_token" *: *"[^"]*"' | cut -d'"' -f4)
curl -s -H "Authorization: Bearer $OPS" http://127.0.0.1:$A/actuator/prometheus > $OUT/prometheus.txt
echo "metrics: $(grep -c -v '^#' $OUT/prometheus.txt) samples scraped from A; token in them: $(grep -c -a "$T1" $OUT/prometheus.txt), REST key: $(grep -c -a dev-rest-api-key $OUT/prometheus.txt), encryption key: $(grep -c -a -F "$KEY" $OUT/prometheus.txt)"

echo "== row 2: logout on B right after B saw a Redis command time out"
J2=$(jwt logout$S); T2=$(post $A $J2 | tok); T2B=$(post $B $J2 | tok); echo "A and B hand out the same token: $([ -n "$T2" ] && [ "$T2" = "$T2B" ] && echo yes || echo no) (${T2:0:8}..., ${T2B:0:8}...)"
J3=$(jwt blip$S)
redis-cli -p $R CLIENT PAUSE 1200 > /dev/null; echo "request on B during the pause: $(post $B $J3 | tail -c 20)"
echo "logout on B: $(del $B $J2)"
sleep 3
T2A=$(post $A $J2 | tok); echo "3 s later A hands out: $([ -z "$T2A" ] && echo 'NO TOKEN (request failed)' || { [ "$T2A" = "$T2" ] && echo 'THE REVOKED TOKEN' || echo 'a new token'; }) (${T2A:0:8}...)"
echo "a token is cached again for the user (A's new one): $(redis-cli -p $R EXISTS cometgate:tok:demo-app:logout$S)"

echo "== row 3: a new user's request while Redis is paused 1.2 s"
sleep 3
J5=$(jwt pause$S); redis-cli -p $R CLIENT PAUSE 1200 > /dev/null; echo "new user on A: $(post $A $J5 | tail -c 20)"
sleep 3

echo "== row 4: another replica's orphaned lock on a new user (30 s TTL)"
J4=$(jwt lock$S); redis-cli -p $R SET cometgate:lock:demo-app:lock$S foreign PX 30000 > /dev/null
echo "new user on B: $(post $B $J4 | tail -c 20)"
sleep 1; echo "its audit line: $(grep -a -o "uid=lock$S outcome=[A-Z]* status=[0-9]* latencyMs=[0-9]* upstreamCalls=[0-9]*" $OUT/b.log)"

echo "== logs: warnings of interest"
grep -a -h "did not reach Redis\|reached Redis\|silent\|Token invalidation" $OUT/a.log $OUT/b.log | cut -c1-220 | head
kill $(cat $OUT/a.pid) $(cat $OUT/b.pid); sleep 8; kill $(cat $OUT/sink.pid) $(cat $OUT/redis.pid)
