"""Rules for fields that point somewhere: web addresses, e-mail addresses, pictures in content/images/.

https://dons.example.org/  =>  kept as written          www.example.org  =>  a problem and how to fix it
tent.jpg                   =>  ("tent.jpg", the file)    ../site.yaml     =>  a problem: outside content/images/
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from sitegen.content import corrections
from sitegen.content.documents import Node
from sitegen.content.rules import INVALID, Reader, Rule
from sitegen.errors import SiteError

_NOT_IN_URL = re.compile(r"[\s\x00-\x1f\x7f]")
EMAIL = re.compile(r"[^@\s<>()\[\],;:\\\"]+@[^@\s<>()\[\],;:\\\"]+\.[^@\s<>()\[\],;:\\\".]+")


@dataclass(frozen=True)
class Url(Rule):
    """An absolute web address: http:// or https:// and a host."""

    expected = "a web address starting with https:// or http://"
    example = "https://example.org/"

    def read(self, node: Node, reader: Reader, name: str) -> Any:
        """Return the address when it is a well-formed http(s) URL."""
        text = self.scalar(node, reader, name)
        if text is INVALID or is_http_url(text):
            return text
        return reader.fail(
            node.line,
            f"'{name}' is '{text}', which is not {self.expected}",
            corrections.url(text, name, is_http_url) or "copy the full address from the browser's address bar",
        )


def is_http_url(text: str) -> bool:
    """Return True for an absolute http(s) address with a host and no space or control character."""
    try:
        parts = urlsplit(text)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and not _NOT_IN_URL.search(text)
    except ValueError:  # a malformed host, such as https://[::1
        return False


def checked_base_url(base_url: str | None) -> str | None:
    """Return a --base-url ending with '/', once checked to be an http(s) address."""
    if base_url is None:
        return None
    if not is_http_url(base_url):
        raise SiteError(f"--base-url {base_url!r} is not an http(s) address such as https://example.org/")
    return base_url if base_url.endswith("/") else base_url + "/"


REPOSITORY = re.compile(r"[\w.-]+(?:/[\w.-]+)+")  # owner/name; GitLab groups nest: group/subgroup/name


@dataclass(frozen=True)
class Repository(Rule):
    """A git repository on its host, as its address writes it: owner/name."""

    expected = "a repository written owner/name"
    example = "le-fil-de-grisvent/site"

    def read(self, node: Node, reader: Reader, name: str) -> Any:
        """Return the repository's path when it is owner/name (or group/subgroup/name)."""
        text = self.scalar(node, reader, name)
        if text is INVALID or REPOSITORY.fullmatch(text.strip("/")):
            return text if text is INVALID else text.strip("/")
        return reader.fail(
            node.line,
            f"'{name}' is '{text}', which is not {self.expected}",
            f"copy it from the repository's address: https://github.com/owner/name => {name}: owner/name",
        )


@dataclass(frozen=True)
class ImagePath(Rule):
    """A picture file under content/images/, written relative to it."""

    expected = "the name of a file in content/images/"
    example = "tent.jpg"

    def read(self, node: Node, reader: Reader, name: str) -> Any:
        """Return (src, resolved path) for a file that stays inside content/images/."""
        text = self.scalar(node, reader, name)
        if text is INVALID or reader.images is None:
            return text
        relative = PurePosixPath(text)
        if "\\" in text or "\x00" in text or relative.is_absolute() or ".." in relative.parts:
            return reader.fail(
                node.line,
                f"'{name}' is '{text}', which points outside content/images/",
                "write the file name relative to content/images/, such as tent.jpg",
            )
        root = reader.images.resolve()
        try:
            path = (root / relative).resolve()
            found = path.is_file()
        except RuntimeError:  # a symlink loop, on Python before 3.13
            return reader.fail(
                node.line,
                f"'{name}' is '{text}', a link that leads nowhere",
                "put the picture itself in content/images/ (not a link to elsewhere)",
            )
        except OSError as error:  # a name too long for the file system, or a link loop on newer Pythons
            return reader.fail(
                node.line,
                f"'{name}' is not a usable file name ({error.strerror})",
                "rename the picture with a short name, such as tent.jpg",
            )
        if not path.is_relative_to(root):
            return reader.fail(
                node.line,
                f"'{name}' is '{text}', which leads outside content/images/",
                "put the picture itself in content/images/ (not a link to elsewhere)",
            )
        if not found:
            return reader.fail(
                node.line,
                f"'{name}': there is no picture '{text}' in content/images/",
                "add the file, or correct the name (letter case counts)",
            )
        return text, path


@dataclass(frozen=True)
class Email(Rule):
    """An e-mail address: contact@example.org."""

    expected = "an e-mail address such as contact@example.org"
    example = "contact@example.org"

    def read(self, node: Node, reader: Reader, name: str) -> Any:
        """Return the address when it has one '@', a domain with a dot, and no space."""
        text = self.scalar(node, reader, name)
        if text is INVALID or EMAIL.fullmatch(text):
            return text
        return reader.fail(
            node.line, f"'{name}' is '{text}', which is not {self.expected}", f"write {name}: {self.example}"
        )
