"""The preview server: a real HTTP client and event listener against 127.0.0.1, through saves good and bad."""

from __future__ import annotations

import gc
import http.client
import queue
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import TEMPLATES, TENT_YAML
from sitegen.build import Options
from sitegen.serve import Preview


@pytest.fixture
def preview(make_site, tmp_path):
    """Start a preview of a tiny site on a free port; stop it afterwards."""
    content = make_site()
    server = Preview(Options(content, TEMPLATES, tmp_path / "unused", cache=tmp_path / "cache"), port=0)
    server.start()
    yield server
    server.stop()


def get(url: str) -> tuple[int, str]:
    """Return the status and text of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def listen(preview: Preview) -> queue.Queue[str]:
    """Open the event stream like a browser page would; return a queue of the events it receives."""
    host, port = preview.server.server_address[:2]
    events: queue.Queue[str] = queue.Queue()
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request("GET", "/__sitegen/events")
    response = connection.getresponse()
    assert response.status == 200 and response.getheader("Content-Type") == "text/event-stream"

    def read() -> None:
        try:
            for line in response:
                if line.startswith(b"event: "):
                    events.put(line.decode().strip())
        except (OSError, ValueError):
            pass

    assert response.fp.readline() == b": connected\n"
    threading.Thread(target=read, daemon=True).start()
    return events


def save(path: Path, text: str) -> None:
    """Save a file as an editor would."""
    path.write_text(text, encoding="utf-8")


def test_the_preview_serves_the_site_with_the_reload_script(preview):
    status, page = get(preview.url)
    assert status == 200 and "<h1>Besoins</h1>" in page
    assert '<script src="/__sitegen/reload.js" defer></script>\n</body>' in page
    assert get(preview.url + "__sitegen/reload.js")[1].startswith("// Added by the preview server only")
    built = (preview.site_options.output / "index.html").read_text()
    assert "__sitegen" not in built, "the script is added when serving, never written into the site"


def test_a_save_rebuilds_and_tells_open_pages_to_reload(preview):
    events = listen(preview)
    tent = preview.options.content / "items" / "tente.yaml"
    saved = time.monotonic()
    save(tent, TENT_YAML.replace("{fr: Tente, en: Tent}", "{fr: Tente igloo, en: Igloo tent}"))
    assert events.get(timeout=15) == "event: reload"
    took = time.monotonic() - saved
    status, page = get(preview.url + "items/tente/")
    assert status == 200 and "Tente igloo" in page
    assert took < 15


def test_between_saves_the_preview_readies_what_a_whole_update_made_for_the_saves_to_come(preview):
    assert settled(lambda: not preview.unsettled), "the first build is readied once the preview is idle"
    gc.unfreeze()
    events = listen(preview)
    site = preview.options.content / "site.yaml"
    save(site, site.read_text(encoding="utf-8") + "\n")  # site.yaml: built whole
    assert events.get(timeout=15) == "event: reload"
    assert settled(lambda: gc.get_freeze_count() > 0), "its model frozen out of garbage collections, once idle"
    assert preview.memory.built is not None and preview.memory.built.fragments.made, "the lists' fragments made"


def settled(condition: Callable[[], bool], seconds: float = 15) -> bool:
    """Return True once a condition holds, False if it still does not after some seconds."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_bad_content_shows_the_problems_in_the_browser_and_the_next_good_save_recovers(preview):
    events = listen(preview)
    tent = preview.options.content / "items" / "tente.yaml"
    save(tent, TENT_YAML.replace("urgency: urgent", "urgency: urgnet"))
    assert events.get(timeout=15) == "event: reload"
    status, page = get(preview.url + "items/tente/")
    assert status == 500
    assert "<code>content/items/tente.yaml:3</code>" in page and "did you mean &#x27;urgent&#x27;?" in page
    assert '<script src="/__sitegen/reload.js" defer></script>' in page, "it reloads by itself once fixed"
    save(tent, "name: [\n")  # worse still: not even YAML
    assert events.get(timeout=15) == "event: reload"
    assert "is never closed" in get(preview.url)[1]
    save(tent, TENT_YAML)
    assert events.get(timeout=15) == "event: reload"
    status, page = get(preview.url + "items/tente/")
    assert status == 200 and "<h1>Tente</h1>" in page


def test_a_broken_template_is_shown_too_and_the_server_lives_on(make_site, tmp_path):
    import shutil

    theme = tmp_path / "theme"
    shutil.copytree(TEMPLATES, theme)
    server = Preview(Options(make_site(), theme, tmp_path / "unused", cache=tmp_path / "cache"), port=0)
    server.start()
    try:
        events = listen(server)
        save(theme / "page.html", "{% extends 'base.html' %}{% block main %}{% if %}{% endblock %}")
        assert events.get(timeout=15) == "event: reload"
        status, page = get(server.url + "about/")
        assert status == 500 and "theme/page.html:1" in page
        assert get(server.url + "static/style.css")[0] == 200, "files are still served"
    finally:
        server.stop()


def test_an_unknown_address_gets_the_site_404_page(preview):
    status, page = get(preview.url + "items/nothing-here/")
    assert status == 404 and "/__sitegen/reload.js" in page


def test_a_preview_started_again_after_saves_patched_in_builds_as_the_first_did(make_site, tmp_path):
    content = make_site()
    options = Options(content, TEMPLATES, tmp_path / "unused", cache=tmp_path / "cache")
    first = Preview(options, port=0)
    first.start()
    try:
        events = listen(first)
        save(content / "items" / "tente.yaml", TENT_YAML.replace("received: 45", "received: 46"))  # patched in
        assert events.get(timeout=15) == "event: reload"
    finally:
        first.stop()  # once the watcher has made the working folder again, from the folder shown
    assert not [path.name for path in (tmp_path / "cache").rglob("*.link")], "nothing left aside"
    again = Preview(options, port=0)
    again.start()  # into the folder the first one left
    try:
        status, page = get(again.url + "items/tente/")
        assert status == 200 and "46 reçus sur 120" in page
    finally:
        again.stop()
