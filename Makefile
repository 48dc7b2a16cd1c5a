# mlmax: the two commands that matter are `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
DEMO_DIR := .demo/census

.PHONY: help demo test build deps-python deps-postgres deps-s3 deps-aws deps-aws-local deps-chromium bench clean pack

help:
	@echo "make demo   - the census example: train, evaluate, batch-score and trace, on embedded defaults"
	@echo "make test   - the whole test suite"
	@echo "make bench  - orchestration benchmarks (see docs/benchmarks.md)"
	@echo "make pack   - pack the CLI as a dotnet tool into .build/packages"

build:
	dotnet build mlmax.slnx -c Release --nologo -v quiet

# Debian's scikit-learn, pandas and onnx, for the census-python example and its tests.
deps-python:
	@if ! /usr/bin/python3 -c "import sklearn, pandas, onnx" 2>/dev/null; then \
	  echo "installing python3-sklearn, python3-pandas and python3-onnx (Debian packages)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-sklearn python3-pandas python3-onnx >/dev/null; \
	fi

# Debian's PostgreSQL server binaries: the PostgreSQL store's tests start a throwaway server of their own (initdb into a
# temp directory, a free loopback port), never a system one. See docs/backends/postgres.md.
deps-postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  echo "installing postgresql (Debian package)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null; \
	fi

# s3rver (npm), an S3-compatible server in Node.js: the S3 artifact store's tests start one of their own on a free
# loopback port with a temp directory. See docs/backends/s3.md.
S3RVER_VERSION := 3.7.1
deps-s3:
	@if [ "$$(node -p "require('./.build/s3rver/node_modules/s3rver/package.json').version" 2>/dev/null)" != "$(S3RVER_VERSION)" ]; then \
	  echo "installing s3rver $(S3RVER_VERSION) (npm) into .build/s3rver"; \
	  npm install --prefix .build/s3rver --no-save --no-audit --no-fund --loglevel=error s3rver@$(S3RVER_VERSION) >/dev/null; \
	fi

# asl-validator, statelint and the CloudFormation resource database (npm packages pinned in
# tools/aws-validate/package-lock.json) for the offline checks of generated AWS templates. npm ci installs exactly
# the locked versions; it is skipped while the installed lock file matches. See docs/aws-validation.md.
AWS_VALIDATE := .build/aws-validate
deps-aws:
	@if ! cmp -s tools/aws-validate/package-lock.json $(AWS_VALIDATE)/package-lock.json || [ ! -f $(AWS_VALIDATE)/node_modules/.package-lock.json ]; then \
	  echo "installing the AWS validator's packages (npm) into $(AWS_VALIDATE)"; \
	  mkdir -p $(AWS_VALIDATE) && cp tools/aws-validate/package.json tools/aws-validate/package-lock.json $(AWS_VALIDATE)/ && \
	  npm ci --prefix $(AWS_VALIDATE) --no-audit --no-fund --loglevel=error >/dev/null; \
	fi

# aws-local-stepfunctions (npm), a Step Functions interpreter in Node.js, at the versions pinned by
# tools/aws-local/package-lock.json: the tests run compiled state machines with it (tools/aws-local/run.mjs), every
# SageMaker job done by a local stand-in. See docs/aws.md.
deps-aws-local:
	@if ! cmp -s tools/aws-local/package-lock.json .build/aws-local/package-lock.json || [ ! -d .build/aws-local/node_modules/aws-local-stepfunctions ]; then \
	  echo "installing aws-local-stepfunctions (npm, tools/aws-local/package-lock.json) into .build/aws-local"; \
	  mkdir -p .build/aws-local && cp tools/aws-local/package.json tools/aws-local/package-lock.json .build/aws-local/ && \
	  npm ci --prefix .build/aws-local --no-audit --no-fund --loglevel=error >/dev/null; \
	fi

# Debian's chromium, headless: the monitoring tests open mlmax monitor's HTML report in it over the DevTools protocol
# (console errors, plots drawn). See docs/monitoring.md.
deps-chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  echo "installing chromium (Debian package)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	fi

demo:
	@bash scripts/demo.sh "$(DEMO_DIR)"

test: deps-python deps-postgres deps-s3 deps-aws deps-aws-local deps-chromium
	@bash scripts/test.sh

bench:
	@bash bench/run.sh

pack:
	dotnet pack src/Mlmax.Cli -c Release -o .build/packages --nologo -p:MlmaxAllRuntimes=true

clean:
	rm -rf .build .demo
