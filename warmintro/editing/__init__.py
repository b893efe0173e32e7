"""Editing the contacts file by hand: add, connect, touch, remove, rename, merge; every comment kept."""
