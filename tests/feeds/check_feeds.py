#!/usr/bin/env python3
"""Check live feeds the way a feed reader sees them.

    python check_feeds.py URL [URL ...]      (use .venv-test/bin/python: needs feedparser)

Atom and RSS: fetched with urllib and parsed with feedparser, passing the response's
Content-Type so encoding problems show up as they would in a reader. A feed fails when
feedparser sets `bozo` (the message names bozo_exception) or finds no feed title.

JSON Feed (URL path ending in .json, or Content-Type application/feed+json): feedparser 6 does
not read it, so it is checked here: version "https://jsonfeed.org/version/1.1", a title, an
`items` list whose items each have an `id` (string) and `content_html` or `content_text`, and
`date_published` / `date_modified`, where present, in RFC 3339.

Prints one line per feed (version, title, entries) and as the last line a JSON object
{"feeds":N,"failed":N}. Exit: 0 all good, 1 any feed failed, 2 usage or network error.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime

TIMEOUT_S = 30
JSONFEED_VERSION = "https://jsonfeed.org/version/1.1"
RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$"
)


class FeedError(Exception):
    """The feed was fetched but is not acceptable."""


def fetch(url: str) -> tuple[bytes, str]:
    req = urllib.request.Request(url, headers={"User-Agent": "lykta-check-feeds/1"})
    with urllib.request.urlopen(req, timeout=TIMEOUT_S) as resp:
        return resp.read(), resp.headers.get("Content-Type", "")


def is_rfc3339(value: object) -> bool:
    if not isinstance(value, str) or not RFC3339.match(value):
        return False
    try:
        datetime.fromisoformat(value.replace("z", "Z").replace("t", "T"))
    except ValueError:
        return False
    return True


def check_json_feed(body: bytes) -> str:
    try:
        feed = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise FeedError(f"not UTF-8 JSON: {e}") from e
    if not isinstance(feed, dict):
        raise FeedError("top level is not an object")
    problems = []
    if feed.get("version") != JSONFEED_VERSION:
        problems.append(f"version is {feed.get('version')!r}, want {JSONFEED_VERSION!r}")
    if not isinstance(feed.get("title"), str) or not feed["title"].strip():
        problems.append("no title")
    items = feed.get("items")
    if not isinstance(items, list):
        problems.append("no items list")
        items = []
    for i, item in enumerate(items):
        where = f"items[{i}]"
        if not isinstance(item, dict):
            problems.append(f"{where} is not an object")
            continue
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(f"{where}: no id (a non-empty string)")
        else:
            where = f"items[{i}] (id {item['id']!r})"
        if not any(isinstance(item.get(k), str) for k in ("content_html", "content_text")):
            problems.append(f"{where}: neither content_html nor content_text")
        for k in ("date_published", "date_modified"):
            if k in item and not is_rfc3339(item[k]):
                problems.append(f"{where}: {k} {item[k]!r} is not RFC 3339")
    if problems:
        raise FeedError("; ".join(problems))
    return f"version=jsonfeed1.1 title={feed['title']!r} entries={len(items)}"


def check_xml_feed(body: bytes, content_type: str) -> str:
    import feedparser  # imported here so JSON-only runs work without it

    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(body, response_headers=headers)
    if parsed.bozo:
        exc = parsed.get("bozo_exception")
        raise FeedError(f"bozo: {type(exc).__name__}: {exc}")
    title = parsed.feed.get("title")
    if not title:
        raise FeedError("no feed title")
    return f"version={parsed.version or '?'} title={title!r} entries={len(parsed.entries)}"


def is_json_feed(url: str, content_type: str) -> bool:
    ctype = content_type.split(";")[0].strip().lower()
    path = urllib.parse.urlsplit(url).path
    return ctype == "application/feed+json" or path.endswith(".json")


def main(argv: list[str]) -> int:
    urls = argv[1:]
    if not urls or any(u in ("-h", "--help") for u in urls):
        print("usage: python check_feeds.py URL [URL ...]", file=sys.stderr)
        return 2
    failed = 0
    network_error = False
    for url in urls:
        try:
            body, ctype = fetch(url)
        except urllib.error.HTTPError as e:
            print(f"FAIL {url}: HTTP {e.code} {e.reason}")
            failed += 1
            continue
        except (urllib.error.URLError, OSError, ValueError) as e:
            print(f"ERROR {url}: cannot fetch: {getattr(e, 'reason', e)}")
            network_error = True
            continue
        try:
            if is_json_feed(url, ctype):
                summary = check_json_feed(body)
            else:
                summary = check_xml_feed(body, ctype)
        except FeedError as e:
            print(f"FAIL {url} (content-type {ctype!r}): {e}")
            failed += 1
            continue
        print(f"ok   {url}: {summary}")
    print(json.dumps({"feeds": len(urls), "failed": failed}))
    if network_error:
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
