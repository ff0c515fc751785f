"""Drive the browser editor (Sveltia CMS at /admin/) in its local repository mode, offline, in Debian's Chromium.

Local repository mode asks the page for a folder with `showDirectoryPicker()`, which Playwright cannot
answer. So the page's picker returns a folder of the browser's own private file system (OPFS): the
real File System Access handles the editor reads and writes. The test fills that folder from a copy
of content/ before the editor opens it, and reads it back onto disk after the saves, so that the
generator judges exactly the bytes the editor wrote.
"""

from __future__ import annotations

import base64
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from browser_support import DESKTOP, Visit, expect, served
from conftest import EXAMPLE, EXAMPLE_DAY, TEMPLATES
from sitegen.build import Options, build

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page, Route

REPOSITORY = "repository"  # the OPFS folder that stands for the git checkout
EDITING = "\nediting:\n  host: github\n  repository: le-fil-de-grisvent/site\n  branch: main\n"
FIELD = "[role=group]:not([role=document] *)"  # a field of the form, not its copy in the preview beside it
WAIT = 30_000  # ms: the editor reads every file of the repository before it shows a list

# The editor's words in French (the volunteers' language, as the browser says) and English, its own
# default: the test finds buttons by the words a volunteer reads, whichever the vendored strings give.
WORDS = {
    "local": ("Travailler avec un dépôt local", "Work with Local Repository"),
    "save": ("Enregistrer", "Save"),
    "saved": ("Entrée enregistrée.", "Entry saved."),
    "upload": ("Téléverser", "Upload"),
    "insert": ("Insérer", "Insert"),
    "browse": ("Parcourir", "Browse"),
    "errors": ("Afficher les erreurs", "Show Errors"),
    "viewing": ("Vous consultez maintenant la collection", "You’re now viewing the"),
    "expand": ("Développer", "Expand"),
    "replace": ("Remplacer", "Replace"),
}
REFUSED = re.compile("pour enregistrer l’entrée|to save the entry")  # "2 fields have errors. Please correct them..."

# Every showDirectoryPicker() call gets the OPFS folder, as if the volunteer had picked their checkout.
PICKER = f"""
window.showDirectoryPicker = async () =>
  (await navigator.storage.getDirectory()).getDirectoryHandle('{REPOSITORY}', {{create: true}});
"""

# Write [path, base64] pairs into the OPFS folder, with an empty .git: the editor checks it is a checkout.
FILL = f"""
async (files) => {{
  const root = await navigator.storage.getDirectory();
  await root.removeEntry('{REPOSITORY}', {{recursive: true}}).catch(() => {{}});
  const repository = await root.getDirectoryHandle('{REPOSITORY}', {{create: true}});
  await repository.getDirectoryHandle('.git', {{create: true}});
  for (const [path, data] of files) {{
    const parts = path.split('/');
    let folder = repository;
    for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part, {{create: true}});
    const writable = await (await folder.getFileHandle(parts.at(-1), {{create: true}})).createWritable();
    await writable.write(Uint8Array.from(atob(data), c => c.charCodeAt(0)));
    await writable.close();
  }}
  return files.length;
}}
"""

# Read every file of the OPFS folder but .git as [path, base64] pairs.
DUMP = f"""
async () => {{
  const files = [];
  const walk = async (folder, prefix) => {{
    for await (const [name, handle] of folder.entries()) {{
      const path = prefix + name;
      if (handle.kind === 'directory') {{ if (name !== '.git') await walk(handle, path + '/'); continue; }}
      const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      files.push([path, btoa(text)]);
    }}
  }};
  await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle('{REPOSITORY}'), '');
  return files;
}}
"""


def words(key: str, whole: bool = True) -> re.Pattern[str]:
    """Return a pattern matching the editor's words for `key`, in French or English: the whole text, or within it."""
    either = "(" + "|".join(re.escape(text) for text in WORDS[key]) + ")"
    return re.compile(f"^{either}$" if whole else either)


def editable_copy(folder: Path, source: Path = EXAMPLE) -> Path:
    """Copy a content folder into folder/content, saying where it is edited if it does not yet; return it."""
    content = folder / "content"
    shutil.copytree(source, content)
    site_yaml = content / "site.yaml"
    text = site_yaml.read_text(encoding="utf-8")
    if not re.search(r"^editing:", text, re.MULTILINE):
        site_yaml.write_text(text + EDITING, encoding="utf-8")
    return content


@contextmanager
def served_site(content: Path, output: Path) -> Iterator[str]:
    """Build a content folder for a local address, serve it on 127.0.0.1 and yield that address."""
    with served(output) as address:
        build(Options(content, TEMPLATES, output, base_url=address, today=EXAMPLE_DAY))
        yield address


def checkout_paths(checkout: Path) -> list[str]:
    """Return the path of every file of a checkout's content/, from the checkout: content/items/tente.yaml."""
    return sorted(path.relative_to(checkout).as_posix() for path in (checkout / "content").rglob("*") if path.is_file())


def checkout_files(checkout: Path) -> list[tuple[str, str]]:
    """Return every file of a checkout's content/ as (path from the checkout, base64 bytes)."""
    return [(path, base64.b64encode((checkout / path).read_bytes()).decode()) for path in checkout_paths(checkout)]


