"""Starting a chapter's kernel by forking a worker that has the chapters' libraries imported.

A kernel started the usual way (``python -m ipykernel_launcher -f <connection file>``) imports
ipykernel, numpy, pandas, scipy, matplotlib, seaborn and this package: about 2 CPU-seconds per
kernel, paid again by each worker's kernel. The chapter workers are forked from one process that
imported all of it once (:mod:`vecmbook.pipeline.kernel_preload`), so a kernel forked from a
worker starts with it imported.

jupyter_client starts kernels through a *provisioner*; its :class:`LocalProvisioner` creates the
process with :class:`subprocess.Popen`. :class:`ForkingProvisioner` is that provisioner with only
the process creation replaced: the child does what the command would have done, as ``Popen``
would have started it (a new session, the kernel's working folder and environment, standard
input not the worker's), then runs ``ipykernel``'s application with the command's arguments.
Everything else (the connection file, ports, signals to the process group, killing, reaping
through :class:`ForkedProcess`) is jupyter_client's own code. A command that is not this
interpreter running ``ipykernel_launcher`` is started with ``Popen`` as usual.

Unlike ``Popen`` the child keeps the worker's other open files (its pipes to the runner, the
resource tracker's), as any process forked by multiprocessing does: objects copied from the
worker refer to them, and closing them would let a number be reused under such an object.
"""
from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
import traceback
from multiprocessing import resource_tracker
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

LAUNCHER = ["-m", "ipykernel_launcher"]


class ForkedProcess:
    """The part of :class:`subprocess.Popen`'s interface that :class:`LocalProvisioner` uses, for a
    child created by :func:`os.fork` (``Popen`` cannot adopt a process it did not start)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"kernel process {self.pid} still running after {timeout} s")
            time.sleep(0.01)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def launcher_arguments(cmd: list[str]) -> list[str] | None:
    """The arguments ``cmd`` passes to ``ipykernel_launcher`` when it runs it with this interpreter
    (interpreter options before ``-m`` aside), else None."""
    if not cmd or os.path.realpath(cmd[0]) != os.path.realpath(sys.executable):
        return None
    for i in range(1, len(cmd) - 1):
        if cmd[i:i + 2] == LAUNCHER:
            return cmd[i + 2:]
    return None


def become_kernel(arguments: list[str], cwd: str, env: dict[str, str]) -> None:
    """In the forked child: set the process up as ``Popen(start_new_session=True, cwd=cwd, env=env)``
    would have, with standard input from ``/dev/null`` (jupyter_client gives a kernel a pipe that
    nobody writes to); run the kernel with ``arguments``; end the process with the kernel's exit
    code, never returning into the worker's code."""
    code = 1
    try:
        os.setsid()
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        # the worker's event loop (jupyter_client was starting this kernel in it) is not this process's
        asyncio.set_event_loop_policy(None)
        # nor is the worker's multiprocessing resource tracker: a kernel starts its own when it first
        # needs one (tqdm's lock), in its own process group, so killing the kernel's group at the end
        # of a run takes the tracker too, with what the kernel registered. Shared, it would outlive
        # the killed kernel and report that as leaked at the run's end. (multiprocessing has no public
        # way to say this; ``_fd`` is the tracker object's pipe, None until it starts one.)
        resource_tracker._resource_tracker._fd = None
        import ipykernel_launcher
        from ipykernel.kernelapp import IPKernelApp

        sys.argv = [ipykernel_launcher.__file__, *arguments]
        IPKernelApp.launch_instance(argv=arguments)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


class ForkingProvisioner(LocalProvisioner):
    """:class:`LocalProvisioner` whose kernel process is forked from this one (see the module)."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> dict:
        arguments = launcher_arguments(cmd)
        if arguments is None:
            return await super().launch_kernel(cmd, **kwargs)
        env = dict(kwargs.get("env") or os.environ)
        # the kernel ends when this process does: launch_kernel sets JPY_PARENT_PID for that, but
        # ipykernel reads it when it is imported, which was before this process existed
        env["JPY_PARENT_PID"] = str(os.getpid())
        arguments = [*arguments, f"--IPKernelApp.parent_handle={os.getpid()}"]
        cwd = str(kwargs.get("cwd") or os.getcwd())
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            become_kernel(arguments, cwd, env)
        self.process = ForkedProcess(pid)
        self.pid = self.pgid = pid  # the child's own session, so its group is its pid
        self.cwd = cwd
        return self.connection_info
