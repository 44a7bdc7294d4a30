"""Kernel layers the worker puts around itself before any student code runs.

Each layer is a kernel mechanism, used where the environment allows it and reported on or
off (with the reason) to the trusted process, which logs it and may refuse to grade:

- namespaces: mount, network and IPC (plus user when not root), so the worker has no
  network at all, no shared IPC objects and its own view of the file system;
- ``PR_SET_NO_NEW_PRIVS``: set-uid programs started by student code gain nothing;
- Landlock: the only readable paths are the interpreter, its import path and the course
  library; the only writable one is the worker's scratch folder; TCP bind/connect are
  denied; signals and abstract UNIX sockets cannot reach outside the sandbox;
- seccomp (libseccomp through ``pyseccomp``): no sockets but AF_UNIX, no ptrace or
  process_vm_*, no mounts, new namespaces, keyrings, BPF, io_uring ...

Loaded by the worker by file path (it runs with ``python -I``), so it imports nothing of
the trusted side.
"""

from __future__ import annotations

import ctypes
import errno
import os
import signal
import time

_libc = ctypes.CDLL(None, use_errno=True)

# prctl(2) options
PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36
PR_GET_CHILD_SUBREAPER = 37
PR_SET_NO_NEW_PRIVS = 38
# unshare(2) flags
CLONE_NEWNS = 0x00020000
CLONE_NEWCGROUP = 0x02000000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
NEW_NAMESPACE_FLAGS = (
    CLONE_NEWNS
    | CLONE_NEWCGROUP
    | CLONE_NEWUTS
    | CLONE_NEWIPC
    | CLONE_NEWUSER
    | CLONE_NEWPID
    | CLONE_NEWNET
)

# Landlock (include/uapi/linux/landlock.h); the syscall numbers are the same on every arch
_SYS_LANDLOCK_CREATE_RULESET = 444
_SYS_LANDLOCK_ADD_RULE = 445
_SYS_LANDLOCK_RESTRICT_SELF = 446
_LANDLOCK_CREATE_RULESET_VERSION = 1
_LANDLOCK_RULE_PATH_BENEATH = 1
FS_EXECUTE = 1 << 0
FS_WRITE_FILE = 1 << 1
FS_READ_FILE = 1 << 2
FS_READ_DIR = 1 << 3
FS_REMOVE_DIR = 1 << 4
FS_REMOVE_FILE = 1 << 5
FS_MAKE_CHAR = 1 << 6
FS_MAKE_DIR = 1 << 7
FS_MAKE_REG = 1 << 8
FS_MAKE_SOCK = 1 << 9
FS_MAKE_FIFO = 1 << 10
FS_MAKE_BLOCK = 1 << 11
FS_MAKE_SYM = 1 << 12
FS_REFER = 1 << 13  # ABI 2
FS_TRUNCATE = 1 << 14  # ABI 3
FS_IOCTL_DEV = 1 << 15  # ABI 5
NET_BIND_TCP = 1 << 0  # ABI 4
NET_CONNECT_TCP = 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0  # ABI 6
SCOPE_SIGNAL = 1 << 1

_FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV
_READ = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
_WRITE = (
    _READ
    | FS_WRITE_FILE
    | FS_REMOVE_DIR
    | FS_REMOVE_FILE
    | FS_MAKE_DIR
    | FS_MAKE_REG
    | FS_MAKE_SYM
    | FS_MAKE_FIFO
    | FS_MAKE_SOCK
    | FS_REFER
    | FS_TRUNCATE
)


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1  # the kernel's struct is __attribute__((packed))
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _err(what: str) -> OSError:
    code = ctypes.get_errno()
    return OSError(code, f"{what}: {os.strerror(code)}")


def landlock_abi() -> int:
    """The kernel's Landlock ABI version; 0 when Landlock is absent or disabled."""
    abi = _libc.syscall(_SYS_LANDLOCK_CREATE_RULESET, None, 0, _LANDLOCK_CREATE_RULESET_VERSION)
    return max(int(abi), 0)


