"""Editing the contacts file by hand: add, connect, touch, remove, rename, merge; every comment kept.

The file is the user's own, hand-written and commented. An edit (a new person, a relationship
updated, a field filled in) must change the lines it means to change and no other byte. So:

1. Each edit is recorded as an operation (`AddPerson`, `SetPersonFields`, ...), not applied to
   a re-serialised copy of the whole file.
2. When the file is rendered, every entry an operation touches (one person under ``people:``,
   one item under ``relationships:``) is cut out of the text, round-tripped through ruamel.yaml
   (which keeps its comments, quoting, key order and flow/block style), changed, and spliced back
   in place; new entries are rendered the same way, in the style most entries of that section
   already use, and inserted after the section's last entry. Lines outside the touched entries
   are copied byte for byte, and inside an entry the lines ruamel re-formats without being asked
   (spacing in a flow mapping, say) are restored by a three-way merge.
3. Files too unusual to cut into entries (a flow-style ``people: {...}`` section, explicit
   document markers, entries that refer to anchors elsewhere) go through ruamel as a whole
   document instead, with the same three-way merge against the original text.
4. Whatever the path, the new text is parsed again by warmintro's own loader and must (a) be a
   valid contacts file and (b) hold exactly the network the operations describe, nothing more
   and nothing less. Otherwise nothing is written. (On a large file, an edit of a few entries
   parses and checks just those entries, in a window of the file: `warmintro.editing.window`.)

The modules, in the order an edit goes through them:

* `transaction` - `edit_contacts`: lock, read, staleness check, render, backup, atomic replace;
* `editor` - `ContactsEditor`: checks each edit, records it, keeps the network it describes;
* `overlay` - a cached file's people and relationships looked up as edits ask, edits beside them;
* `window` - a large file edited through a window: only the entries an edit touches are parsed;
* `recache` - the query cache brought up to date with what the edit wrote;
* `operations` - the edits as records, and the checks on the values they write;
* `backend` - what a back end offers, and an operation applied to one;
* `spliced` and `whole` - the two back ends: entry by entry, or the whole document;
* `emit` - the file's layout (`Style`), warmintro's emitter for new entries, ruamel's writer;
* `tokens` - changing ruamel's objects without moving a comment;
* `merge3` - the three-way merge of lines, and line breaks restored in a mixed file;
* `nodes` - reading PyYAML's node tree;
* `grow` and `reshape` - what the commands do with an editor: add, connect and touch (the network
  grows); remove, rename, merge and disconnect (it changes shape).
"""
