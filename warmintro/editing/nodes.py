"""Reading PyYAML's node tree of the file: every node once, an entry's id or `between`, and a
copy of the text ruamel.yaml can read (tabs it refuses made spaces)."""

from __future__ import annotations

from collections.abc import Iterator

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..fileformat.compose import NULL_TAG


def _all_nodes(nodes: list[Node]) -> Iterator[Node]:
    """Every node under `nodes`, each once (an aliased node is one node)."""
    stack = list(nodes)
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, MappingNode):
            for k, v in node.value:
                stack.extend((k, v))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


_QUOTED_OR_BLOCK = ('"', "'", "|", ">")


def _detab(text: str, root: Node | None) -> str:
    """`text` with every tab outside quoted and block scalars made a space: the same length and
    lines, and the same document (YAML reads such a tab as a separator or as trailing space; one
    inside a plain scalar changes that value, which the check of every edit's result catches).
    PyYAML accepts tabs where ruamel.yaml refuses them: after a value, after a colon, before a
    comment. ruamel reads this copy; the lines an edit does not touch are copied from `text`."""
    if "\t" not in text or root is None:
        return text
    spans = [
        (node.start_mark.index, node.end_mark.index)
        for node in _all_nodes([root])
        if isinstance(node, ScalarNode)
        and node.style in _QUOTED_OR_BLOCK
        and "\t" in text[node.start_mark.index : node.end_mark.index]
    ]
    out: list[str] = []
    position = 0
    for start, end in sorted(spans):
        out.append(text[position:start].replace("\t", " "))
        out.append(text[start:end])
        position = end
    out.append(text[position:].replace("\t", " "))
    return "".join(out)


def _is_empty(node: Node) -> bool:
    if isinstance(node, ScalarNode):
        return node.tag == NULL_TAG or node.value == ""
    return not node.value


def _node_id(node: Node) -> str | None:
    """The `id:` of an entry of a list section (an ask), as written."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == "id" and isinstance(value, ScalarNode):
                return str(value.value)
    return None


def _pairs(node: Node) -> Iterator[tuple[str, Node]]:
    """The (key, value) pairs of a mapping node with text keys."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                yield str(key.value), value


def _node_between(node: Node) -> frozenset[str] | None:
    if not isinstance(node, MappingNode):
        return None
    for key, value in node.value:
        if isinstance(key, ScalarNode) and key.value == "between" and isinstance(value, SequenceNode):
            texts = [v.value for v in value.value if isinstance(v, ScalarNode)]
            if len(texts) == 2:
                return frozenset(texts)
    return None
