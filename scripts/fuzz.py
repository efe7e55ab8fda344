"""Long fuzz run: mutated seed and corpus documents through ``retable.parse``.

The bar is zero crashes. A crash is any exception that is not a
:class:`retable.RetableError`, or an :class:`retable.errors.InternalError`
(a stage failed on a bug and was wrapped). Timeouts are counted apart: they
are the documented way of giving up, but a seed input that times out is a
performance bug worth a look, so they are listed too.

    python scripts/fuzz.py --iterations 100000 --seed 1 --out fuzz-crashes/

Every crashing input is written to ``--out`` so it can be replayed with
``retable parse``. The run is deterministic for a given ``--seed``.
"""

from __future__ import annotations

import argparse
import base64
import json
import quopri
import random
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import retable
from retable.errors import InternalError, RetableError

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "tests" / "documents"
Mutator = Callable[[random.Random, bytes], bytes]


def load_seeds() -> list[bytes]:
    """Every seed, corpus and converted document, as raw bytes."""
    paths = [p for p in sorted(DOCUMENTS.glob("*/*")) if p.name not in ("README.md", "SOURCES.md")]
    return [p.read_bytes() for p in paths]


# -- byte-level mutators --------------------------------------------------------


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 32)):
        if buf:
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def insert_bytes(rng: random.Random, data: bytes) -> bytes:
    at = rng.randint(0, len(data))
    junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    return data[:at] + junk + data[at:]


def insert_controls(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 50)):
        buf.insert(rng.randint(0, len(buf)), rng.choice(b"\x00\x01\x07\x08\x0b\x0c\x1b\x7f\r"))
    return bytes(buf)


