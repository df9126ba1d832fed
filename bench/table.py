"""Render a bench report (bench/results/latest.json) as the Markdown table the README shows.

python -m bench.table [bench/results/latest.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _lat(row: dict) -> str:
    return f"{row['p50_ms']:.2f} / {row['p95_ms']:.2f} / {row['p99_ms']:.2f}"


def _http(row: dict) -> str:
    errors = row["errors"]
    bad = errors["connect"] + errors["read"] + errors["write"] + errors["timeout"]
    sources = ", ".join(f"{k}: {v}" for k, v in sorted(row.get("sources", {}).items()))
    return (
        f"{row['req_per_s']:.0f} req/s, {row['p50_ms']:.1f} / {row['p99_ms']:.1f} | "
        f"{row['requests']} req, {errors['status']} non-2xx, {bad} socket errors; {sources}"
    )


def render(report: dict) -> str:
    lines = ["| measure | result | notes |", "|---|---|---|"]
    inproc = report["inprocess"]
    for name, row in {**inproc["paths"], **report["inprocess_model"]["paths"]}.items():
        note = f"{row['n']} calls" + (
            f", {row['wrong_source']} from another source" if row["wrong_source"] else ""
        )
        lines.append(f"| in-process chat: {name} (p50 / p95 / p99 ms) | {_lat(row)} | {note} |")
    lines.append(
        f"| in-process certificate URL API (p50 / p95 / p99 ms) | {_lat(inproc['certificate_url_api'])} | POST /api/certificates/{{slug}}/url/, S3 SigV4 presign |"
    )
    lines.append(
        f"| in-process presign only (p50 / p95 / p99 ms) | {_lat(inproc['certificate_presign'])} | certificates.storage.certificate_file_url |"
    )
    http = report["http"]
    for name in ("health", "guard", "canned", "knowledge_base"):
        lines.append(
            f"| HTTP {name}, {http[name]['clients']} clients (p50 / p99 ms) | {_http(http[name])} |"
        )
    model = http["model_1s"]
    lines.append(
        f"| HTTP model answering in 1 s, 64 clients (p50 / p99 ms) | {_http(model)}; "
        f"**{model['ratio_to_64_rps']:.0%} of the 64 req/s limit** |"
    )
    after_model = http.get("memory_rss_mib_after_model_load", {})
    workers = http["memory_rss_mib"]["workers"]
    lines.append(
        f"| RSS per gunicorn worker after load | {', '.join(f'{v} MiB' for v in workers.values())} | master {http['memory_rss_mib']['master']} MiB |"
    )
    if after_model:
        lines.append(
            f"| RSS per gunicorn worker after the model load | {', '.join(f'{v} MiB' for v in after_model.values())} | bedrock provider, after the 1 s model run |"
        )
    cold = report["cold_start"]
    lines.append(
        f"| cold start, WSGI app to first chat answer | {cold['wsgi_s']['min']:.2f} s | best of {cold['wsgi_s']['runs']} |"
    )
    if cold.get("zappa_s"):
        lines.append(
            f"| cold start, unzipped Zappa handler to first chat answer | {cold['zappa_s']['min']:.2f} s | best of {cold['zappa_s']['runs']} |"
        )
    else:
        lines.append(f"| cold start, Zappa handler | not measured | {cold.get('zappa_note', '')} |")
    tokens = report["inprocess_model"]["input_tokens_per_model_call"]
    lines.append(
        f"| input tokens per model call (mean / max) | {tokens['mean']} / {tokens['max']} | {tokens['calls']} calls; {tokens['estimate']} |"
    )
    usage = report["inprocess_model"].get("usage_per_model_call")
    if usage:
        lines.append(
            f"| tokens and money per model call (mean) | {usage['input_tokens']} in + "
            f"{usage['output_tokens']} out, ${usage['cost_usd']:.6f} | {usage['calls']} calls "
            f"to the fake (usage = characters / 4); ${usage['usd_per_1000_calls']} per 1,000 "
            f"calls at ${usage['prices_per_mtok'][0]} / ${usage['prices_per_mtok'][1]} per "
            f"million tokens ({usage['model']}) |"
        )
    mix = report["inprocess_model"]["visitor_mix"]
    sources = ", ".join(f"{k}: {v}" for k, v in mix["by_source"].items())
    lines.append(
        f"| visitor mix answered without a model call | {mix['answered_without_model_pct']}% | {mix['messages']} messages, {mix['model_calls']} model calls; {sources} |"
    )
    spend = report.get("budget")
    if spend:
        lines.append(
            f"| budget overshoot, {spend['visitors']} concurrent visitors | "
            f"{spend['overshoot_beyond_one_reservation']} tokens beyond one reservation | "
            f"budget {spend['budget_tokens']}, recorded {spend['recorded_tokens']} in "
            f"{spend['model_calls']} calls (largest reservation {spend['largest_reservation_tokens']}); "
            f"{', '.join(f'{k}: {v}' for k, v in sorted(spend['sources'].items()))} |"
        )
    m = report["machine"]
    lines.append("")
    load = ""
    if "load_average_at_start" in m:
        load = f" Load average (1/5/15 min) at start {m['load_average_at_start']}, at end {m['load_average_at_end']}."
    lines.append(
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB, Python {m['python']}, {m['os']}; run {report['when']}.{load}"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    path = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).parent / "results" / "latest.json"
    )
    print(render(json.loads(path.read_text())))
