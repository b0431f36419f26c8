"""System checks: the field encryption keys must be readable before anything starts (#16 item 10)."""

from django.core.checks import Error, register

from mixedflows.core import encryption


@register()
def field_keys(app_configs, **kwargs):
    try:
        encryption.provider()
    except encryption.FieldKeyError as error:
        return [
            Error(
                str(error),
                hint="In production the key file is never made on its own: run `mixedflows keys new`, back "
                "the file up, or set MIXEDFLOWS_FIELD_KEYS to where the agency keeps it.",
                id="mixedflows.E001",
            )
        ]
    return []
