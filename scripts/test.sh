#!/usr/bin/env bash
# Runs every test of ssegen, installing first what a fresh machine lacks:
# redis-server (backplane tests), chromium (browser tests), elm-format
# (checks of the generated Elm), and typescript, esbuild and
# @asyncapi/parser (checks of the TypeScript and AsyncAPI output). Safe to
# run again: installed parts are kept.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || need_apt+=(redis-tools) # the Redis Cluster tests create their cluster with it
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
	echo "installing ${need_apt[*]}"
	sudo_cmd=""
	[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
	$sudo_cmd apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# elm-format comes from the npm registry as a plain binary package; it is
# kept in .tools/ (ignored by git) so that nothing global changes.
tools="$PWD/.tools"
elm_format="$tools/node_modules/@avh4/elm-format-linux-x64/elm-format"
if [ ! -x "$elm_format" ]; then
	echo "installing elm-format"
	mkdir -p "$tools"
	npm install --silent --no-audit --no-fund --prefix "$tools" @avh4/elm-format-linux-x64@0.8.8-1 >/dev/null
fi
# The TypeScript compiler, esbuild and the AsyncAPI parser check the
# TypeScript and AsyncAPI output; they are test tools only, kept in .tools/.
if [ ! -x "$tools/node_modules/.bin/tsc" ] || [ ! -x "$tools/node_modules/.bin/esbuild" ] ||
	[ ! -f "$tools/node_modules/@asyncapi/parser/package.json" ]; then
	echo "installing typescript, esbuild and @asyncapi/parser"
	mkdir -p "$tools"
	npm install --silent --no-audit --no-fund --prefix "$tools" typescript@5.9.3 esbuild@0.25.12 @asyncapi/parser@3.6.0 >/dev/null
fi
export ELM_FORMAT="$elm_format"
export PATH="$(dirname "$elm_format"):$PATH"

# staticcheck, pinned, built by the go command into .tools/bin.
staticcheck_version=0.8.2
staticcheck="$tools/bin/staticcheck"
if ! "$staticcheck" -version 2>/dev/null | grep -qF "($staticcheck_version)"; then
	echo "installing staticcheck $staticcheck_version"
	GOBIN="$tools/bin" go install "honnef.co/go/tools/cmd/staticcheck@v$staticcheck_version"
fi

echo "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change:"; echo "$unformatted"; exit 1
fi
echo "go vet"
go vet ./...
# The module builds on every platform developers use; system calls that
# only unix has sit in *_unix.go files, and this keeps them there.
echo "go vet (windows, darwin)"
GOOS=windows go vet ./...
GOOS=darwin go vet ./...
echo "staticcheck"
"$staticcheck" -tests=false ./...
echo "go test -race"
go test -race -count=1 -timeout 20m ./...
# bench/ is a module of its own (the peer servers ssebench-peers measures
# ssegen against), so that the main module does not depend on them. It
# builds the main module from this checkout (replace), so -mod=mod lets
# its go.sum take in what the main module came to require since.
echo "go vet, go test -race (bench)"
(cd bench && export GOFLAGS="${GOFLAGS:-} -mod=mod" && go vet ./... &&
	GOOS=windows go vet ./... && GOOS=darwin go vet ./... &&
	go test -race -count=1 -timeout 10m ./...)
