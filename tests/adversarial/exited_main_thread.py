"""Leaves processes behind that look dead: a detached child whose main thread exits
(pthread_exit) while another thread keeps running, so /proc/PID/stat reads "Z" (exited)
for the whole process; then the worker ends itself. An end of the worker that skipped
exited-looking processes of the sandbox uid let it run beside the next question's worker
(no control group, no PID namespace: --no-cgroup --no-namespaces)."""

import ctypes
import os
import threading
import time

_echo = echo


def _linger():
    os.closerange(0, 1024)  # the runner must see the worker's pipes close

    def spin():
        while True:
            time.sleep(0.2)

    threading.Thread(target=spin).start()
    time.sleep(0.1)
    ctypes.CDLL(None).pthread_exit(None)


def echo(s):
    if os.fork() == 0:
        os.setsid()
        try:
            _linger()
        finally:
            os._exit(0)
    time.sleep(0.3)
    os._exit(0)
