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

import json
import os
import random
import socket
import string
import subprocess
import sys
import tempfile
import time
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


def signed_in(base):
    """A session from the sandbox's stand-in WeChat, as a phone confirming the QR code gets."""
    _, ticket = call(base, "POST", "/api/v1/tickets")
    _, confirmed = call(base, "POST", f"/api/v1/sandbox/tickets/{ticket['id']}/confirm", {})
    return confirmed["session"]["token"]


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
