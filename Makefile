# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed

.PHONY: demo test install system-deps fonts bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

# Debian packages the tests need: chromium for browser tests, PostgreSQL 15 for the
# production database, LibreOffice Writer without GUI for the report's PDF page count
# (apt-get install took 25 s here), and Chinese fonts (fonts-noto-cjk) without which every character of a
# PDF rendered on a server is a box. Installed only when missing, and only where apt-get can run.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	test -x /usr/lib/postgresql/15/bin/postgres || missing="$$missing postgresql-15"; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui"; \
	test -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "安装系统软件包:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "缺少系统软件包:$$missing (请以 root 运行 apt-get install$$missing)"; \
	  fi; \
	fi

# Starts the web system with a fictional demo round; prints the address and a login.
demo: $(STAMP) fonts
	$(BIN)/zhenggai serve --demo

# The demo needs only the Chinese fonts (for its PDF download); root installs them, others are told.
fonts:
	@test -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; \
	  else echo "缺少中文字体 (请以 root 运行 apt-get install fonts-noto-cjk)"; fi; }

# Everything on SQLite, then the Django-backed tests again on a throw-away PostgreSQL
# server that tests/pg_server.py starts and removes (loud SKIPPED banner without the binaries).
# The parser and quality tests need no database, so the second run leaves them out.
test: $(STAMP) system-deps
	DATABASE_URL= $(BIN)/python -m pytest
	$(BIN)/python tests/pg_server.py -- $(BIN)/python -m pytest --ignore=tests/parsing --ignore=tests/quality

bench: $(STAMP)
	@for b in benchmarks/[a-z]*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
