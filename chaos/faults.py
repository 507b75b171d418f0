"""The faults, each applied to a running pipeline while the load runs. Contract: a fault returns only
once the system is whole again (a killed process restarted, a frozen one resumed), so the time counted
until the lag is back is the system's own recovery, not the fault's length. A fault may also shape the
system before the load (``setup``: more instances) and take that back after the counting (``teardown``),
and ask for the boards to be compared with a rebuild by replay (``checks_rebuild``)."""

import asyncio
import os
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bench.pipeline import RunningPipeline
from infra.stack import LocalStack
from tests.e2e.processes import ServiceProcess

PAUSE_S = 30.0  # how long a server stays frozen or a second instance stays in the group


Shape = Callable[[RunningPipeline], Awaitable[None]]


async def _nothing(pipeline: RunningPipeline) -> None:
    return None


@dataclass(frozen=True)
class Fault:
    name: str
    act: Callable[[RunningPipeline, LocalStack], Awaitable[None]]
    setup: Shape = _nothing
    teardown: Shape = _nothing
    checks_rebuild: bool = False


async def _restart(pipeline: RunningPipeline, name: str, stop: Callable[[ServiceProcess], object]) -> None:
    old = pipeline.services[name]
    await asyncio.to_thread(stop, old)
    new = ServiceProcess(name, pipeline.settings, old.log_dir, port=old.port).start()  # clients keep its URL
    pipeline.services[name] = new
    await asyncio.to_thread(new.wait_ready, 120)


def kill9(name: str) -> Fault:
    return Fault(f"kill -9 {name}", lambda p, s: _restart(p, name, ServiceProcess.kill))


def sigterm(name: str) -> Fault:
    return Fault(f"SIGTERM {name}", lambda p, s: _restart(p, name, ServiceProcess.terminate))


def _server_pid(stack: LocalStack, server: str) -> int:
    pid = stack.status()[server]
    assert pid is not None, f"{server} is not running"
    return pid


async def _kill_and_restart_server(stack: LocalStack, server: str) -> None:
    os.killpg(_server_pid(stack, server), signal.SIGKILL)
    await asyncio.sleep(2)
    await asyncio.to_thread(stack.up)


async def _freeze(stack: LocalStack, server: str, seconds: float) -> None:
    """SIGSTOP: every connection stays open and nothing answers, as behind a cut or hopelessly slow link."""
    group = _server_pid(stack, server)
    os.killpg(group, signal.SIGSTOP)
    try:
        await asyncio.sleep(seconds)
    finally:
        os.killpg(group, signal.SIGCONT)


def restart_server(server: str) -> Fault:
    return Fault(f"kill -9 {server} + restart", lambda p, s: _kill_and_restart_server(s, server))


def freeze_server(server: str, seconds: float = PAUSE_S) -> Fault:
    return Fault(f"{server} frozen {seconds:.0f} s", lambda p, s: _freeze(s, server, seconds))


def second_instance(name: str) -> Fault:
    async def act(pipeline: RunningPipeline, stack: LocalStack) -> None:
        extra = ServiceProcess(name, pipeline.settings, pipeline.services[name].log_dir).start()
        await asyncio.to_thread(extra.wait_ready, 120)
        await asyncio.sleep(PAUSE_S / 3)
        await asyncio.to_thread(extra.terminate)
    return Fault(f"{name}: 2nd instance joins, leaves", act)


SERVICES = ("nomination", "scoring", "notification", "results")


def every_service_twice() -> Fault:
    """Two instances of every service (same settings and consumer groups, each on its own HTTP port) from
    before the load; under it, the second instance of each is killed -9 at once, and after a pause in
    which the survivors hold every partition, a new second instance of each joins. Clients keep talking
    to the first instances, as to an address the survivors stay behind."""
    seconds: dict[str, ServiceProcess] = {}

    async def start_seconds(pipeline: RunningPipeline) -> None:
        seconds.update({name: ServiceProcess(name, pipeline.settings, pipeline.services[name].log_dir).start()
                        for name in SERVICES})
        for process in seconds.values():
            await asyncio.to_thread(process.wait_ready, 120)

    async def act(pipeline: RunningPipeline, stack: LocalStack) -> None:
        for process in seconds.values():
            await asyncio.to_thread(process.kill)
        await asyncio.sleep(PAUSE_S / 3)
        await start_seconds(pipeline)

    async def teardown(pipeline: RunningPipeline) -> None:
        for process in seconds.values():
            await asyncio.to_thread(process.terminate)
        seconds.clear()

    return Fault("every service x2, one of each kill -9, one rejoins", act, start_seconds, teardown,
                 checks_rebuild=True)


MATRIX: list[Fault] = [
    *(kill9(s) for s in SERVICES), *(sigterm(s) for s in SERVICES),
    restart_server("kafka"), restart_server("ferretdb"), freeze_server("kafka"), freeze_server("ferretdb"),
    second_instance("nomination"), every_service_twice(),
]
