"""The preview under real editing: bursts of saves, files renamed while it builds, content/ removed and put back.

Each test runs the real server and watcher on 127.0.0.1, writes real files, and reads
the preview over HTTP: it never dies, never serves pages of two states at once, settles
on the last state (the time it takes is measured), and is then a build from nothing
of the final content, byte for byte. Raw requests (a socket: browsers and urllib tidy
paths up) try every way out of the preview folder.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import ROOT, SAMIR_MD, TEMPLATES, TENT_YAML, minimal_files, write_files
from sitegen.build import Options, build
from sitegen.incremental.preview_http import SCRIPT_TAG
from sitegen.search.index import BUNDLE
from sitegen.serve import Preview

SETTLE_LIMIT = 5.0  # seconds: far above what it takes (about 0.2 s here), so that a loaded machine does not fail it
SECRET = "not-to-be-served-5e1f"  # in files outside the preview folder


@pytest.fixture
def preview(make_site, tmp_path) -> Iterator[Preview]:
    """Start a preview of a tiny site on a free port; stop it afterwards."""
    server = Preview(Options(make_site(), TEMPLATES, tmp_path / "unused", cache=tmp_path / "cache"), port=0)
    server.start()
    yield server
    server.stop()


def fetch(preview: Preview | tuple[str, int], address: str) -> tuple[int, bytes]:
    """Return the status and body of a GET from a preview (or a host and port), on a connection of its own."""
    host, port = preview.server.server_address[:2] if isinstance(preview, Preview) else preview
    connection = http.client.HTTPConnection(str(host), int(port), timeout=10)
    try:
        connection.request("GET", address)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def raw(preview: Preview, target: bytes, method: bytes = b"GET") -> tuple[int, bytes]:
    """Send a request line exactly as given, unnormalised; return the status and the whole answer."""
    with socket.create_connection(preview.server.server_address[:2], timeout=10) as connection:
        connection.sendall(method + b" " + target + b" HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return int(answer.split(b" ", 2)[1]), answer


def tent(name: str) -> str:
    """Return the tent's file with another French name."""
    return TENT_YAML.replace("{fr: Tente, en: Tent}", f"{{fr: {name}, en: Tent}}")


def numbers(page: bytes) -> set[int]:
    """Return the numbers of 'Tente N' a page shows; {0} for the plain 'Tente'."""
    return {int(n) for n in re.findall(rb"Tente (\d+)", page)} or {0}


def save(path: Path, text: str, replace: bool) -> None:
    """Save a file as editors do: in place, or written beside it and renamed over it."""
    if not replace:
        path.write_text(text, encoding="utf-8")
        return
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def settled(preview: Preview, shows: dict[str, str], since: float) -> float:
    """Wait until each address serves a page holding its text; return the seconds since `since` (the last save)."""
    while not all(text.encode() in fetch(preview, address)[1] for address, text in shows.items()):
        assert time.monotonic() - since < SETTLE_LIMIT, f"the preview did not settle on {shows}"
        time.sleep(0.01)
    took = time.monotonic() - since
    print(f"settled {took:.2f} s after the last save")  # shown with pytest -s: the figure to watch
    return took


def assert_serves_a_build_from_nothing(preview: Preview, tmp_path: Path) -> None:
    """Assert that the preview serves every file a build from nothing makes, with the same bytes, and nothing more.

    Search is brought up to date just after the pages are shown: it is given a few seconds.
    """
    content, today = preview.options.content, preview.options.today
    cold = Options(content, TEMPLATES, tmp_path / "cold", base_url=preview.url, today=today)
    build(cold)
    expected = {name: (cold.output / name).read_bytes() for name in site_files(cold.output)}
    assert len(expected) > 30
    deadline = time.monotonic() + SETTLE_LIMIT
    while (served := served_files(preview)) != expected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(served) == sorted(expected), "the same files, nothing more"
    assert [name for name in expected if served[name] != expected[name]] == []


