"""Forms posted by the services' pages (application/x-www-form-urlencoded), read without a multipart
parser: the pages post nothing else."""

from urllib.parse import parse_qs


def fields_of(body: bytes) -> dict[str, str]:
    """The last value of each field (a form names each once)."""
    return {name: values[-1] for name, values in parse_qs(body.decode("utf-8", "replace"),
                                                          keep_blank_values=True).items()}
