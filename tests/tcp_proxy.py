"""A TCP proxy of our own between a service and a real server, to make faults happen on purpose.

While *held*, bytes from clients are kept (and recorded in ``held``) instead of forwarded, so a request
hangs mid-flight exactly as it would behind a stalled network; ``cut`` then drops every connection and
discards what was held, so nothing the client sent reaches the server.
"""

import asyncio
import contextlib


class FaultyLink:
    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.held = bytearray()
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self, port: int = 0) -> int:
        """Listens on ``port`` (any free one by default) and returns it."""
        self._server = await asyncio.start_server(self._connect, "127.0.0.1", port)
        return self._server.sockets[0].getsockname()[1]

    def hold(self) -> None:
        self._flowing.clear()

    def cut(self) -> None:
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()
        self.held.clear()
        self._flowing.set()

    async def stop(self) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _connect(self, client_reader: asyncio.StreamReader,
                       client_writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            client_writer.transport.abort()
            return
        self._writers.update((client_writer, upstream_writer))
        await asyncio.gather(self._pump(client_reader, upstream_writer, from_client=True),
                             self._pump(upstream_reader, client_writer, from_client=False),
                             return_exceptions=True)

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    from_client: bool) -> None:
        try:
            while chunk := await reader.read(65536):
                if from_client and not self._flowing.is_set():
                    self.held.extend(chunk)
                    await self._flowing.wait()
                    if writer not in self._writers:
                        return  # cut while held: the bytes never reach the server
                writer.write(chunk)
                await writer.drain()
        finally:
            with contextlib.suppress(Exception):
                writer.transport.abort()
