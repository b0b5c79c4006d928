"""``env_version`` changes whenever what the engine stores in Sphinx's environment changes shape: Sphinx then
reads every page afresh instead of unpickling data of another shape. This test fails when the shape changed
and ENV_VERSION did not."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types

import sphinx_scholar
from sphinx_scholar.extension import ENGINE_METADATA
from sphinx_scholar.pages.domain import PublicationDomain
from sphinx_scholar.pages.news import NewsItem
from sphinx_scholar.pages.posts import Post

#: Each shape the stored data has had -> the ENV_VERSION it was stored under. A new shape needs a new, higher
#: version: add its digest here with it.
KNOWN_SHAPES = {
    "5c1a5d07b45489e4": 11,  # 2.1.0: the pub domain's tables, data_version 4; modules moved into sphinx_scholar
    "12ebed9411a15318": 12,  # 2.2.0: paper pages (the paper_pages table), data_version 5
    "85d5ab16e9705ff6": 13,  # 2.2.0: news items kept for the feed (env.scholar_news); shapes from here on count them
    "a6412a80d54ef383": 14,  # 2.3.0: a page's full title and whether it shows "On this page", in its metadata
    "c67499d9a03e7bc5": 15,  # 2.5.0: the posts (env.scholar_posts, env.scholar_posts_shown)
    "39416bb1cae91ef7": 16,  # 2.6.0: what each paper page last showed (last_paper_pages), data_version 6
    "b0ff0f8fff3c613b": 17,  # 2.8.0: the paper pages planned (paper_pages, paper_pages_from), data_version 7
}


def stored_shape() -> str:
    """What the environment keeps of the engine: the pub domain's tables and their version, the news items
    (``env.scholar_news``) and the posts (``env.scholar_posts``) with their fields, and the keys it writes into
    pages' metadata."""
    shape = {"pub": sorted(PublicationDomain.initial_data), "data_version": PublicationDomain.data_version}
    shape_with_news = {**shape, "news": [field.name for field in dataclasses.fields(NewsItem)]}
    shape_with_news["metadata"] = sorted(ENGINE_METADATA)  # counted from 2.3.0 on
    shape_with_news["posts"] = [field.name for field in dataclasses.fields(Post)]  # counted from 2.5.0 on
    return hashlib.sha256(json.dumps(shape_with_news, sort_keys=True).encode()).hexdigest()[:16]


def test_env_version_follows_the_stored_shape():
    shape = stored_shape()
    assert shape in KNOWN_SHAPES, (
        f"the data the engine stores changed shape ({shape}): raise ENV_VERSION in sphinx_scholar/__init__.py "
        "and add the new shape to KNOWN_SHAPES with it")
    assert KNOWN_SHAPES[shape] == sphinx_scholar.ENV_VERSION
    assert max(KNOWN_SHAPES.values()) == sphinx_scholar.ENV_VERSION, "a version is never reused for a new shape"


def test_setup_declares_the_env_version_and_parallel_safety():
    class Recorder:
        """Stands for the application: takes every registration, as setup() needs none of their results."""

        config = types.SimpleNamespace(templates_path=[])

        def __getattr__(self, name):
            return lambda *args, **kwargs: None

    metadata = sphinx_scholar.setup(Recorder())  # type: ignore[arg-type]
    assert metadata == {"version": sphinx_scholar.__version__, "env_version": sphinx_scholar.ENV_VERSION,
                        "parallel_read_safe": True, "parallel_write_safe": True}


def test_the_shape_digest_sees_a_new_table(monkeypatch):
    """The check above can fail: a table added to the domain changes the digest."""
    before = stored_shape()
    monkeypatch.setattr(PublicationDomain, "initial_data", {**PublicationDomain.initial_data, "new_table": {}})
    assert stored_shape() != before