def delete_range(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    a = rng.randrange(len(data))
    return data[:a] + data[a + rng.randint(1, max(1, len(data) // 4)) :]


def duplicate_range(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 2000))
    return data[:b] + data[a:b] * rng.randint(1, 3) + data[b:]


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randint(0, len(data))]


def window(rng: random.Random, data: bytes) -> bytes:
    """A random slice: one table of three, a table cut off mid-row."""
    if len(data) < 2:
        return data
    a = rng.randrange(len(data))
    return data[a : a + rng.randint(1, 6000)]


def binary_prefix(rng: random.Random, data: bytes) -> bytes:
    magic = rng.choice(
        [b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"\xff\xd8\xff\xe0", b""]
    )
    return magic + data[: rng.randint(0, 3000)]


def random_bytes(rng: random.Random, data: bytes) -> bytes:
    return bytes(rng.randrange(256) for _ in range(rng.randint(0, 3000)))


def boms(rng: random.Random, data: bytes) -> bytes:
    bom = rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"])
    return bom + data


# -- text-level mutators --------------------------------------------------------


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def reencode(rng: random.Random, data: bytes) -> bytes:
    """Another encoding, or two encodings mixed in one file."""
    text = _text(data)
    enc = rng.choice(["gb18030", "big5", "utf-16-le", "utf-16-be", "utf-16", "gbk"])
    if rng.random() < 0.5:
        return text.encode(enc, errors="replace")
    cut = rng.randint(0, len(text))
    return text[:cut].encode("utf-8") + text[cut:].encode(enc, errors="replace")


def shuffle_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _text(data).split("\n")
    op = rng.randrange(4)
    if op == 0 and len(lines) > 2:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif op == 1 and lines:
        del lines[rng.randrange(len(lines))]
    elif op == 2 and lines:
        lines.insert(rng.randrange(len(lines)), rng.choice(lines))
    else:
        return "".join(lines).encode("utf-8")  # everything on one line
    return "\n".join(lines).encode("utf-8")


def digits(rng: random.Random, data: bytes) -> bytes:
    text = list(_text(data))
    spots = [i for i, c in enumerate(text) if c.isdigit()]
    for i in rng.sample(spots, min(len(spots), rng.randint(1, 20))):
        text[i] = rng.choice("0123456789OolI|—/ .-")
    return "".join(text).encode("utf-8")


def long_line(rng: random.Random, data: bytes) -> bytes:
    piece = rng.choice(["1", "一", "|", "\t", " ", "<td>", "（", "0 ", "总计"])
    at = rng.randint(0, len(data))
    return data[:at] + (piece * rng.randint(1000, 200_000)).encode("utf-8") + data[at:]


def html_break(rng: random.Random, data: bytes) -> bytes:
    """Nested, unclosed or mangled table markup."""
    text = _text(data)
    op = rng.randrange(5)
    if op == 0:
        return text.replace(">", "", rng.randint(1, 50)).encode("utf-8")
    if op == 1:
        nest = "<table><tr><td>" * rng.randint(1, 400)
        at = rng.randint(0, len(text))
        return (text[:at] + nest + text[at:]).encode("utf-8")
    if op == 2:
        return text.replace("</td>", "", rng.randint(1, 100)).replace("</tr>", "").encode("utf-8")
    if op == 3:
        cells = "".join(
            f"<td colspan={rng.choice(['0', '-1', '99999', 'x', '3'])} "
            f"rowspan={rng.choice(['0', '1000', 'y', '2'])}>{rng.randint(0, 99)}</td>"
            for _ in range(rng.randint(1, 30))
        )
        return (
            "<html><body><p>三、收到和处理政府信息公开申请情况</p><table><tr>"
            + cells
            + "</tr></table>"
            + text[: rng.randint(0, 5000)]
        ).encode("utf-8")
    return ("<table>" + text + "</td></tr>" * rng.randint(1, 20)).encode("utf-8")


def nested_markup(rng: random.Random, data: bytes) -> bytes:
    """Markup that each round of stripping rebuilds (``<b<br>r>``, ``[[…]{.a}]{.b}``,
    pinyin in pinyin), or runs of hard-break backslashes, deep."""
    depth = rng.randint(100, 50_000)
    left, core, right = rng.choice(
        [
            ("<b", "<br>", "r>"),
            ("<sp", "<b>", "an>"),
            ("[", "1]{.a}", "]{.b}"),
            ("据(j", "据(jù)", "ù)"),
            ("", "\\ " * depth + "|", ""),
        ]
    )
    piece = left * depth + core + right * depth
    text = _text(data)
    at = rng.randint(0, len(text))
    return (text[:at] + piece + text[at:]).encode("utf-8")


def prose_only(rng: random.Random, data: bytes) -> bytes:
    text = _text(data)
    kept = [ln for ln in text.split("\n") if not any(c.isdigit() for c in ln)]
    return "\n".join(kept).encode("utf-8")


def misread(rng: random.Random, data: bytes) -> bytes:
    """The bytes decoded with the wrong codec and saved again (mojibake), as a crawl
    that trusted a default charset keeps them."""
    codec = rng.choice(["latin-1", "cp1252", "gbk", "gb18030"])
    return data.decode(codec, errors="replace").encode("utf-8")


def saved_page(rng: random.Random, data: bytes) -> bytes:
    """The bytes as the page part of a page saved as one file (MHTML), sometimes with
    a broken header or boundary."""
    boundary = "----MultipartBoundary--fuzz"
    encoding = rng.choice(["quoted-printable", "base64", "8bit"])
    body = {"quoted-printable": quopri.encodestring, "base64": base64.encodebytes}.get(
        encoding, lambda b: b
    )(data)
    head = (
        "From: <Saved by Blink>\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: multipart/related; type="text/html"; boundary="{boundary}"\r\n\r\n'
        f"--{boundary}\r\nContent-Type: text/html\r\n"
        f"Content-Transfer-Encoding: {encoding}\r\n\r\n"
    ).encode()
    saved = head + body + f"\r\n--{boundary}--\r\n".encode()
    return flip_bytes(rng, saved) if rng.random() < 0.3 else saved


def splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    a, b = rng.randint(0, len(data)), rng.randint(0, len(other))
    return data[:a] + other[b:]


MUTATORS: list[Mutator] = [
    flip_bytes,
    insert_bytes,
    insert_controls,
    delete_range,
    duplicate_range,
    truncate,
    window,
    window,
    window,
    binary_prefix,
    random_bytes,
    boms,
    reencode,
    shuffle_lines,
    shuffle_lines,
    digits,
    digits,
    long_line,
    html_break,
    html_break,
    nested_markup,
    prose_only,
    misread,
    saved_page,
]


def mutate(rng: random.Random, seeds: list[bytes]) -> bytes:
    """One to three stacked mutations of a seed (sometimes spliced with another)."""
    data = rng.choice(seeds)
    if rng.random() < 0.5:
        data = window(rng, data) if rng.random() < 0.7 else data
    for _ in range(rng.randint(1, 3)):
        if rng.random() < 0.05:
            data = splice(rng, data, rng.choice(seeds))
        else:
            data = rng.choice(MUTATORS)(rng, data)
    return data


def run_one(data: bytes, as_text: bool, timeout: float) -> str:
    """Outcome of one input: ``report``, an error code, or ``crash``."""
    try:
        if as_text:
            retable.parse(_text(data), timeout=timeout)
        else:
            retable.parse(data, timeout=timeout)
    except InternalError:
        return "crash"
    except RetableError as exc:
        return exc.code
    except Exception:
        return "crash"
    return "report"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--iterations", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=20.0, help="per-input time limit (s)")
    ap.add_argument("--out", type=Path, default=Path("fuzz-crashes"))
    ap.add_argument("--every", type=int, default=1000, help="progress line every N inputs")
    args = ap.parse_args(argv)

    seeds = load_seeds()
    rng = random.Random(args.seed)
    outcomes: Counter[str] = Counter()
    crashes: list[dict] = []
    slowest = (0.0, -1)
    started = time.monotonic()
    for i in range(args.iterations):
        data = mutate(rng, seeds)
        as_text = rng.random() < 0.2
        t0 = time.monotonic()
        outcome = run_one(data, as_text, args.timeout)
        took = time.monotonic() - t0
        slowest = max(slowest, (took, i))
        outcomes[outcome] += 1
        if outcome == "crash":
            args.out.mkdir(parents=True, exist_ok=True)
            path = args.out / f"crash-{args.seed}-{i}.{'txt' if as_text else 'bin'}"
            path.write_bytes(data)
            try:
                retable.parse(_text(data) if as_text else data, timeout=args.timeout)
            except Exception:
                trace = traceback.format_exc(limit=-3)
            else:
                trace = "(did not reproduce)"
            crashes.append({"iteration": i, "file": str(path), "trace": trace})
            print(f"CRASH at {i}: {path}\n{trace}", file=sys.stderr, flush=True)
        if (i + 1) % args.every == 0:
            rate = (i + 1) / (time.monotonic() - started)
            print(
                f"{i + 1} inputs, {outcomes['crash']} crashes, {rate:.1f}/s, "
                f"slowest {slowest[0]:.2f}s (#{slowest[1]}), {dict(outcomes)}",
                flush=True,
            )
    summary = {
        "inputs": args.iterations,
        "seed": args.seed,
        "crashes": len(crashes),
        "outcomes": dict(outcomes),
        "seconds": round(time.monotonic() - started, 1),
        "slowest_seconds": round(slowest[0], 2),
        "crash_files": [c["file"] for c in crashes],
    }
    print(json.dumps(summary, indent=1))
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
