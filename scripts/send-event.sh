#!/usr/bin/env bash
# Sends a JSON file to the hub as a Standard Webhooks-signed event, the way an HR platform would.
#   scripts/send-event.sh samples/employee.created.json            # source "demo", localhost:8080
#   HUB_URL=http://host:8080 SOURCE=demo SECRET=whsec_... scripts/send-event.sh FILE [EVENT_ID]
set -euo pipefail
file=${1:?usage: $0 FILE [EVENT_ID]}
id=${2:-msg_$(date +%s%N)}
url=${HUB_URL:-http://localhost:8080}/webhooks/${SOURCE:-demo}
# The demo source's documented secret (application.yaml); never use it in production.
secret=${SECRET:-whsec_aHItd2ViaG9vay1odWIgZGVtbyBzZWNyZXQgLSBub3QgZm9yIHByb2R1Y3Rpb24=}
ts=$(date +%s)
key_hex=$(printf '%s' "${secret#whsec_}" | base64 -d | od -An -v -tx1 | tr -d ' \n')
sig=$( { printf '%s.%s.' "$id" "$ts"; cat "$file"; } | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | base64 -w0)
curl -sS -X POST "$url" \
  -H 'Content-Type: application/json' \
  -H "webhook-id: $id" -H "webhook-timestamp: $ts" -H "webhook-signature: v1,$sig" \
  --data-binary "@$file" -w '\nHTTP %{http_code}\n'
