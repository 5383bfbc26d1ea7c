"""Settings files: ``.env`` in the working directory and an optional TOML file."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

from dotenv import dotenv_values

from brainframe_server.settings import ENVIRONMENT, SettingsError

DOTENV_NAME = ".env"
CONFIG_FILE_VARIABLE = "CONFIG_FILE"

_KNOWN_VARIABLES = frozenset(variable for variable, _ in ENVIRONMENT.values())


def read_setting_files(
    environ: Mapping[str, str], config_file: str | None
) -> list[tuple[str, dict[str, str]]]:
    """Read ``.env`` and the settings file, lowest precedence first.

    The settings file is ``config_file`` (the ``--config`` flag), else
    ``CONFIG_FILE`` from the environment, else ``CONFIG_FILE`` from ``.env``.
    Each entry is a source name and the values it sets, by variable name.

    Raises:
        SettingsError: the settings file is missing, not TOML, or sets an
            unknown setting or a value that is not a string, number or boolean.
    """
    layers: list[tuple[str, dict[str, str]]] = []
    dotenv = read_dotenv(Path(DOTENV_NAME))
    if dotenv:
        layers.append((DOTENV_NAME, dotenv))
    config_path = (
        config_file
        or environ.get(CONFIG_FILE_VARIABLE)
        or dotenv.get(CONFIG_FILE_VARIABLE)
    )
    if config_path:
        layers.append((config_path, read_toml_settings(Path(config_path))))
    return layers


def read_dotenv(path: Path) -> dict[str, str]:
    """Return the settings of a ``.env`` file, or nothing when there is none.

    Other variables are ignored, because BrainFrame deployments keep the
    settings of several services in one ``.env``.
    """
    if not path.is_file():
        return {}
    try:
        values = dotenv_values(path, interpolate=False)
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"The file {path} could not be read: {error}") from None
    wanted = _KNOWN_VARIABLES | {CONFIG_FILE_VARIABLE}
    return {
        key: value
        for key, value in values.items()
        if key in wanted and value is not None
    }


def read_toml_settings(path: Path) -> dict[str, str]:
    """Return the settings of a TOML file whose keys are the variable names.

    Raises:
        SettingsError: see ``read_setting_files``.
    """
    try:
        with path.open("rb") as file:
            document = tomllib.load(file)
    except FileNotFoundError:
        raise SettingsError(f"The settings file {path} was not found.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(
            f"The settings file {path} could not be read: {error}"
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(
            f"The settings file {path} is not valid TOML: {error}"
        ) from None
    return {key: _toml_value(path, key, value) for key, value in document.items()}


def _toml_value(path: Path, key: str, value: object) -> str:
    if key not in _KNOWN_VARIABLES:
        raise SettingsError(
            f"The settings file {path} sets the unknown setting {key!r}: expected "
            "names such as SERVER_PORT or DATABASE_URL."
        )
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int):
        return str(value)
    raise SettingsError(
        f"The setting {key} in {path} is a {type(value).__name__}: expected a "
        "string, an integer or a boolean."
    )
