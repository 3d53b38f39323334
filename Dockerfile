# The queue worker: `docker build -t ragbase-extract-worker .`
# python:3.11-slim, as the original service used. Not built in this repository's
# CI (its machine has no container engine); docs/worker.md says how to run it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    RAGBASE_WORKER_HEALTH_HOST=0.0.0.0 \
    RAGBASE_WORKER_HEALTH_PORT=8080

WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY requirements/constraints-worker.txt ./requirements/
COPY src ./src
# office: DOCX/PPTX/XLSX/HTML through Docling's light backends (no torch).
# Every version pinned (bash requirements/compile.sh regenerates the file).
RUN pip install '.[worker,office]' -c requirements/constraints-worker.txt \
    && useradd --system --uid 10001 --home-dir /app worker

USER worker
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8080/readyz', timeout=4).status != 200)"]
# SIGTERM reaches the worker directly (exec form): it stops taking jobs and
# finishes in-flight ones within RAGBASE_WORKER_SHUTDOWN_GRACE.
ENTRYPOINT ["ragbase-extract", "worker"]
