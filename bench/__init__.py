"""The benchmark harness of clerk_async; run it with ``python -m bench``.

What it measures, side by side in one run against one loopback server
process (:mod:`bench.server`) that answers every ban with a full User
(:mod:`bench.payload`):

- :mod:`bench.calls`: client CPU per call, wall time per call and throughput
  of ``users.ban_user`` (async and blocking), of the floor (raw aiohttp and
  ``json.loads``, no model) and of Clerk's official SDK, at concurrency 1 and
  64, each client in a process of its own;
- :mod:`bench.structuring`: decoding one full User, against pydantic;
- :mod:`bench.coldstart`: a fresh interpreter to its first ban, and
  ``-X importtime``;
- :mod:`bench.memory`: memory held by 10,000 decoded Users.

Why client CPU, measured with ``time.process_time()`` of the client process:
on loopback, wall time mostly measures the server, the kernel and the
scheduler, and both share the machine's cores. The CPU a client process
burns per call is what an SDK adds to an application, and it is what limits
throughput once the network is not the bottleneck. The server runs in
another process, so none of its work is counted; on machines with two or
more CPUs the server and the clients are pinned to different CPUs, so they
do not take turns on one.

:mod:`bench.report` states the targets and writes ``bench/results/``;
:mod:`bench.profile` profiles one client, to see where its time goes.
"""