class Editor(Visit):
    """The admin in a fresh browser context, its folder picker answered with the browser's private files."""

    def __init__(self, browser: Browser, address: str, viewport: dict[str, int] = DESKTOP, **context: object):
        # The volunteers' language; service workers blocked so that every request goes through the guard.
        super().__init__(browser, address, viewport, locale="fr-FR", service_workers="block", **context)
        self.context.add_init_script(PICKER)

    def _route(self, route: Route) -> None:
        """Let requests to 127.0.0.1 through, blob: and data: addresses of the page too; stop and record any other."""
        url = route.request.url
        inner = url.split(":", 1)[1] if url.startswith("blob:") else url
        if url.startswith("data:") or urlsplit(inner).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.left.append(url)
            route.fulfill(status=404, body="")

    def open_checkout(self, checkout: Path) -> Page:
        """Open /admin/, put the checkout's content/ in the browser's files, and work with it as a local repository."""
        self.put(checkout)
        return self.work_locally()

    def put(self, checkout: Path) -> int:
        """Open /admin/ and put the checkout's content/ in the browser's files; return how many files."""
        count: int = self.open("admin/").evaluate(FILL, checkout_files(checkout))
        return count

    def work_locally(self, entries: int | None = None) -> Page:
        """Open /admin/ again, pick the local repository, and wait until the first collection's list is shown.

        With `entries`, wait until the list says it has that many.
        """
        self.page.reload(wait_until="commit")
        self.page.get_by_role("button", name=words("local")).click(timeout=WAIT)
        self.wait_for_list(entries)
        return self.page

    def wait_for_list(self, entries: int | None = None) -> None:
        """Wait until the editor announces a collection's list, of that many entries if given: it is then shown."""
        number = r"\d[\d\s]*" if entries is None else r"\D?".join(f"{entries:,}".split(","))
        announced = re.compile(words("viewing", whole=False).pattern + rf".*\b{number}\b")
        expect(self.page.get_by_role("status").filter(has_text=announced).first).to_be_attached(timeout=WAIT)

    def entry(self, collection: str, slug: str) -> Page:
        """Open an entry of a collection in the editor's form."""
        return self._form(f"collections/{collection}/entries/{slug}")

    def new_entry(self, collection: str) -> Page:
        """Open the editor's form for a new entry of a collection."""
        return self._form(f"collections/{collection}/new")

    def _form(self, route: str) -> Page:
        """Go to one of the editor's forms and wait until its first field shows."""
        self.page.goto(f"{self.address}admin/#/{route}")
        expect(self.page.locator("[data-key-path]").first).to_be_visible(timeout=WAIT)
        return self.page

    def field(self, key_path: str) -> Locator:
        """Return the form's group for a field, by its path in the file (`dropoffs.0.hours.fr`), scrolled into view."""
        from playwright.sync_api import Error

        target, parts = self._group(key_path), key_path.split(".")
        for _ in range(100):
            try:
                if target.count():
                    target.scroll_into_view_if_needed(timeout=1000)
                    return target
                self._draw_towards(parts)
            except Error:
                pass  # the form drew the group again while it was being scrolled to: look for it again
            self.page.wait_for_timeout(100)
        raise AssertionError(f"the form shows no field {key_path}")

    def _draw_towards(self, parts: list[str]) -> None:
        """Scroll to the deepest part of a field's path drawn so far, or to the last field drawn inside it.

        The form draws a field only once it scrolls into view, and the fields inside it after that.
        """
        drawn = [self._group(".".join(parts[:end])) for end in range(len(parts) - 1, 0, -1)]
        parent = next((group for group in drawn if group.count()), None)
        inside = (parent or self.page).locator(f"{FIELD}[data-key-path]").filter(visible=True)
        (inside.last if inside.count() or not parent else parent).scroll_into_view_if_needed(timeout=1000)

    def _group(self, key_path: str) -> Locator:
        """Return the form's group for a field, drawn or not."""
        return self.page.locator(f'{FIELD}[data-key-path="{key_path}"]').first

    def save(self) -> None:
        """Save the entry, and wait until the editor says so and closes the form; fail with its reasons if refused."""
        form = self.page.url
        self.page.get_by_role("button", name=words("save")).first.click()
        saved = self.page.get_by_text(words("saved", whole=False)).first
        refused = self.page.get_by_text(REFUSED).first
        # The toast of an earlier save may still show: the form closing tells this save from that one.
        for _ in range(WAIT // 100):
            if refused.is_visible():
                self.page.get_by_role("button", name=words("errors")).click()
                reasons = self.page.get_by_role("group", name="Validation").aria_snapshot()
                raise AssertionError(f"the editor refused to save:\n{reasons}")
            if self.page.url != form and saved.is_visible():
                return
            self.page.wait_for_timeout(100)
        raise AssertionError(f"the editor did not save within {WAIT} ms")

    def copy_back(self, checkout: Path) -> list[str]:
        """Write the browser's copy of content/ onto the checkout; return the paths that changed, appeared or went."""
        changed = []
        kept = set()
        for path, data in self.page.evaluate(DUMP):
            kept.add(path)
            target, new = checkout / path, base64.b64decode(data)
            if not target.is_file() or target.read_bytes() != new:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(new)
                changed.append(path)
        for path in checkout_paths(checkout):
            if path not in kept:
                (checkout / path).unlink()
                changed.append(path)
        return sorted(changed)