def served_files(preview: Preview) -> dict[str, bytes]:
    """Return the files of the state served now, read over HTTP, without the reload script; {} if it just went."""
    state = preview.state
    try:
        names = site_files(state.folder) if state.folder else []
        names += [f"{BUNDLE}/{name}" for name in site_files(state.search)] if state.search else []  # served beside
    except OSError:  # replaced and removed while it was listed
        return {}
    answers = {name: fetch(preview, "/" + urllib.parse.quote(name)) for name in names}
    return {
        name: body.replace(SCRIPT_TAG + b"\n</body>", b"</body>", 1) if name.endswith(".html") else body
        for name, (status, body) in answers.items()
        if status == 200
    }


def site_files(folder: Path) -> list[str]:
    """Return the files of a built site (not the records the generator keeps beside them: names starting with '.')."""
    return [
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    ]


class Reader:
    """Reads pages over and over in a thread of its own while files change, keeping what it saw."""

    def __init__(self, preview: Preview, read: Callable[[Preview], object]):
        self.preview, self.read = preview, read
        self.seen: list[object] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Reader:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stopping.set()
        self.thread.join(timeout=30)

    def _run(self) -> None:
        while not self.stopping.is_set():
            self.seen.append(self.read(self.preview))


def sandwich(preview: Preview) -> tuple[set[int], set[int], set[int], set[int]]:
    """Read the tent's page, the needs list, the tent's page again: the numbers each shows, and the statuses."""
    answers = [fetch(preview, address) for address in ("/items/tente/", "/", "/items/tente/")]
    return (*(numbers(page) for _, page in answers), {status for status, _ in answers})


def test_fifty_saves_in_a_second_settle_on_the_last_within_a_second_or_so(preview, tmp_path):
    path = preview.options.content / "items/tente.yaml"
    with Reader(preview, sandwich) as reader:
        for n in range(1, 51):
            save(path, tent(f"Tente {n}"), replace=n % 2 == 0)
            time.sleep(0.02)
        last_save = time.monotonic()
        took = settled(preview, {"/items/tente/": "<h1>Tente 50</h1>", "/": "Tente 50<"}, last_save)
    assert took < SETTLE_LIMIT
    assert_one_state_at_a_time(reader.seen)
    assert_serves_a_build_from_nothing(preview, tmp_path)


def test_pages_read_while_states_follow_each_other_come_from_one_state(preview, tmp_path):
    path = preview.options.content / "items/tente.yaml"
    with Reader(preview, sandwich) as reader:
        for n in range(1, 16):  # each save shown before the next
            save(path, tent(f"Tente {n}"), replace=n % 2 == 0)
            settled(preview, {"/items/tente/": f"<h1>Tente {n}</h1>", "/": f"Tente {n}<"}, time.monotonic())
    assert_one_state_at_a_time(reader.seen)
    assert len({next(iter(needs)) for _, needs, _, _ in reader.seen}) > 10, "states came in turn"  # type: ignore[misc]


def test_saves_that_go_on_and_on_still_show_a_new_state_every_few_seconds(preview):
    path = preview.options.content / "items/tente.yaml"
    with Reader(preview, needs_list) as reader:
        started, n = time.monotonic(), 0
        while time.monotonic() - started < 3.5:  # a tool that writes all the time: builds are always outrun
            n += 1
            save(path, tent(f"Tente {n}"), replace=False)
            time.sleep(0.02)
    shown = set().union(*(numbers(page) for _, page in reader.seen))  # type: ignore[misc]
    assert shown - {0, n}, "a state from while the saves went on was shown"


def test_a_testimony_saved_again_broken_then_fixed_is_patched_in_and_the_preview_is_a_build_from_nothing(
    preview, tmp_path
):
    path = preview.options.content / "testimonies/samir.md"
    for n, season in enumerate(["printemps", "été", "automne"]):  # each one patched in: only its pages made again
        save(path, SAMIR_MD.replace("hiver", f"hiver, puis le {season}"), replace=n % 2 == 0)
        settled(preview, {"/testimonies/samir/": f"hiver, puis le {season}"}, time.monotonic())
    save(path, SAMIR_MD.replace("consent:", "agreed:"), replace=False)
    deadline = time.monotonic() + SETTLE_LIMIT
    while fetch(preview, "/testimonies/samir/")[0] != 500:
        assert time.monotonic() < deadline, "the problem was not shown"
        time.sleep(0.01)
    save(path, SAMIR_MD.replace("hiver", "hiver, enfin"), replace=True)
    settled(preview, {"/testimonies/samir/": "hiver, enfin"}, time.monotonic())
    assert_serves_a_build_from_nothing(preview, tmp_path)


