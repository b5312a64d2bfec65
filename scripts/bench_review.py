"""Benchmark `python -m coach review` on a generated mailbox: messages per second and peak memory.

    .venv/bin/python scripts/bench_review.py            # 2,000 messages, plus 200 to check streaming
    .venv/bin/python scripts/bench_review.py --messages 500 --small 50

Writes an .mbox of varied client mails (polite, jargon, blame, condescension,
profanity, missing benefit, long sentences) from eight authors over three
months into a temporary folder, runs the CLI on it as a subprocess
(`review that.mbox --format jsonl -o out.jsonl`), and reports wall time,
messages per second and the child's peak resident memory (getrusage
RUSAGE_CHILDREN ru_maxrss). Each size runs in its own measuring process, so
one run's peak cannot hide another's. Streaming holds if the peak for the big
mailbox is close to the peak for the small one.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AUTHORS = [
    "Ann Lee <ann@msp.example>",
    "Bo Park <bo@msp.example>",
    "Cy Diaz <cy@msp.example>",
    "Dee Moss <dee@msp.example>",
    "Eli Ford <eli@msp.example>",
    "Fay Khan <fay@msp.example>",
    "Gus Hale <gus@msp.example>",
    "Hana Ito <hana@msp.example>",
]
CLIENTS = ["Contoso", "Fabrikam", "Northwind", "Tailspin", "Litware"]
GREETINGS = ["Hi {name},", "Hello {name},", "Dear {name},", "{name},", "Good morning {name},"]
NAMES = ["Sam", "Priya", "Jordan", "Mrs Okafor", "Tom", "Lena"]
SENTENCES = {
    "polite": [
        "Thanks for letting us know about the printer on the second floor.",
        "I'm sorry the outage held up your month-end close; that must have been stressful.",
        "Your new laptops arrive on Thursday and we will set them up before 9am.",
        "From Monday your team can open shared files from home without any extra steps.",
        "Please let me know if anything still looks odd and I'll call you straight away.",
    ],
    "jargon": [
        "We pushed a GPO and flushed the DNS cache on the DC.",
        "Run gpupdate /force and then reboot the VM.",
        "The VPN tunnel dropped because the MTU on the WAN interface was wrong.",
        "We migrated the mailbox to Exchange Online and re-enabled MFA via conditional access.",
        "The RAID controller reported a degraded array, so we hot-swapped the SSD.",
    ],
    "blame": [
        "You should have told us before you moved the server.",
        "This happened because your staff clicked the link.",
        "If you had followed our instructions this would not have happened.",
        "You should have restarted it like we said.",
    ],
    "condescension": [
        "Obviously the cable needs to be plugged in.",
        "As I already explained, the password expires every 90 days.",
        "It's really quite simple, even a beginner could do it.",
        "Clearly nobody read the instructions we sent.",
    ],
    "profanity": [
        "The damn router failed again.",
        "That crappy switch is the problem.",
        "What the hell happened to the backups?",
    ],
    "spend": [
        "We recommend upgrading to the premium firewall licence for $4,000 a year.",
        "You need to replace all twelve workstations next quarter.",
    ],
    "long": [
        "We looked at the logs, checked the switch, replaced the patch cable, updated the firmware, "
        "rebooted the access points one by one, tested every port on the floor and then, because the "
        "problem came back after lunch, we moved the printer to a different network segment so that "
        "the traffic from the cameras no longer competes with it."
    ],
}
MIXES = [
    ("polite",) * 3,
    ("polite", "jargon"),
    ("jargon", "jargon", "polite"),
    ("blame", "polite"),
    ("condescension", "jargon"),
    ("polite", "profanity"),
    ("spend", "polite"),
    ("long", "polite"),
    ("blame", "condescension", "profanity"),
    ("polite", "polite", "spend", "jargon"),
]
SIGN_OFFS = ["Thanks,\n{first}", "Best regards,\n{first}", "Cheers,\n{first}", "Kind regards,\n{first}"]


def make_mail(rng: random.Random, n: int, start: datetime) -> bytes:
    """Return one generated client mail as RFC 822 bytes."""
    author = rng.choice(AUTHORS)
    parts = [rng.choice(SENTENCES[kind]) for kind in rng.choice(MIXES)]
    rng.shuffle(parts)
    body = "\n\n".join(
        [
            rng.choice(GREETINGS).format(name=rng.choice(NAMES)),
            " ".join(parts),
            rng.choice(SIGN_OFFS).format(first=author.split()[0]),
        ]
    )
    mail = EmailMessage()
    mail["From"] = author
    mail["To"] = f"it@{rng.choice(CLIENTS).lower()}.example"
    mail["Subject"] = f"Ticket {10000 + n}: {rng.choice(['printer', 'VPN', 'backups', 'laptops', 'email'])}"
    mail["Date"] = format_datetime(start + timedelta(minutes=rng.randrange(90 * 24 * 60)))
    mail.set_content(body)
    return mail.as_bytes()


def write_mbox(path: Path, count: int, seed: int = 7) -> None:
    """Write count generated mails to an mbox file (stdlib 'From ' separators, bodies >From-escaped)."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, 8, tzinfo=UTC)
    with path.open("wb") as out:
        for n in range(count):
            out.write(b"From bench@example Mon Jan  1 08:00:00 2024\n")
            for line in make_mail(rng, n, start).splitlines(keepends=True):
                out.write(b">" + line if line.startswith(b"From ") else line)
            out.write(b"\n")


