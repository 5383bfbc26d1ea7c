"""The benchmark's wrk report parsing, and a short wrk run through its scripts.

The benchmark itself runs outside the test suite (``bench/run.sh``); these
tests keep its parsing and its Lua scripts working.
"""

from __future__ import annotations

import shutil

import pytest
from bench.data import basic_header
from bench.load import parse_wrk, run_wrk, wrk_command

REPORT = """Running 5s test @ http://127.0.0.1:8080/api/users/1
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.06ms    2.86ms  54.58ms   87.43%
    Req/Sec    11.84k     2.98k   17.33k    56.00%
  Latency Distribution
     50%  812.00us
     75%    4.40ms
     90%    6.52ms
     99%    1.27s
  59059 requests in 5.02s, 10.70MB read
  Non-2xx or 3xx responses: 12
  Socket errors: connect 0, read 1, write 0, timeout 2
Requests/sec:  11765.46
Transfer/sec:      2.13MB
"""


def test_parse_wrk_reads_rate_and_latency():
    result = parse_wrk(REPORT)
    assert result.requests_per_second == 11765.46
    assert result.requests == 59059
    assert result.p50_ms == pytest.approx(0.812)
    assert result.p99_ms == pytest.approx(1270.0)


def test_parse_wrk_counts_failures():
    assert parse_wrk(REPORT).errors == 15


def test_parse_wrk_rejects_report_without_rate():
    with pytest.raises(RuntimeError):
        parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
def test_lines_script_sends_each_credential(start_server, tmp_path):
    server = start_server(authorize=True)
    headers = tmp_path / "headers.txt"
    headers.write_text(basic_header("admin", "admin") + "\n")
    command = wrk_command(
        server.url + "/api/users/1",
        duration=1,
        connections=2,
        script="lines.lua",
        script_args=[str(headers), "Authorization"],
        cpus=None,
    )
    result = run_wrk(command, timeout=30)
    assert result.requests > 0
    assert result.errors == 0

    headers.write_text(basic_header("admin", "wrong-password") + "\n")
    rejected = run_wrk(command, timeout=30)
    assert rejected.errors == rejected.requests
