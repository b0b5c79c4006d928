"""Templates compiled once: kept with the doctrees for the next build, and in memory for the next build in the
same process (each rebuild of ``make serve`` and each test build is a new Sphinx, which compiled some thirty
templates again: about a third of a small site's build)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from jinja2 import Environment, FileSystemBytecodeCache
from jinja2.bccache import Bucket

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Compiled templates kept in memory at most, the oldest dropped first (tests build hundreds of sites, each with
#: templates of its own at a path of its own).
KEPT_AT_MOST = 512


def named(value: object) -> object:
    """A value as the signature holds it: a function by its name and what Jinja passes it first."""
    if callable(value):
        return (getattr(value, "__module__", ""), getattr(value, "__qualname__", type(value).__qualname__),
                str(getattr(value, "jinja_pass_arg", "")))
    return repr(value)


def environment_signature(environment: Environment) -> str:
    """What besides a template's source decides the code Jinja compiles it to: its syntax and extensions, and
    what the compiler reads of the environment (which filters and tests there are and what each is passed
    first, the output's finalize, autoescape, the i18n extension's policies)."""
    settings = (sorted(environment.extensions), environment.block_start_string, environment.block_end_string,
                environment.variable_start_string, environment.variable_end_string,
                environment.comment_start_string, environment.comment_end_string,
                environment.line_statement_prefix, environment.line_comment_prefix, environment.trim_blocks,
                environment.lstrip_blocks, environment.newline_sequence, environment.keep_trailing_newline,
                environment.optimized, environment.is_async, type(environment).__qualname__,
                sorted((name, named(value)) for name, value in environment.filters.items()),
                sorted((name, named(value)) for name, value in environment.tests.items()),
                named(environment.finalize), named(environment.autoescape),
                sorted((name, named(value)) for name, value in environment.policies.items()),
                getattr(environment, "newstyle_gettext", None))
    return hashlib.sha1(repr(settings).encode(), usedforsecurity=False).hexdigest()[:16]


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's cache of compiled templates in a folder, keyed by name, file, source and the environment's
    signature (an edited template, or one for other filters, is compiled afresh), with what it loaded or wrote
    kept for the process."""

    kept: ClassVar[dict[str, tuple[str, object]]] = {}

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        key = f"{self.get_cache_key(name, filename)}-{environment_signature(environment)}"
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        kept = self.kept.get(bucket.key)
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]
            return
        super().load_bytecode(bucket)
        if bucket.code is not None:
            self.keep(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        super().dump_bytecode(bucket)
        self.keep(bucket)

    def keep(self, bucket: Bucket) -> None:
        self.kept.pop(bucket.key, None)
        while len(self.kept) >= KEPT_AT_MOST:
            del self.kept[next(iter(self.kept))]
        self.kept[bucket.key] = (bucket.checksum, bucket.code)


def cache_compiled_templates(app: Sphinx) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None:
        return
    folder = Path(app.doctreedir) / "scholar" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = CompiledTemplates(str(folder))