def no_new_privs() -> None:
    """Exec never grants privileges again (set-uid bits, file capabilities)."""
    if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise _err("prctl(PR_SET_NO_NEW_PRIVS)")


def not_dumpable(dumpable: bool = False) -> bool:
    """Processes of the same uid can no longer ptrace this one or read its /proc/PID/mem
    (``dumpable=True``: they can again, as in a freshly started process)."""
    return _libc.prctl(PR_SET_DUMPABLE, int(dumpable), 0, 0, 0) == 0


def become_subreaper() -> bool:
    """Make orphaned descendants re-parent to this process (Linux only)."""
    return _libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0


def is_subreaper() -> bool:
    value = ctypes.c_int(0)
    _libc.prctl(PR_GET_CHILD_SUBREAPER, ctypes.byref(value), 0, 0, 0)
    return bool(value.value)


def kill_until_gone(find, rounds: int, pause_s: float, then=None) -> None:
    """SIGKILL every pid that ``find()`` returns, again and again while it returns any
    (a process may start another before its own kill lands), at most ``rounds`` times;
    ``then()`` runs after each round's pause."""
    for _ in range(rounds):
        alive = find()
        if not alive:
            return
        for pid in alive:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(pause_s)
        if then is not None:
            then()


def enter_namespaces(as_root: bool) -> str:
    """New mount, network, IPC and PID namespaces, and a user namespace unless the caller
    is root about to become the sandbox uid (a user namespace then keeps capabilities over
    nothing outside it). The caller must fork next: only children enter the PID namespace.

    Returns a description; raises OSError when the kernel or container refuses.
    """
    flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWPID
    if not as_root:
        uid, gid = os.getuid(), os.getgid()
        if _libc.unshare(CLONE_NEWUSER | flags) != 0:
            raise _err("unshare(user, mount, network, IPC)")
        # the same ids inside as outside: files keep their owners, no privilege outside
        with open("/proc/self/setgroups", "w") as f:
            f.write("deny")
        with open("/proc/self/uid_map", "w") as f:
            f.write(f"{uid} {uid} 1")
        with open("/proc/self/gid_map", "w") as f:
            f.write(f"{gid} {gid} 1")
        return "user, mount, network, IPC and PID namespaces"
    if _libc.unshare(flags) != 0:
        raise _err("unshare(mount, network, IPC, PID)")
    return "mount, network, IPC and PID namespaces"


def become_pid_namespace_init() -> None:
    """Fork into the new PID namespace: the child (its init, pid 1) returns and goes on;
    this process only waits and exits as the child did. When the init dies, the kernel
    kills everything left in the namespace."""
    import signal

    child = os.fork()
    if child == 0:
        return
    for fd in range(3, 1024):  # the pipes to the trusted side belong to the child now
        try:
            os.close(fd)
        except OSError:
            pass
    _, status = os.waitpid(child, 0)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)


