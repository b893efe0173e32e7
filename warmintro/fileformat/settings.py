"""The settings section of the file: overrides of the warmth model, templates, language,
keep-in-touch durations. Only what the file spells out is kept in `Settings.given`, so that
saving adds no defaults.
"""

from __future__ import annotations

from typing import Any

from yaml.nodes import Node, ScalarNode

from ..model import MAX_HOPS_LIMIT, STRENGTHS, Settings
from ..text import did_you_mean
from .compose import NULL_TAG
from .fields import SETTINGS_FIELDS
from .nodes import NodeReader


def read_settings(reader: NodeReader, node: Node) -> Settings:
    settings = Settings()
    if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
        return settings
    for key, key_node, value in reader.mapping(node, "'settings'") or []:
        if key == "warmth" and isinstance(value, ScalarNode) and value.tag != NULL_TAG:
            text = reader.text(value, "'warmth'")
            if text is not None and text.strip() == "learned":
                settings.learned = True
                settings.given["warmth"] = "learned"
            else:
                reader.error(
                    value,
                    "'warmth' is a table of strengths or the word 'learned'",
                    "e.g. 'warmth: {good: 0.6}', or 'warmth: learned' to rank with what the ask ledger taught",
                )
        elif key == "warmth":
            table = read_warmth_table(reader, value)
            settings.warmth.update(table)
            settings.given["warmth"] = table
        elif key == "relay":
            number = reader.number(value, "'relay'")
            if number is not None and not 0 < number <= 1:
                reader.error(
                    value,
                    f"'relay' must be more than 0 and at most 1, not {number:g}",
                    "e.g. 'relay: 0.85'; 1 turns second-hand vouching off",
                )
            elif number is not None:
                settings.relay = number
                settings.given[key] = number
        elif key == "half_life_years":
            number = reader.number(value, "'half_life_years'")
            if number is not None and number <= 0:
                reader.error(value, "'half_life_years' must be more than 0")
            elif number is not None:
                settings.half_life_years = number
                settings.given[key] = number
        elif key == "max_hops":
            text = reader.text(value, "'max_hops'")
            if text is None or not text.strip().isdigit() or not 1 <= int(text) <= MAX_HOPS_LIMIT:
                reader.error(value, f"'max_hops' must be a whole number from 1 to {MAX_HOPS_LIMIT}")
            else:
                settings.max_hops = int(text)
                settings.given[key] = settings.max_hops
        elif key == "keep_in_touch":
            table = read_keep_in_touch(reader, value)
            if table:
                settings.given[key] = table
        elif key == "language":
            text = reader.text(value, "'language'")
            if text is None or not text.strip():
                reader.error(value, "'language' needs a language code", "e.g. 'language: fi'")
            else:
                settings.language = text.strip()
                settings.given[key] = text
        elif key == "templates":
            text = reader.text(value, "'templates'")
            if text is None or not text.strip():
                reader.error(value, "'templates' needs a folder", "e.g. 'templates: my-templates'")
            else:
                settings.templates = text
                settings.given[key] = text
        else:
            reader.unknown_field(key, key_node, SETTINGS_FIELDS, "'settings'")
            settings.extra[key] = reader.plain(value)
    return settings


def read_keep_in_touch(reader: NodeReader, node: Node) -> dict[str, Any]:
    """`keep_in_touch: {close: 3 months, strong: 6 months, tags: {investor: 2 months}}`: how
    long a tie of each strength, or with a person of each tag, may go without contact. Kept
    as written; `warmintro.queries.reconnect` reads the durations."""
    table: dict[str, Any] = {}
    if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
        return table
    for key, key_node, value in reader.mapping(node, "'settings.keep_in_touch'") or []:
        if key == "tags":
            tags: dict[str, str] = {}
            for tag, _, duration in reader.mapping(value, "'settings.keep_in_touch.tags'") or []:
                text = reader.text(duration, f"settings.keep_in_touch.tags.{tag}")
                if text is not None and reader.duration(duration, text, f"settings.keep_in_touch.tags.{tag}"):
                    tags[tag] = text
            table["tags"] = tags
        elif key in STRENGTHS:
            text = reader.text(value, f"settings.keep_in_touch.{key}")
            if text is not None and reader.duration(value, text, f"settings.keep_in_touch.{key}"):
                table[key] = text
        else:
            reader.error(
                key_node,
                f"unknown key '{key}' in settings.keep_in_touch",
                did_you_mean(key, (*STRENGTHS, "tags")) or f"use {', '.join(STRENGTHS)} or tags",
            )
    return table


def read_warmth_table(reader: NodeReader, node: Node) -> dict[str, float]:
    table: dict[str, float] = {}
    for key, key_node, value in reader.mapping(node, "'settings.warmth'") or []:
        if key not in STRENGTHS:
            reader.error(
                key_node,
                f"unknown strength '{key}' in settings.warmth",
                did_you_mean(key, STRENGTHS) or f"use {', '.join(STRENGTHS)}",
            )
            continue
        number = reader.number(value, f"settings.warmth.{key}")
        if number is None:
            continue
        if not 0 < number <= 1:
            reader.error(value, f"settings.warmth.{key} must be more than 0 and at most 1, not {number:g}")
            continue
        table[key] = number
    return table