def measure(mbox: Path, out: Path) -> dict[str, float]:
    """Run the CLI on mbox in a child process and return seconds and the child's peak RSS in MB."""
    began = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "coach", "review", str(mbox), "--format", "jsonl", "-o", str(out), "--quiet"],
        cwd=ROOT,
        capture_output=True,
    )
    seconds = time.perf_counter() - began
    if proc.returncode != 0:
        raise SystemExit(f"coach review failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kilobytes on Linux
    return {"seconds": seconds, "peak_mb": peak_kb / 1024}


def run_isolated(count: int, folder: Path) -> dict[str, float]:
    """Generate count mails and measure the CLI on them in a fresh process (its own RUSAGE_CHILDREN)."""
    mbox, out = folder / f"bench-{count}.mbox", folder / f"bench-{count}.jsonl"
    write_mbox(mbox, count)
    proc = subprocess.run(
        [sys.executable, __file__, "--measure", str(mbox), str(out)], capture_output=True, text=True, check=True
    )
    result = json.loads(proc.stdout)
    lines = out.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    result.update(
        count=count,
        records=len(records),
        analysed=sum("error" not in r for r in records),
        findings=sum(len(r.get("findings", ())) for r in records),
        mbox_mb=mbox.stat().st_size / 2**20,
    )
    return result


def main() -> None:
    """Generate the mailboxes, run the benchmark and print the summary and the README line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--small", type=int, default=200, help="the smaller mailbox for the streaming check")
    parser.add_argument("--measure", nargs=2, metavar=("MBOX", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), Path(args.measure[1]))))
        return
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        small = run_isolated(args.small, Path(tmp))
        big = run_isolated(args.messages, Path(tmp))
    for r in (small, big):
        assert r["records"] == r["count"], f"expected {r['count']} records, got {r['records']}"
        print(
            f"{r['count']:>6} messages ({r['mbox_mb']:.1f} MB mbox): {r['seconds']:6.1f} s, "
            f"{r['count'] / r['seconds']:6.1f} msg/s (model load included), peak RSS {r['peak_mb']:.0f} MB, "
            f"{r['analysed']} analysed, {r['findings']} findings"
        )
    steady = (big["count"] - small["count"]) / max(1e-9, big["seconds"] - small["seconds"])
    print(f"steady state (model load and start-up excluded): {steady:.0f} msg/s")
    growth = big["peak_mb"] / small["peak_mb"]
    verdict = "streaming holds" if growth < 1.25 else "MEMORY GROWS WITH INPUT"
    print(f"peak memory {args.messages} vs {args.small} messages: x{growth:.2f} ({verdict})")
    print(
        f"\nREADME: `python -m coach review` on a {args.messages:,}-message mbox: "
        f"{args.messages / big['seconds']:.0f} messages/s ({big['seconds']:.0f} s including model load; "
        f"{steady:.0f}/s steady state), "
        f"peak memory {big['peak_mb']:.0f} MB ({small['peak_mb']:.0f} MB for {args.small:,} messages) "
        f"on {sys.platform}, Python {sys.version.split()[0]}."
    )


if __name__ == "__main__":
    main()
