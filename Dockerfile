# The retailkg app on Neo4j (see docker-compose.yml): ingest the demo articles, then serve.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY retailkg ./retailkg
COPY data/demo ./data/demo
RUN pip install --no-cache-dir .
EXPOSE 8000
# Re-ingesting is a no-op for articles already in the graph (article id = content hash).
CMD ["sh", "-c", "retailkg ingest data/demo --store neo4j && exec retailkg serve --store neo4j --host 0.0.0.0 --port 8000"]
