"""The asyncio + aiohttp long-poll loop of the long-polling literature, as a baseline.

Usage: aiohttp_loop.py <scenario> <url> <listeners> <seconds> <warmup-seconds>
Prints RESULT <json> like the Java clients (latency and throughput scenarios).
"""
import asyncio
import json
import sys
import time

import aiohttp


class Recorder:
    def __init__(self):
        self.events = 0
        self.responses = 0
        self.latencies = []
        self.recording = False

    def on_body(self, body):
        self.responses += 1
        now = time.time_ns() // 1000
        for event in body["events"]:
            self.events += 1
            if self.recording and event["ts"] > 0:
                self.latencies.append(now - event["ts"])


async def listen(session, url, listener, recorder):
    after = 0
    while True:
        try:
            async with session.get(url, params={"id": listener, "after": after}) as response:
                if response.status == 200:
                    body = await response.json()
                    recorder.on_body(body)
                    after = body["last"]
        except (aiohttp.ClientError, asyncio.TimeoutError):
            await asyncio.sleep(0.1)


def percentile(values, q):
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(-(-q * len(ordered) // 1)) - 1))
    return ordered[index] / 1000.0


async def main():
    scenario, url, listeners, seconds, warmup = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    recorder = Recorder()
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=40)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        tasks = [asyncio.create_task(listen(session, url, i, recorder)) for i in range(listeners)]
        await asyncio.sleep(warmup)
        recorder.events = 0
        recorder.responses = 0
        recorder.latencies = []
        cpu_before = time.process_time()
        start = time.monotonic()
        recorder.recording = True
        await asyncio.sleep(seconds)
        recorder.recording = False
        events, responses = recorder.events, recorder.responses
        elapsed = time.monotonic() - start
        cpu = time.process_time() - cpu_before
        result = {
            "variant": "aiohttp", "scenario": scenario, "listeners": listeners, "started": listeners,
            "measuredSeconds": elapsed, "responses": responses,
            "eventsPerSecond": events / elapsed, "responsesPerSecond": responses / elapsed,
            "cpuMsPerPoll": cpu * 1000.0 / max(1, responses), "cpuPercent": 100.0 * cpu / elapsed,
            "samples": len(recorder.latencies), "p50Ms": percentile(recorder.latencies, 0.5),
            "p99Ms": percentile(recorder.latencies, 0.99), "p999Ms": percentile(recorder.latencies, 0.999),
        }
        for task in tasks:
            task.cancel()
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
