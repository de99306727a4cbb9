# The two quick-start commands (`make demo`, `make test`) and the operator's `make install`.
# Each target installs the Debian packages it needs when they are missing.

PREFIX      ?= /usr/local
SYSCONFDIR  ?= /etc
UNITDIR     ?= /etc/systemd/system
SWIFT_FLAGS ?=
BUILD_PACKAGES = libcurl4-openssl-dev libsqlite3-dev libssl-dev pkg-config
# postgresql: the tests initdb a throwaway server of their own into a temporary folder on a
# free loopback port; the cluster Debian's package may create and start is never used.
# iproute2, socat: the partition test (as root) joins a network namespace of its own by veth pairs.
TEST_PACKAGES  = $(BUILD_PACKAGES) kannel kannel-extras systemd nginx openssl \
                 rabbitmq-server redis-server python3-venv prometheus chromium fonts-wqy-zenhei postgresql \
                 iproute2 socat

.PHONY: deps test-deps demo test bench install

deps:
	@scripts/ensure-packages $(BUILD_PACKAGES)

# Jasmin is not a Debian package: ensure-jasmin puts it (from PyPI) in a venv under ~/.cache.
test-deps:
	@scripts/ensure-packages $(TEST_PACKAGES)
	@scripts/ensure-jasmin

demo: deps
	swift build $(SWIFT_FLAGS)
	scripts/demo

# The process tests start the real binaries, so they are built first. Suites run
# one after another: many of them start real daemons, gateways and 100-connection
# swarms, and on two cores running them side by side starved each other's timing.
test: test-deps
	swift build $(SWIFT_FLAGS)
	swift test --no-parallel $(SWIFT_FLAGS)

bench: deps
	@scripts/ensure-packages wrk time nginx
	swift build -c release $(SWIFT_FLAGS)
	.build/release/broadcastd-bench all

install: deps
	swift build -c release $(SWIFT_FLAGS)
	scripts/install --prefix "$(PREFIX)" --sysconfdir "$(SYSCONFDIR)" --unitdir "$(UNITDIR)"
