"""A lean OpenAI-compatible chat-completions server for the streaming bench: every
request gets a streamed text reply of N tokens at R tokens/s, each token stamped with the
time it was written ("<t:epoch_ms> "), in the real SSE wire format the openai SDK parses.
Runs as its own process so its cost is not charged to the server under test.

    python -m bench.paced_openai --port 0 --tokens 500 --rate 50
    (prints "READY <port>" on stdout once listening)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time

from aiohttp import web


def chunk(cid: str, delta: dict[str, str], finish: str | None = None) -> bytes:
    body = {"id": cid, "object": "chat.completion.chunk", "created": int(time.time()),
            "model": "bench", "choices": [{"index": 0, "delta": delta,
                                           "finish_reason": finish}]}
    return b"data: " + json.dumps(body).encode() + b"\n\n"


class Paced:
    def __init__(self, tokens: int, rate: float) -> None:
        self.tokens = tokens
        self.rate = rate
        self.served = 0

    async def completions(self, request: web.Request) -> web.StreamResponse:
        await request.read()
        self.served += 1
        cid = f"chatcmpl-bench-{self.served}"
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream",
                                           "Cache-Control": "no-cache"})
        await resp.prepare(request)
        await resp.write(chunk(cid, {"role": "assistant", "content": ""}))
        loop = asyncio.get_running_loop()
        start = loop.time()
        for i in range(self.tokens):
            if self.rate > 0:
                delay = start + i / self.rate - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
            await resp.write(chunk(cid, {"content": f"<t:{time.time() * 1000:.1f}> "}))
        await resp.write(chunk(cid, {}, "stop"))
        await resp.write(b"data: [DONE]\n\n")
        await resp.write_eof()
        return resp


async def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--tokens", type=int, default=500)
    p.add_argument("--rate", type=float, default=50.0)
    p.add_argument("--seconds", type=float, default=900, help="exit after this long")
    opts = p.parse_args()
    paced = Paced(opts.tokens, opts.rate)
    app = web.Application()
    app.router.add_post("/v1/chat/completions", paced.completions)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", opts.port, backlog=4096)
    await site.start()
    port = runner.addresses[0][1]
    print(f"READY {port}", flush=True)
    try:  # bounded: ends on stdin EOF (the bench closes it) or after --seconds
        reader = asyncio.StreamReader()
        await asyncio.get_running_loop().connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        await asyncio.wait_for(reader.read(), opts.seconds)
    except TimeoutError:
        pass
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(main())