def test_copies_a_killed_preview_left_are_removed_at_the_next_start_and_its_own_at_stop(make_site, tmp_path):
    server = Preview(Options(make_site(), TEMPLATES, tmp_path / "unused", cache=tmp_path / "cache"), port=0)
    left = server.copies / "7-left"  # what a preview killed while it served leaves
    write_files(left, {"index.html": SECRET})
    server.start()
    try:
        assert not left.exists() and fetch(server, "/")[0] == 200
    finally:
        server.stop()
    assert not server.copies.exists()


def assert_one_state_at_a_time(seen: list[object]) -> None:
    """Assert that, between two reads of the tent's page from one state, the needs list was read from that state."""
    assert len(seen) > 20, "pages were read all along"
    for before, needs, after, statuses in seen:  # type: ignore[misc]
        assert statuses == {200}, "never an error page: every save was good"
        assert len(before) == len(needs) == len(after) == 1, "a page shows one state"
        if before == after:  # no new state came between the two reads
            assert needs == before, "the needs list and the tent's page were of two states"


MAIN = {
    "items/tente.yaml": tent("Tente principale"),
    "items/couverture.yaml": tent("Couverture").replace("category: shelter", "category: hygiene"),
    "items/gants.yaml": None,
    "testimonies/samir.md": minimal_files()["testimonies/samir.md"],
    "testimonies/amal.md": None,
    "pages/about.md": "---\ntitle: À propos\nmenu: 1\n---\nNous sommes une association fictive.\n",
}
WINTER = {
    "items/tente.yaml": tent("Tente hiver"),
    "items/couverture.yaml": None,
    "items/gants.yaml": tent("Gants").replace("category: shelter", "category: hygiene"),
    "testimonies/samir.md": None,
    "testimonies/amal.md": minimal_files()["testimonies/samir.md"].replace("Samir", "Amal"),
    "pages/about.md": "---\ntitle: À propos\nmenu: 1\n---\nNous sommes une association en hiver.\n",
}


def needs_list(preview: Preview) -> tuple[int, bytes]:
    """Read the needs list."""
    return fetch(preview, "/")


def test_switching_branches_back_and_forth_shows_whole_branches_and_settles_on_the_last(preview, tmp_path):
    content = preview.options.content
    write_files(content, MAIN)
    with Reader(preview, needs_list) as reader:
        for turn in range(12):  # as `git checkout` does: files removed, written, renamed, all at once
            write_files(content, WINTER if turn % 2 == 0 else MAIN)
            time.sleep(0.03 + 0.02 * (turn % 4))
        write_files(content, WINTER)
        last_save = time.monotonic()
        settled(preview, {"/": "Gants<", "/testimonies/amal/": "Amal"}, last_save)
    for status, page in reader.seen:  # type: ignore[misc]
        assert status == 200
        main, winter = b"Tente principale" in page, b"Tente hiver" in page
        assert (main, winter, b"Couverture<" in page, b"Gants<" in page) in {
            (True, False, True, False),
            (False, True, False, True),
            (False, False, False, False),  # the content before the first switch
        }, "a needs list from one branch, never half of each"
    assert fetch(preview, "/items/couverture/")[0] == 404
    assert fetch(preview, "/testimonies/samir/")[0] == 404
    assert_serves_a_build_from_nothing(preview, tmp_path)


def test_files_renamed_and_deleted_while_it_builds_leave_it_alive_and_right(preview, tmp_path):
    testimonies, pages = preview.options.content / "testimonies", preview.options.content / "pages"
    about = (pages / "about.md").read_text(encoding="utf-8")
    with Reader(preview, needs_list) as reader:
        for turn in range(40):
            source, target = ("samir.md", "amal.md") if turn % 2 == 0 else ("amal.md", "samir.md")
            os.rename(testimonies / source, testimonies / target)
            if turn % 3 == 0:
                (pages / "about.md").unlink()
            else:
                (pages / "about.md").write_text(about.replace("fictive", f"fictive {turn}"), encoding="utf-8")
            time.sleep(0.025)
        (pages / "about.md").write_text(about.replace("fictive", "fictive, enfin"), encoding="utf-8")
        last_save = time.monotonic()
        settled(preview, {"/testimonies/samir/": "Samir", "/about/": "fictive, enfin"}, last_save)
    assert {status for status, _ in reader.seen} <= {200, 500}, "it answered all along"  # type: ignore[misc]
    assert fetch(preview, "/testimonies/amal/")[0] == 404
    assert_serves_a_build_from_nothing(preview, tmp_path)


