"""The faults, each applied to a running pipeline while the load runs. Contract: a fault returns only
once the system is whole again (a killed process restarted, a frozen one resumed), so the time counted
until the lag is back is the system's own recovery, not the fault's length."""

import asyncio
import os
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bench.pipeline import RunningPipeline
from infra.stack import LocalStack
from tests.e2e.processes import ServiceProcess

PAUSE_S = 30.0  # how long a server stays frozen or a second instance stays in the group


@dataclass(frozen=True)
class Fault:
    name: str
    act: Callable[[RunningPipeline, LocalStack], Awaitable[None]]


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
MATRIX: list[Fault] = [
    *(kill9(s) for s in SERVICES), *(sigterm(s) for s in SERVICES),
    restart_server("kafka"), restart_server("ferretdb"), freeze_server("kafka"), freeze_server("ferretdb"),
    second_instance("nomination"),
]
