# One image for the four services and the topic job; the compose file picks the command.
# The base images are build arguments so that a machine without access to Docker Hub or ghcr.io can
# build from images of its own (see docs/operations.md); the defaults are the official ones.
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm
ARG UV_IMAGE=ghcr.io/astral-sh/uv:0.13.9

FROM ${UV_IMAGE} AS uv

FROM ${PYTHON_IMAGE} AS build
COPY --from=uv /uv /usr/local/bin/uv
WORKDIR /app
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

FROM ${PYTHON_IMAGE}
RUN useradd --uid 10001 --create-home --shell /usr/sbin/nologin awards
WORKDIR /app
COPY --from=build /app/.venv /app/.venv
COPY shared ./shared
COPY services ./services
# The operators' tools, run with `docker compose run --rm edition python -m infra.<tool>`.
COPY infra/__init__.py infra/topics.py infra/edition.py infra/judges.py infra/dead_letters.py infra/lag.py \
     infra/rebuild_results.py infra/import_nominations.py ./infra/
COPY editions ./editions
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1 AWARDS_HTTP_HOST=0.0.0.0
USER awards
CMD ["python", "-m", "services.results"]
