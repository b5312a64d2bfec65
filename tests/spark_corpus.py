"""Generated mail for the Spark tests: folders of drafts, mboxes, zips (one with corrupt members) and a CSV."""

from __future__ import annotations

import io
import random
import zipfile
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

AUTHORS = ["Ann Lee <ann@msp.example>", "Bo Park <bo@msp.example>", "Cy Diaz <cy@msp.example>"]
SENTENCES = [
    "Thanks for letting us know about the printer on the second floor.",
    "We pushed a GPO and flushed the DNS cache on the DC.",
    "You should have told us before you moved the server.",
    "Obviously the cable needs to be plugged in.",
    "The damn router failed again.",
    "We recommend upgrading to the premium firewall licence for $4,000 a year.",
    "Your new laptops arrive on Thursday and we will set them up before 9am.",
    "I'm sorry the outage held up your month-end close; that must have been stressful.",
    "Run gpupdate /force and then reboot the VM.",
    "Ich habe den Drucker neu gestartet und die Warteschlange geleert.",
]


def body(rng: random.Random) -> str:
    """Return a short client email body."""
    parts = rng.sample(SENTENCES, rng.randint(1, 3))
    return f"Hi {rng.choice(['Sam', 'Priya', 'Tom'])},\n\n" + " ".join(parts) + "\n\nThanks,\nAnn\n"


def mail(rng: random.Random, n: int, text: str | None = None) -> bytes:
    """Return one RFC 822 mail."""
    message = EmailMessage()
    message["From"] = rng.choice(AUTHORS)
    message["To"] = "it@contoso.example"
    message["Subject"] = f"Ticket {10000 + n}"
    message["Date"] = format_datetime(datetime(2024, 1, 1, 8, tzinfo=UTC) + timedelta(hours=n))
    message.set_content(text if text is not None else body(rng))
    return message.as_bytes()


def mbox_bytes(rng: random.Random, count: int, *, tricky: bool = True) -> bytes:
    """Return an mbox of count mails; tricky ones hold unescaped 'From ' lines, a long line and CRLFs."""
    out = io.BytesIO()
    if tricky:
        out.write(b"\n\n")  # leading blank lines are skipped
    for n in range(count):
        out.write(f"From sender{n}@example Mon Jan  1 08:{n % 60:02d}:00 2024\n".encode())
        text = "Hi,\n" + "word " * 14_000 + "\n" if tricky and n in (5, 130) else None  # a line over 64 KB
        raw = mail(rng, n, text)
        if tricky and n % 13 == 8:
            raw = raw.replace(b"\n", b"\r\n")
        for line in raw.splitlines(keepends=True):
            out.write(b">" + line if line.startswith(b"From ") else line)
        if tricky and n % 7 == 3:  # left unescaped, as careless exporters do; the last one splits the mail
            out.write(b"From what I saw the switch is fine.\n\nFrom here on we monitor it.\n")
            out.write(b"\nFrom 9:30 to 10:15 the network is down.\n")
        out.write(b"\n")
    return out.getvalue()


def corrupt_crc(data: bytes, name: str) -> bytes:
    """Return a zip whose stored member name has one byte of its data flipped (a Bad CRC-32 on reading)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    buf = bytearray(data)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    buf[start + 5] ^= 0xFF
    return bytes(buf)


def corrupt_header(data: bytes, name: str) -> bytes:
    """Return a zip whose member name has a broken local header (reading stops at it, as a damaged archive does)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        offset = archive.getinfo(name).header_offset
    buf = bytearray(data)
    buf[offset : offset + 4] = b"XXXX"
    return bytes(buf)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """Return a zip (stored, no compression) of the members."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def write_corpus(root: Path, *, drafts: int = 120, mails: int = 240, zipped: int = 90, rows: int = 30) -> Path:
    """Write the corpus under root and return root; about drafts + mails + zipped + rows + 25 records."""
    rng = random.Random(12)
    folder = root / "drafts"
    for n in range(drafts):
        sub = folder / f"team{n % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"draft{n:03d}.txt").write_text(body(rng), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "page.md").write_text("<p>Obviously <script>alert(1)</script>you should have told us.</p>")
    (root / "box.mbox").write_bytes(mbox_bytes(rng, mails))
    (root / "not-a-mailbox.mbox").write_bytes(b"Hello, this is no mailbox.\n" * 400)
    members = {f"mail/{n:03d}.eml": mail(rng, n) for n in range(zipped)}
    members["notes/readme.txt"] = body(rng).encode()
    members["scan.png"] = b"\x89PNG\r\n\x1a\n" + bytes(100)
    members["broken.xlsx"] = b"this is not a workbook"
    members["inner/box.mbox"] = mbox_bytes(rng, 5, tricky=False)
    data = zip_bytes(members)
    (root / "archive.zip").write_bytes(corrupt_crc(data, "mail/010.eml"))
    damaged = zip_bytes({f"m{n:02d}.txt": body(rng).encode() for n in range(20)})
    (root / "damaged.zip").write_bytes(corrupt_header(damaged, "m12.txt"))
    (root / "nested.zip").write_bytes(zip_bytes({"in.zip": zip_bytes({"a.txt": body(rng).encode()})}))
    (root / "corrupt.zip").write_bytes(b"PK\x03\x04 not really a zip")
    lines = ["Agent,Date,Subject,Reply"] + [
        f'{rng.choice(["Ann", "Bo"])},2024-02-{n % 28 + 1:02d},Case {n},"{body(rng).replace(chr(10), " ")}"'
        for n in range(rows)
    ]
    (root / "helpdesk.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "empty-folder").mkdir()
    return root
