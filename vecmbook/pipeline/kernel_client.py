"""The client papermill (through nbclient) and :mod:`vecmbook.pipeline.kernels` talk to a chapter's
kernel with: jupyter_client's blocking client, less a fixed wait.

jupyter_client's ``wait_for_ready`` sends ``kernel_info``, waits for the reply on the shell
channel and for one message on IOPub (which shows the IOPub subscription is live), and then
listens to IOPub until it has been silent for 0.2 s, to drop messages left from earlier requests.
That last step costs 0.2 s of wall time per client, and a run makes two clients per chapter (the
reset and papermill's), on a path where nothing else happens. It drops nothing either client
needs: nbclient keeps only IOPub messages whose parent is the cell it executes, and the reset
waits for its own reply on the shell channel. This client is jupyter_client's, without that step
(written here because jupyter_client offers no option to skip it).
"""
from __future__ import annotations

import time
from queue import Empty

from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.utils import run_sync
from jupyter_core.utils import ensure_async


class PromptClient(BlockingKernelClient):
    """A blocking kernel client whose ``wait_for_ready`` returns once the kernel has answered
    ``kernel_info`` and IOPub has delivered a message (jupyter_client's first two steps)."""

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.time() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                msg = await ensure_async(self.shell_channel.get_msg(timeout=1))
            except Empty:
                pass
            else:
                if msg["msg_type"] == "kernel_info_reply":
                    try:  # the kernel_info request's busy/idle status: IOPub is connected
                        await ensure_async(self.iopub_channel.get_msg(timeout=0.2))
                    except Empty:
                        pass
                    else:
                        self._handle_kernel_info_reply(msg)
                        return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.time() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    wait_for_ready = run_sync(_async_wait_for_ready)