def test_content_moved_away_and_another_put_in_its_place_is_watched_again(preview, tmp_path):
    content = preview.options.content
    os.rename(content, tmp_path / "away")
    time.sleep(0.4)
    assert fetch(preview, "/")[0] == 200, "the last build is served while content/ is missing"
    shutil.copytree(tmp_path / "away", content)
    save(content / "items/tente.yaml", tent("Tente revenue"), replace=False)
    settled(preview, {"/items/tente/": "<h1>Tente revenue</h1>"}, time.monotonic())
    save(content / "items/tente.yaml", tent("Tente de retour"), replace=False)
    settled(preview, {"/items/tente/": "<h1>Tente de retour</h1>"}, time.monotonic())
    assert_serves_a_build_from_nothing(preview, tmp_path)


def test_content_removed_and_put_back_at_once_is_watched_again(preview, tmp_path):
    content = preview.options.content
    for turn in range(3):
        shutil.rmtree(content)
        write_files(content, {**minimal_files(), "items/tente.yaml": tent(f"Tente {turn + 1}")})
        settled(preview, {"/items/tente/": f"<h1>Tente {turn + 1}</h1>"}, time.monotonic())
    assert_serves_a_build_from_nothing(preview, tmp_path)


def test_a_failure_of_the_generator_is_shown_and_the_next_save_recovers(preview, tmp_path):
    working = preview.site_options.output
    shutil.rmtree(working)
    working.write_text("not a folder: the update cannot write the site")  # a real failure, not a content problem
    path = preview.options.content / "items/tente.yaml"
    save(path, tent("Tente 1"), replace=False)
    status, page = fetch(preview, "/items/tente/")
    deadline = time.monotonic() + SETTLE_LIMIT
    while b"unexpected failure" not in page and time.monotonic() < deadline:
        time.sleep(0.02)
        status, page = fetch(preview, "/items/tente/")
    assert status == 500 and b"unexpected failure" in page
    assert fetch(preview, "/static/style.css")[0] == 200, "the last good build's files are still served"
    working.unlink()
    save(path, tent("Tente 2"), replace=False)
    settled(preview, {"/items/tente/": "<h1>Tente 2</h1>"}, time.monotonic())
    assert_serves_a_build_from_nothing(preview, tmp_path)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Preview]:
    """A preview with files holding SECRET outside its folder, at every level above it; and links out of it."""
    root = tmp_path_factory.mktemp("outside")
    write_files(root / "content", minimal_files())
    server = Preview(Options(root / "content", TEMPLATES, root / "unused", cache=root / "cache"), port=0)
    server.start()
    folder = server.state.folder
    assert folder is not None
    for above in (folder.parent, folder.parent.parent, root):
        (above / "secret.txt").write_text(SECRET)
    (folder / "out.txt").symlink_to(root / "secret.txt")
    (folder / "out").symlink_to(root)
    (folder / "static" / "up").symlink_to("../../../..")
    yield server
    server.stop()


SECRET_FILE = b"secret.txt"
WAYS_OUT = [
    b"/../secret.txt",
    b"/../../secret.txt",
    b"/../../../secret.txt",
    b"/%2e%2e/secret.txt",
    b"/%2E%2E%2Fsecret.txt",
    b"/%2e%2e%2f%2e%2e%2fsecret.txt",
    b"/..%2fsecret.txt",
    b"/..%2f..%2f..%2fsecret.txt",
    b"/static/..%2f..%2f..%2f..%2fsecret.txt",
    b"/static/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc/passwd",
    b"/static/../../../../../../../../etc/passwd",
    b"/%252e%252e/%252e%252e/secret.txt",
    b"/%252e%252e%252f%252e%252e%252fsecret.txt",
    b"/..\\..\\secret.txt",
    b"/%5c..%5c..%5csecret.txt",
    b"/.%2e/.%2e/secret.txt",
    b"//etc/passwd",
    b"/etc/passwd",
    b"etc/passwd",
    b"http://127.0.0.1/../../secret.txt",
    b"C:\\secret.txt",
    b"/%00",
    b"/index.html%00.png",
    b"/\x00/../secret.txt",
    b"/%c0%ae%c0%ae/secret.txt",  # an overlong, invalid UTF-8 encoding of '..'
    b"/out.txt",
    b"/out/secret.txt",
    b"/static/up/secret.txt",
    b"/" + b"a" * 60_000,
    b"/" + b"../" * 10_000 + b"secret.txt",
    b"/__sitegen/events/..%2f..%2f..%2fsecret.txt",
    b"/__sitegen/reload.js/../../../secret.txt",
    b"/__sitegen/../../secret.txt",
    b"/__sitegen/events%2f..%2f..%2f..%2fsecret.txt",
]


