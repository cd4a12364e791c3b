"""``teamsim app``: start the planners' browser app (``solara run teamsim.app.app``).

    teamsim app                         # http://127.0.0.1:8765, Danish
    teamsim app --lang en --port 9000
    teamsim app --host 0.0.0.0          # reachable from other machines (your choice)

Listens on localhost unless told otherwise. A port already in use is refused
with one line before anything starts.
"""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sys

from teamsim.i18n import LANGS

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
APP_MODULE = "teamsim.app.app"


def register(sub: argparse._SubParsersAction) -> None:
    from teamsim.cli import _whole_number

    p = sub.add_parser(
        "app", allow_abbrev=False, help="start the planners' browser app",
        description="Start the browser app (Solara) for planners: change the team, watch the "
                    "network and the staircase week by week, compare a scenario with the "
                    "baseline, read the budget, export data and charts. Danish by default.")
    p.add_argument("--host", default=DEFAULT_HOST,
                   help=f"address to listen on (default {DEFAULT_HOST}: this machine only)")
    p.add_argument("--port", type=_whole_number(1, 65535), default=DEFAULT_PORT,
                   help=f"port to listen on, 1-65535 (default {DEFAULT_PORT})")
    p.add_argument("--lang", choices=LANGS, default=None,
                   help="language a new session starts in: da (default) or en")
    p.add_argument("--dev", action="store_true",
                   help="development mode: reload on code changes, show tracebacks")
    p.add_argument("--no-open", action="store_true", help="do not open a web browser")
    p.set_defaults(handler=_cmd_app, parser=p)


def port_problem(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on, or None if it can."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        return f"--host {host} is not an address of this machine: {err.strerror}"
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        try:
            s.bind(address)
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                return (f"port {port} on {host} is already in use (another teamsim app?): "
                        f"choose another with --port")
            if err.errno == errno.EACCES:
                return f"port {port} needs more privileges: choose one from 1024 to 65535"
            return f"cannot listen on {host}:{port}: {err.strerror}"
    return None


def solara_command(host: str, port: int, dev: bool = False, no_open: bool = False) -> list[str]:
    cmd = [sys.executable, "-m", "solara", "run", APP_MODULE, "--host", host,
           "--port", str(port)]
    if not dev:
        cmd.append("--production")
    if no_open:
        cmd.append("--no-open")
    return cmd


def _cmd_app(args: argparse.Namespace, argv: list[str]) -> int:
    problem = port_problem(args.host, args.port)
    if problem:
        args.parser.exit(2, f"teamsim: error: {problem}\n")
    env = dict(os.environ)
    env.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    if args.lang:
        env["TEAMSIM_LANG"] = args.lang
    print(f"teamsim: the app runs at http://{args.host}:{args.port}  (Ctrl-C stops it)",
          file=sys.stderr)
    sys.stderr.flush()
    cmd = solara_command(args.host, args.port, args.dev, args.no_open)
    os.execve(cmd[0], cmd, env)  # become the server: Ctrl-C and signals reach it directly
    return 0  # not reached
