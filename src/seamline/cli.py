"""The `seamline` command: run, set up and feed a Seamline installation."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

DEMO_PORT = 8000


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seamline.config.settings")
    import django

    django.setup()


def _call(name: str, *args: str, **options: object) -> None:
    from django.core.management import call_command

    call_command(name, *args, **options)


def cmd_migrate(args: argparse.Namespace) -> int:
    _django()
    _call("migrate", interactive=False, verbosity=args.verbosity)
    return 0


def cmd_bootstrap(args: argparse.Namespace) -> int:
    _django()
    options: dict[str, object] = {"org": args.org, "kind": args.kind, "username": args.username}
    if args.email:
        options["email"] = args.email
    _call("bootstrap", **options)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _django()
    _call("collectstatic", interactive=False, verbosity=0)
    from seamline.config.server import serve

    serve(host=args.host, port=args.port, workers=args.workers)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Migrate, load the demo data once, print the logins and serve."""
    _django()
    _call("migrate", interactive=False, verbosity=0)
    _call("load_demo")
    if args.no_serve:
        return 0
    return cmd_serve(args)


def cmd_import(args: argparse.Namespace) -> int:
    _django()
    _call("import_data", args.kind, args.file, org=args.org, username=args.user)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    _django()
    _call("export_data", args.kind, args.file, org=args.org)
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["seamline manage", *args.rest])
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Run an engine on a benchmark instance file (no database needed)."""
    from seamline.engines.nesting import bench

    return bench.run(args)


def _server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=os.environ.get("SEAMLINE_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("SEAMLINE_PORT", DEMO_PORT)))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("SEAMLINE_WORKERS", "3")))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seamline", description="Seamline: the data chain of a garment factory."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="migrate, load demo data once, print logins and serve")
    _server_options(demo)
    demo.add_argument("--no-serve", action="store_true", help="load the demo data and stop")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="serve the product with gunicorn")
    _server_options(serve)
    serve.set_defaults(func=cmd_serve)

    migrate = sub.add_parser("migrate", help="create or update the database schema")
    migrate.add_argument("--verbosity", type=int, default=1)
    migrate.set_defaults(func=cmd_migrate)

    boot = sub.add_parser("bootstrap", help="create the first organization and its owner")
    boot.add_argument("--org", required=True, help="organization name")
    boot.add_argument("--kind", default="factory", choices=["factory", "brand", "cluster_operator"])
    boot.add_argument("--username", required=True)
    boot.add_argument("--email", default="")
    boot.set_defaults(func=cmd_bootstrap)

    # dataio.specs.KINDS, spelled out: the parser is built before Django is set up.
    kinds = ["styles", "materials", "workers", "orders", "attendance"]
    imp = sub.add_parser("import", help="import an .xlsx or .csv file (all rows or none)")
    imp.add_argument("kind", choices=kinds)
    imp.add_argument("file")
    imp.add_argument("--org", required=True, help="organization short name (slug)")
    imp.add_argument("--user", required=True, help="username recorded as the importer")
    imp.set_defaults(func=cmd_import)

    exp = sub.add_parser("export", help="export to .xlsx or .csv (by the file's extension)")
    exp.add_argument("kind", choices=kinds)
    exp.add_argument("file")
    exp.add_argument("--org", required=True, help="organization short name (slug)")
    exp.set_defaults(func=cmd_export)

    bench = sub.add_parser("bench", help="run an engine on a benchmark instance file")
    engines = bench.add_subparsers(dest="engine", required=True)
    nesting = engines.add_parser(
        "nesting", help="nest a strip-packing instance (jagua-rs / sparrow JSON) into a marker"
    )
    nesting.add_argument("instance", help="instance file")
    nesting.add_argument("--time-limit", type=float, default=60.0, help="seconds (default 60)")
    nesting.add_argument("--out", required=True, help="where to write the solution JSON")
    nesting.add_argument("--seed", type=int, default=None)
    nesting.add_argument("--workers", type=int, default=None, help="solver threads (all cores)")
    nesting.set_defaults(func=cmd_bench)

    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from django.core.management import CommandError

    try:
        return int(args.func(args))
    except CommandError as exc:
        # A refused command is the user's error, not a crash: one line, no traceback.
        sys.stderr.write(f"seamline {args.command}: {exc}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