def shown(target: bytes) -> str:
    """Return a request target as a test id: its first 50 bytes, escaped."""
    return target[:50].decode("latin-1").encode("unicode_escape").decode()


@pytest.mark.parametrize("target", WAYS_OUT, ids=shown)
@pytest.mark.parametrize("method", [b"GET", b"HEAD"])
def test_nothing_outside_the_preview_folder_is_served(served, target, method):
    status, answer = raw(served, target, method)
    assert status in (400, 404)
    assert SECRET.encode() not in answer and b"root:" not in answer


def test_the_preview_folder_itself_is_served_and_a_folder_without_index_is_not_listed(served):
    assert raw(served, b"/")[0] == 200
    assert raw(served, b"/items/tente/index.html")[0] == 200
    assert raw(served, b"/items/%74ente/")[0] == 200, "an address is decoded, once"
    status, answer = raw(served, b"/static/")
    assert status == 404 and b"Directory listing" not in answer and b'href="style.css"' not in answer
    status, answer = raw(served, b"/", b"HEAD")
    assert status == 200 and answer.endswith(b"\r\n\r\n"), "a HEAD has no body"


def test_the_event_stream_sends_only_reload_events(served):
    connection = http.client.HTTPConnection(*served.server.server_address[:2], timeout=10)
    connection.request("GET", "/__sitegen/events?x=../../secret.txt")
    response = connection.getresponse()
    assert response.status == 200 and response.getheader("Content-Type") == "text/event-stream"
    assert response.fp.readline() == b": connected\n"
    connection.close()


def test_it_listens_on_127_0_0_1_unless_told_otherwise(make_site, tmp_path):
    content = make_site()
    command = [sys.executable, str(ROOT / "generate.py"), "serve", "--content", str(content)]
    command += ["--cache", str(tmp_path / "cache"), "--port", "0"]
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=tmp_path, env=environment) as process:
        try:
            assert process.stdout is not None
            line = next(line for line in process.stdout if "Previewing on" in line)
            found = re.search(r"Previewing on http://([\d.]+):(\d+)/", line)
            assert found and found.group(1) == "127.0.0.1", line
            port = int(found.group(2))
            assert fetch(("127.0.0.1", port), "/")[0] == 200
            with pytest.raises(OSError):  # 127.0.0.2 is this machine too, but not the address it listens on
                fetch(("127.0.0.2", port), "/")
        finally:
            process.terminate()
    options = Options(content, TEMPLATES, tmp_path / "unused", cache=tmp_path / "cache2")
    told = Preview(options, host="127.0.0.2", port=0)
    told.start()
    try:
        assert told.url.startswith("http://127.0.0.2:") and fetch(told, "/")[0] == 200
    finally:
        told.stop()


def test_swap_files_and_system_leftovers_do_not_make_it_build_again(preview):
    before = preview.state.generation
    items = Path(preview.options.content) / "items"
    for name in (".#tente.yaml", "tente.yaml~", ".tente.yaml.swp", "._tente.yaml", "#tente.yaml#", "Thumbs.db"):
        (items / name).write_text("leftover\n")
    (Path(preview.options.content) / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    time.sleep(1.5)  # far beyond a burst's quiet time
    assert preview.state.generation == before, "nothing the site reads changed"
    save(items / "tente.yaml", tent("Tente du matin"), replace=False)
    settled(preview, {"/items/tente/": "<h1>Tente du matin</h1>"}, time.monotonic())
    assert preview.state.generation > before
