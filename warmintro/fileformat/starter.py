"""A new contacts file: the commented starter that `warmintro init` writes.

It is a valid contacts file that teaches its own format: a modeline that points editors at the
JSON Schema, you (when a name is given) as the first person and `me`, and commented examples of
a person and a relationship to copy.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..editing.emit import scalar_text


@dataclass(frozen=True)
class Starter:
    """What `init` writes, and the commands to run next."""

    text: str
    me: str | None
    next_steps: tuple[str, ...]


def starter(me: str | None, name: str | None, schema: str, linkedin: bool = False) -> Starter:
    """The starter file for `me` (an id) named `name`, or without anyone yet; `schema` is the
    path of the JSON Schema for the editor modeline. `linkedin`: an import follows at once."""
    lines = [
        f"# yaml-language-server: $schema={schema}",
        "# The people I know and how well: warmintro's contacts file. It is mine, to edit by hand",
        "# or with warmintro (add, connect, touch, import); `warmintro check` says what is wrong.",
        "",
    ]
    if me is not None and name is not None:
        lines += [f"{'me: ' + scalar_text(me):<30} # you: where every path starts", ""]
    lines += ["people:                        # id -> person; ids are short: letters, digits, - _ ."]
    if me is not None and name is not None:
        lines += [f"  {scalar_text(me)}:", f"    name: {scalar_text(name)}"]
    lines += [
        "  # bob:",
        "  #   name: Bob Sjöberg            # the one required field",
        "  #   company: Helix Coaching",
        "  #   title: Author and coach",
        "  #   email: bob@example.com       # optional: email, phone, linkedin, location, about, tags",
        "  #   about: Coaches founders.     # said about them in the introductions warmintro drafts",
        "  #   tags: [coaching, author]",
        "",
        'relationships:                 # undirected: "these two know each other"',
        f"  # - between: [{me or 'your-id'}, bob]",
        "  #   strength: good              # close | strong | good | weak | acquaintance, or 5-1",
        "  #   how: Met at the Helsinki SaaS meetup.",
        "  #   last_contact: 2026-11       # recent contact keeps a tie warm in the rankings",
        "",
        "# settings:                     # optional: the warmth model, as the README explains",
        "#   half_life_years: 4",
        "#   keep_in_touch: {close: 3 months, strong: 6 months}   # for 'warmintro reconnect'",
    ]
    text = "\n".join(lines) + "\n"
    steps: list[str] = []
    if me is None:
        steps.append('warmintro add your-id --name "Your Name" --me')
    if not linkedin:
        steps.append("warmintro import linkedin ~/Downloads/Connections.csv")
    steps += [
        'warmintro add bob --name "Bob Sjöberg" --company "Helix Coaching"',
        'warmintro connect bob --strength good --how "Met at the Helsinki SaaS meetup"',
        "warmintro check",
    ]
    return Starter(text, me if name is not None else None, tuple(steps))
