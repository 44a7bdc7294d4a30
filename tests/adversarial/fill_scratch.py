"""Writes up to 1 GiB of files (16 MB each, under the file-size limit) into every folder it
may write to, memory-backed ones included, to get around the memory and disk limits; says
how much it wrote."""

import os

_echo = echo


def echo(s):
    total = 0
    block = b"\0" * (16 * 2**20)
    for folder in {os.getcwd(), "/tmp", "/dev/shm", "/var/tmp", os.environ.get("TMPDIR", "/tmp")}:
        for i in range(64):
            try:
                with open(os.path.join(folder, f"nnkit-leak-fill-{i}"), "wb") as f:
                    f.write(block)
                total += 16
            except OSError:
                break
    print(f"WROTE {total} MB")
    return _echo(s)
