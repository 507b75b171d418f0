# One image for the four services and the topic job; the compose file picks the command.
FROM python:3.11.14-slim-bookworm AS build
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv
WORKDIR /app
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

FROM python:3.11.14-slim-bookworm
RUN useradd --uid 10001 --create-home --shell /usr/sbin/nologin awards
WORKDIR /app
COPY --from=build /app/.venv /app/.venv
COPY shared ./shared
COPY services ./services
COPY infra/__init__.py infra/topics.py infra/edition.py ./infra/
COPY editions ./editions
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1 AWARDS_HTTP_HOST=0.0.0.0
USER awards
CMD ["python", "-m", "services.results"]
