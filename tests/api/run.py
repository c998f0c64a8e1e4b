#!/usr/bin/env python3
"""The OpenAPI document is true: schemathesis against the real server, in three bounded runs.

Usage: run.py SCHEMATHESIS SERVER REPORT_DIR

Starts SERVER (the release binary, in sandbox mode, on a free port, with a fresh data directory)
and runs SCHEMATHESIS three times against its /api/v1/openapi.json: without a session, with the
session of a signed-in applicant who has not registered, and with a registered enterprise's. Each
run is bounded by --max-examples and a timeout. Prints each run's result and ends with one line,
`api contract: N passed, N failed`, counted from schemathesis's JUnit reports (one test per
operation and run).
"""

import http.client
import json
import os
import random
import socket
import string
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAX_EXAMPLES = "50"
SEED = "20261202"
RUN_TIMEOUT_S = 300


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    if body is not None:
        request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.status, json.loads(answer.read() or b"null")


def unfollowed(base, method, path, body=None, headers=None):
    """One request whose redirect is not followed: (status, headers)."""
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(base).netloc, timeout=10)
    connection.request(method, path, body=body, headers=headers or {})
    answer = connection.getresponse()
    answer.read()
    connection.close()
    return answer.status, answer.headers


def path_of(location):
    parts = urllib.parse.urlsplit(location)
    return parts.path + ("?" + parts.query if parts.query else "")


def signed_in(base):
    """A desktop's session, its QR code confirmed by a phone on the sandbox's WeChat (WeChat's
    web authorization, over HTTP, with the phone's cookie)."""
    _, ticket = call(base, "POST", "/api/v1/tickets")
    phone = urllib.parse.quote(f"/m/sign-in/{ticket['id']}", safe="")
    _, to_wechat = unfollowed(base, "GET", f"/auth/wechat?ticket={ticket['id']}&return={phone}")
    cookie = to_wechat["set-cookie"].split(";")[0]
    page, query = path_of(to_wechat["location"]).split("?", 1)
    _, confirmed = unfollowed(base, "POST", page, (query + "&user=new").encode(),
                              {"content-type": "application/x-www-form-urlencoded"})
    _, back = unfollowed(base, "GET", path_of(confirmed["location"]), headers={"cookie": cookie})
    if not back["location"].endswith("wechat_sign_in=ok"):
        raise SystemExit("signing in with the sandbox's WeChat failed: " + back["location"])
    request = urllib.request.Request(f"{base}/api/v1/tickets/{ticket['id']}", headers={"ticket-claim": ticket["claim"]})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())["session"]["token"]


def registered(base):
    token = signed_in(base)
    name = "api" + "".join(random.choice(string.ascii_lowercase) for _ in range(10))
    body = {"entity_type": "enterprise", "account_name": name, "entry_notice_version": "2024-06"}
    status, _ = call(base, "POST", "/api/v1/registration", body, token)
    if status != 201:
        raise SystemExit(f"registration answered {status}")
    return token


def counts(junit):
    """(passed, failed, failures by operation) of one run."""
    root = ET.parse(junit).getroot()
    passed = failed = 0
    failures = []
    for case in root.iter("testcase"):
        if case.find("skipped") is not None:
            continue
        bad = [e for e in case if e.tag in ("failure", "error")]
        if bad:
            failed += 1
            failures.append((case.get("name"), bad[0].get("message") or bad[0].text or ""))
        else:
            passed += 1
    return passed, failed, failures


def main():
    schemathesis, server, reports = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    reports.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="onboarding-api-") as data:
        log = open(reports / "server.log", "w")
        process = subprocess.Popen(
            [server, "--sandbox", "--data-dir", data, "--listen", f"127.0.0.1:{port}",
             # Thousands of requests from one address: the limits are tested elsewhere.
             "--rate-limit-scale", "1000",
             "--operator-token", "api-contract-" + "".join(random.choice(string.digits) for _ in range(16))],
            stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    call(base, "GET", "/api/v1/health")
                    break
                except OSError:
                    if time.monotonic() > deadline or process.poll() is not None:
                        raise SystemExit("the server did not start; see " + str(reports / "server.log"))
                    time.sleep(0.2)
            runs = [
                ("without a session", []),
                ("signed in, not registered", ["-H", f"Authorization: Bearer {signed_in(base)}",
                                                 "--exclude-operation-id", "register"]),
                ("registered enterprise", ["-H", f"Authorization: Bearer {registered(base)}"]),
            ]
            total_passed = total_failed = 0
            for i, (name, extra) in enumerate(runs):
                report_dir = reports / f"run-{i + 1}"
                command = [
                    schemathesis, "--config-file", str(HERE / "schemathesis.toml"), "run",
                    f"{base}/api/v1/openapi.json", "--url", base,
                    "--max-examples", MAX_EXAMPLES, "--seed", SEED,
                    "--report", "junit", "--report-dir", str(report_dir), "--no-color",
                    *extra,
                ]
                started = time.monotonic()
                with open(reports / f"run-{i + 1}.txt", "w") as out:
                    try:
                        # Its own directory: schemathesis leaves .hypothesis/ where it runs.
                        subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, cwd=reports,
                                       timeout=RUN_TIMEOUT_S, env={**os.environ, "NO_COLOR": "1"})
                    except subprocess.TimeoutExpired:
                        print(f"api: {name}: stopped after {RUN_TIMEOUT_S} s")
                # schemathesis names the file after the time it ran.
                junit = next(iter(sorted(report_dir.glob("junit*.xml"))), None)
                if junit is None:
                    print(f"api: {name}: no report; see {reports / f'run-{i + 1}.txt'}")
                    total_failed += 1
                    continue
                passed, failed, failures = counts(junit)
                print(f"api: {name}: {passed} operations passed, {failed} failed "
                      f"in {time.monotonic() - started:.0f} s")
                for operation, message in failures:
                    print(f"api:   {operation}: {message.strip().splitlines()[0] if message.strip() else ''}")
                if failures:
                    print(f"api:   details in {reports / f'run-{i + 1}.txt'}")
                total_passed += passed
                total_failed += failed
        finally:
            process.terminate()
            process.wait(timeout=10)
            log.close()
    print(f"api contract: {total_passed} passed, {total_failed} failed")
    return 0 if total_failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
