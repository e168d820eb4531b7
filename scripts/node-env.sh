# Source this file (". scripts/node-env.sh") to get Node >= 22.18 first on PATH.
# When the node on PATH is older, the npm package node@24 (a real Node 24 binary) is installed
# once into the git-ignored prefix .tools/node and put first on PATH. The system node is never
# replaced. Used by .ci/run and by every npm script that needs a newer Node.
_edge_auth_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
_edge_auth_prefix="$_edge_auth_root/.tools/node"

_edge_auth_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=18)?0:1)'
}

if ! _edge_auth_node_ok; then
  if [ ! -x "$_edge_auth_prefix/bin/node" ]; then
    echo "node-env: node $(node -v 2>/dev/null || echo missing) is older than 22.18; installing node@24 into .tools/node" >&2
    npm install --global --prefix "$_edge_auth_prefix" --no-fund --no-audit node@24 >&2 \
      || { echo "node-env: could not install node@24" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$_edge_auth_prefix/bin:$PATH"
  _edge_auth_node_ok || { echo "node-env: $(command -v node) is still older than 22.18" >&2; return 1 2>/dev/null || exit 1; }
fi
unset -f _edge_auth_node_ok
unset _edge_auth_root _edge_auth_prefix