def landlock_ruleset(read: list[str], write: list[str], abi: int) -> tuple[int, str]:
    """A Landlock ruleset allowing only ``read`` and ``write`` paths; returns (fd, text).

    Files and directories not under a rule cannot be opened at all; TCP bind and connect
    are refused (ABI >= 4); signals and abstract UNIX sockets cannot leave the sandbox
    (ABI >= 6). Paths that do not exist are skipped. Built while the paths can still be
    opened (before dropping privileges); ``landlock_restrict`` applies it.
    """
    handled = _WRITE | FS_MAKE_CHAR | FS_MAKE_BLOCK
    if abi < 2:
        handled &= ~FS_REFER
    if abi < 3:
        handled &= ~FS_TRUNCATE
    if abi >= 5:
        handled |= FS_IOCTL_DEV
    attr = _RulesetAttr(handled, 0, 0)
    size = 8
    if abi >= 4:
        attr.handled_access_net = NET_BIND_TCP | NET_CONNECT_TCP
        size = 16
    if abi >= 6:
        attr.scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL
        size = 24
    ruleset = _libc.syscall(_SYS_LANDLOCK_CREATE_RULESET, ctypes.byref(attr), size, 0)
    if ruleset < 0:
        raise _err("landlock_create_ruleset")
    try:
        for rights, paths in ((_READ, read), (_WRITE | (handled & FS_IOCTL_DEV), write)):
            for path in paths:
                try:
                    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                except OSError:
                    continue
                try:
                    allowed = rights & handled
                    if not os.path.isdir(path):
                        allowed &= _FILE_RIGHTS
                    rule = _PathBeneathAttr(allowed, fd)
                    if (
                        _libc.syscall(
                            _SYS_LANDLOCK_ADD_RULE,
                            ruleset,
                            _LANDLOCK_RULE_PATH_BENEATH,
                            ctypes.byref(rule),
                            0,
                        )
                        != 0
                    ):
                        raise _err(f"landlock_add_rule({path})")
                finally:
                    os.close(fd)
    except OSError:
        os.close(ruleset)
        raise
    parts = ["file system limited to the interpreter, its libraries and the scratch folder"]
    if abi >= 4:
        parts.append("no TCP bind or connect")
    if abi >= 6:
        parts.append("signals and abstract sockets scoped to the sandbox")
    return ruleset, f"Landlock ABI {abi}: " + "; ".join(parts)


def landlock_restrict(ruleset: int) -> None:
    """Apply a ruleset to this process for good (requires no_new_privs)."""
    try:
        if _libc.syscall(_SYS_LANDLOCK_RESTRICT_SELF, ruleset, 0) != 0:
            raise _err("landlock_restrict_self")
    finally:
        os.close(ruleset)


# syscalls the worker never needs; each fails with EPERM
DENIED_SYSCALLS = (
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "pidfd_getfd",
    "kcmp",
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "move_mount",
    "open_tree",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "mount_setattr",
    "unshare",
    "setns",
    "keyctl",
    "add_key",
    "request_key",
    "bpf",
    "perf_event_open",
    "userfaultfd",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "open_by_handle_at",
    "name_to_handle_at",
    "fanotify_init",
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    "reboot",
    "swapon",
    "swapoff",
    "syslog",
    "acct",
    "quotactl",
    "iopl",
    "ioperm",
    "settimeofday",
    "clock_settime",
    "clock_adjtime",
    "adjtimex",
    "sethostname",
    "setdomainname",
    "vhangup",
    "lookup_dcookie",
)


def seccomp_filter():
    """Build the worker's syscall filter; ``.load()`` it after ``no_new_privs``.

    Built while the worker can still read every library (libseccomp is looked up on
    the file system), loaded once the other layers are in place.
    """
    import pyseccomp as sc

    f = sc.SyscallFilter(sc.ALLOW)
    eperm = sc.ERRNO(errno.EPERM)
    for name in DENIED_SYSCALLS:
        try:
            f.add_rule(eperm, name)
        except (OSError, RuntimeError, ValueError):
            continue  # a syscall this architecture does not have
    # sockets: AF_UNIX only (no network even where no network namespace could be made)
    f.add_rule(sc.ERRNO(errno.EACCES), "socket", sc.Arg(0, sc.NE, 1))
    # no new namespaces through clone; clone3 passes its flags in memory the filter
    # cannot read, so it reports "not implemented" and the C library falls back to clone
    for flag in (
        CLONE_NEWNS,
        CLONE_NEWCGROUP,
        CLONE_NEWUTS,
        CLONE_NEWIPC,
        CLONE_NEWUSER,
        CLONE_NEWPID,
        CLONE_NEWNET,
    ):
        f.add_rule(eperm, "clone", sc.Arg(0, sc.MASKED_EQ, flag, flag))
    f.add_rule(sc.ERRNO(errno.ENOSYS), "clone3")
    return f


SECCOMP_DESCRIPTION = "no network sockets, ptrace, process_vm_*, mounts, namespaces, keyrings, BPF"
