# shellcheck shell=bash
# Source me (do not execute): start the local Neo4j via scripts/neo4j-local and export
# NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE for the tests.
#   source scripts/ci-neo4j.sh
# A failed start returns non-zero (so `set -e` callers stop) and leaves the variables unset;
# with CI=true the Neo4j tests then fail instead of skipping.
_retailkg_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if _retailkg_env="$("$_retailkg_root/scripts/neo4j-local" start)"; then
  eval "$_retailkg_env"
  export NEO4J_URI NEO4J_USER NEO4J_PASSWORD NEO4J_DATABASE
  echo "ci-neo4j: Neo4j ready at $NEO4J_URI" >&2
  unset _retailkg_env _retailkg_root
else
  echo "ci-neo4j: could not start Neo4j (see the messages above)" >&2
  unset _retailkg_env _retailkg_root
  return 1 2>/dev/null || exit 1
fi
