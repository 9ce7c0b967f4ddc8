#!/usr/bin/env bash
# Runs the steps of docs/discourse-docker.md that a machine without Docker can run, on 127.0.0.1 only, in a temp dir:
#
#   curl (as visitor 127.0.0.2) ──https──▶ nginx (conf/nginx-in-front.conf) ──▶ avatar-offload (upstream.url: unix:)
#        ──▶ "the container's nginx" on a unix socket, with web.socketed.template.yml's `set_real_ip_from unix:;`
#
# The container's nginx stands in for Discourse: it answers a page with the address it took as the visitor's
# ($remote_addr after the realip module, what Discourse's rate limits see) and serves one avatar master with
# Discourse's cache headers. Then it is stopped, as `./launcher rebuild` stops the container, and the visitor must get
# upstream.errorPage (503, Retry-After) while the avatar already stored is still served.
#
# Not run here: ./launcher and a real Discourse container, certbot, systemd. Needs Java 17, Maven, nginx, openssl and
# curl (installed with apt-get when missing and run as root). Usage: docs/discourse-docker-check.sh   (exit 0: all held)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

need=""
for tool in nginx openssl curl; do command -v "$tool" >/dev/null 2>&1 || need="$need $tool"; done
if [ -n "$need" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
  else
    echo "needs$need (apt-get install$need)" >&2; exit 2
  fi
fi
jar=$repo/standalone/target/avatar-offload.jar
[ -f "$jar" ] || mvn -B -q package -DskipTests

work=$(mktemp -d /tmp/discourse-docker-check.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { # a port nothing answers on
  local p; while :; do p=$(shuf -i 20000-60000 -n 1); (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done
}
failed=0
check() { # check "what" expected actual
  if [[ "$3" == *"$2"* ]]; then echo "ok    $1"; else echo "FAIL  $1: expected '$2' in: $3"; failed=1; fi
}

echo "== the container's nginx on a unix socket (web.socketed.template.yml), with one avatar master"
socket=$work/shared/nginx.http.sock
mkdir -p "$work/shared" "$work/forum/user_avatar/forum.example.com/alice/288"
cat > "$work/Master.java" <<'JAVA'
import java.awt.Color; import java.awt.image.BufferedImage; import java.io.File; import javax.imageio.ImageIO;
public class Master { public static void main(String[] a) throws Exception {
  BufferedImage img = new BufferedImage(288, 288, BufferedImage.TYPE_INT_RGB);
  for (int y = 0; y < 288; y++) for (int x = 0; x < 288; x++) img.setRGB(x, y, new Color(200, 40, 40).getRGB());
  ImageIO.write(img, "png", new File(a[0])); } }
JAVA
java "$work/Master.java" "$work/forum/user_avatar/forum.example.com/alice/288/1_2.png"
cat > "$work/container.conf" <<EOF
daemon off; master_process off; pid $work/container.pid; error_log $work/container.err warn;
events {}
http {
  access_log off; client_body_temp_path $work/cbody; proxy_temp_path $work/cproxy;
  server {
    listen unix:$socket;
    set_real_ip_from unix:;            # as web.socketed.template.yml adds; real_ip_header defaults to X-Real-IP
    location /user_avatar/ {
      root $work/forum;
      add_header Cache-Control "max-age=31556952, public, immutable";
    }
    location / { default_type text/plain; return 200 "remote_addr=\$remote_addr\n"; }
  }
}
EOF
nginx -c "$work/container.conf" -p "$work" & container=$!; pids+=("$container")

echo "== avatar-offload: upstream.url unix:, trustForwardedHeaders, errorPage"
port=$(free_port)
printf '<!doctype html><title>Back in a few minutes</title><p>The forum is being updated.</p>\n' > "$work/maintenance.html"
cat > "$work/avatar-offload.yml" <<EOF
server: { host: 127.0.0.1, port: $port }
upstream:
  url: unix:$socket
  trustForwardedHeaders: true
  errorPage: $work/maintenance.html
store: { type: file, file: { dir: $work/store } }
cache: { dir: $work/cache }
routes:
  - name: user_avatar
    path: /user_avatar/{hostname}/{username}/{size}/{version}.png
    key: "{hostname}/{username}/{version}"
    sizes: [24, 48, 72, 96, 144, 288]
    source: /user_avatar/{hostname}/{username}/288/{version}.png
EOF
for _ in $(seq 50); do [ -S "$socket" ] && break; sleep 0.1; done
java -jar "$jar" check-config --config "$work/avatar-offload.yml" \
  --sample /user_avatar/forum.example.com/alice/288/1_2.png | tee "$work/check-config.out" | sed 's/^/    /'
java -jar "$jar" serve --config "$work/avatar-offload.yml" > "$work/serve.log" 2>&1 & pids+=("$!")
for _ in $(seq 100); do grep -q "listening on" "$work/serve.log" && break; sleep 0.2; done

echo "== nginx on the host: conf/nginx-in-front.conf with a self-signed certificate"
https=$(free_port); http=$(free_port)
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=forum.example.com \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
sed -e "s|server 127.0.0.1:8080;|server 127.0.0.1:$port;|" -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https ssl http2;|" \
    -e "s|listen 80;|listen 127.0.0.1:$http;|" -e '/listen \[::\]/d' \
    -e "s|/etc/letsencrypt/live/forum.example.com/fullchain.pem|$work/cert.pem|" \
    -e "s|/etc/letsencrypt/live/forum.example.com/privkey.pem|$work/key.pem|" conf/nginx-in-front.conf > "$work/site.conf"
cat > "$work/host.conf" <<EOF
daemon off; master_process off; pid $work/host.pid; error_log $work/host.err warn;
events {}
http { access_log off; client_body_temp_path $work/hbody; proxy_temp_path $work/hproxy; include $work/site.conf; }
EOF
nginx -c "$work/host.conf" -p "$work" & pids+=("$!")
for _ in $(seq 50); do curl -sk --max-time 2 -o /dev/null "https://127.0.0.1:$https/" && break; sleep 0.1; done
visit() { # head and body as visitor 127.0.0.2; head only for an image (--head-only as $2)
  curl -sk --http1.1 --max-time 20 --interface 127.0.0.2 --resolve "forum.example.com:$https:127.0.0.1" -D - \
    ${2:+-o /dev/null} "https://forum.example.com:$https$1"
}

echo "== checks"
check "check-config passes, the sample is a master" "all checks passed" "$(cat "$work/check-config.out")"
check "Discourse's nginx takes the visitor's address (127.0.0.2)" "remote_addr=127.0.0.2" "$(visit /latest)"
avatar=$(visit /user_avatar/forum.example.com/alice/48/1_2.png head | tr -d '\r')
check "an avatar, made by avatar-offload from the master fetched over the socket" "X-Avatar-Offload:" "$avatar"
check "  with the year-long cache headers" "max-age=31556952" "$avatar"

echo "== ./launcher rebuild: the container stops"
kill "$container"; wait "$container" 2>/dev/null || true; rm -f "$socket"
down=$(visit /latest | tr -d '\r')
check "a page gets the maintenance page" "503" "$(head -1 <<<"$down")"
check "  with Retry-After" "Retry-After: 30" "$down"
check "  and the page itself" "Back in a few minutes" "$down"
check "the stored avatar is still served" "HTTP/1.1 200" "$(visit /user_avatar/forum.example.com/alice/96/1_2.png head | head -1)"

[ "$failed" = 0 ] && echo "all checks held" || echo "some checks failed; logs in $work were removed, rerun with 'trap - EXIT'"
exit "$failed"
