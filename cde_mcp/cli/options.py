"""Options and set-up shared by the subcommands: settings flags, logging, error output."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from cde_mcp.config import Settings, load_settings, read_token_file
from cde_mcp.errors import CdeMcpError

__all__ = [
    "ENVIRONMENT_HELP",
    "configure_logging",
    "fail",
    "load_settings_from",
    "logo_options",
    "settings_from",
    "settings_options",
]

_F = TypeVar("_F", bound=Callable[..., Any])

_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")

ENVIRONMENT_HELP = """
\b
Environment variables (flags override them):
  CDE_API_TOKEN          bearer token for the CDE API
  CDE_API_TOKEN_FILE     file whose first line is the bearer token
  CDE_API_BASE_URL       API base URL (default https://cde.productsup.com;
                         staging: https://cde.staging.productsup.com)
  CDE_API_TIMEOUT        seconds per HTTP phase (default 30); CDE_API_CONNECT_TIMEOUT,
                         CDE_API_READ_TIMEOUT, CDE_API_WRITE_TIMEOUT and
                         CDE_API_POOL_TIMEOUT override one phase
  CDE_API_DEADLINE       seconds for one call, retries included (default 120)
  CDE_API_MAX_ATTEMPTS   attempts per request, the first included (default 3)
  CDE_LOGO_MAX_BYTES     largest logo accepted, in bytes (default 1048576)
  CDE_LOGO_FIELD         multipart field name of the logo (default source)
  CDE_MCP_ALLOWED_DIRS   directories logo_path may read from, separated by ':'
                         (default: any readable file)
  CDE_MCP_LOG_LEVEL      DEBUG, INFO (default), WARNING or ERROR; logs go to stderr
"""


def configure_logging(verbose: bool = False, default_level: str = "INFO") -> None:
    """Send log records to stderr, so that in stdio mode stdout carries only MCP messages.

    The level is DEBUG with ``verbose``, else ``CDE_MCP_LOG_LEVEL``, else ``default_level``.
    """
    requested = "DEBUG" if verbose else os.environ.get("CDE_MCP_LOG_LEVEL", default_level).upper()
    level = requested if requested in _LOG_LEVELS else default_level
    logging.basicConfig(
        stream=sys.stderr,
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # httpx2 logs every request with its full URL at INFO; the API client logs each request itself.
    for name in ("httpx2", "httpcore2", "httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    if requested != level:
        logging.getLogger(__name__).warning(
            "CDE_MCP_LOG_LEVEL=%r is not one of %s; using %s", requested, ", ".join(_LOG_LEVELS), level
        )


def logo_options(function: _F) -> _F:
    """Add the flags that the offline logo checks read: the size limit and verbosity."""
    options = [
        click.option("--max-logo-bytes", type=int, help="Largest logo accepted, in bytes (CDE_LOGO_MAX_BYTES)."),
        click.option("-v", "--verbose", is_flag=True, help="Log debug details to stderr."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def settings_options(function: _F) -> _F:
    """Add the flags that override settings from the environment: API access and the logo checks."""
    options = [
        click.option("--base-url", help="CDE API base URL (overrides CDE_API_BASE_URL)."),
        click.option(
            "--token-file",
            type=click.Path(dir_okay=False, path_type=Path),
            help="File whose first line is the bearer token (overrides CDE_API_TOKEN_FILE).",
        ),
        click.option("--timeout", type=float, help="Seconds per HTTP phase (overrides CDE_API_TIMEOUT)."),
        click.option("--deadline", type=float, help="Seconds for one call, retries included (CDE_API_DEADLINE)."),
    ]
    for option in reversed(options):
        function = option(function)
    return logo_options(function)


def settings_from(options: dict[str, Any]) -> Settings:
    """Load settings from the environment with the flags of `settings_options` on top; exit on invalid ones."""
    try:
        return load_settings_from(options)
    except CdeMcpError as exc:
        fail(exc, as_json=False)


def load_settings_from(options: dict[str, Any]) -> Settings:
    """Load settings from the environment with the flags of `settings_options` on top.

    Raises:
        InvalidArguments: A variable, flag or token file is invalid.
    """
    overrides: dict[str, Any] = {
        "api_base_url": options.pop("base_url", None),
        "api_timeout": options.pop("timeout", None),
        "api_deadline": options.pop("deadline", None),
        "logo_max_bytes": options.pop("max_logo_bytes", None),
    }
    token_file = options.pop("token_file", None)
    if token_file is not None:
        # A token file given as a flag beats a token from the environment.
        overrides["api_token"] = read_token_file(token_file)
    return load_settings(**overrides)


def fail(error: CdeMcpError, *, as_json: bool) -> NoReturn:
    """Print an error (as JSON on stdout with ``as_json``, else as text on stderr) and exit with status 1."""
    if as_json:
        click.echo(json.dumps({"ok": False, "error": error.to_dict()}, indent=2))
    else:
        click.echo(str(error), err=True)
    sys.exit(1)
