# luatensor: tensors for Lua 5.4 (C module `luatensor.core` + pure-Lua module `luatensor`).
#
#   make / make all  build build/luatensor/core.so and the `luatensor` command build/bin/luatensor
#                    (src/cli/luatensor.c: Lua 5.4 with the library preloaded; needs no root)
#   make deps        check the Debian packages; install missing ones as root (apt-get),
#                    otherwise print the `sudo apt-get install` line and fail
#   make test        run the busted specs (spec/*_spec.lua) under lua5.4 against the working copy
#   make asan        build with ASan+UBSan into build-asan/ and run the specs under the sanitizers
#   make fuzz        fuzz the file parsers with libFuzzer (clang) in build-fuzz/ (fuzz/README.md)
#   make demo        the main job: train examples/train_digits.lua (MLP on the UCI digits) against
#                    the working copy; progress, test accuracy, and the plot digits.svg
#                    (DEMO_ARGS="--model cnn" etc. are passed on to the script)
#   make tour        run examples/tour.lua (a tour of the tensor API) against the working copy
#   make bench       benchmarks: luatensor, raw OpenBLAS, PyTorch, NumPy (bench/README.md)
#   make embed       build examples/embed/host_static.c (a C host linking build/libluatensor.a and
#                    liblua5.4) into build/embed_static and run it on examples/embed/train.lua
#   make install     install into $(DESTDIR)$(INST_LIBDIR) and $(DESTDIR)$(INST_LUADIR), the
#                    command into $(DESTDIR)$(INST_BINDIR), and for C hosts luatensor.h into
#                    $(DESTDIR)$(INST_INCDIR) and libluatensor.a into $(DESTDIR)$(INST_ARCHIVEDIR)
#   make uninstall   remove what `make install` put there
#   make clean       remove build/ and build-asan/
#
# Variables a user (or LuaRocks, see luatensor-scm-1.rockspec) may set on the command line:
#   CFLAGS      optimisation/debug flags (default -O2 -g). The language level, -fPIC, the
#               warnings and the include paths are added in any case, so LuaRocks's
#               CFLAGS="-O2 -fPIC" does not drop them.
#   LUA_INCDIR  directory of lua.h (default: from `pkg-config --cflags lua5.4`)
#   LIBFLAG     flag that makes a shared object (default -shared)
#   LDFLAGS, CPPFLAGS, CC, INST_LIBDIR, INST_LUADIR, INST_BINDIR, INST_INCDIR, INST_ARCHIVEDIR,
#   DESTDIR, BUSTED_ARGS
#   LT_READLINE 0 builds the `luatensor` command without readline (default: with it when
#               `pkg-config readline` finds it)
# OpenBLAS is always found through `pkg-config openblas` (Debian keeps cblas.h in a
# non-standard directory), so nobody has to pass its paths.
#
# Never link -llua5.4: /usr/bin/lua5.4 is static and exports the Lua API itself; a module
# linked against liblua would carry a second Lua (the `luatensor` command is a Lua host and does
# link liblua5.4; the module it loads uses that Lua). Never use -march=native: the module must
# run on any x86-64.

.SUFFIXES:
.DELETE_ON_ERROR:
.DEFAULT_GOAL := all

LUA        ?= lua5.4
BUSTED     ?= /usr/bin/busted
PKG_CONFIG ?= pkg-config
INSTALL    ?= install

CFLAGS   ?= -O2 -g
LIBFLAG  ?= -shared
LDFLAGS  ?=
CPPFLAGS ?=
BUSTED_ARGS ?=
DEMO_ARGS ?=

# Debian packages needed to build, test and package (checked by `make deps`).
DEB_PACKAGES = gcc make libc6-dev pkg-config lua5.4 liblua5.4-dev libopenblas-dev lua-busted luarocks

# Install locations (system install by default; LuaRocks passes its own).
INST_PREFIX ?= /usr/local
INST_LIBDIR ?= $(INST_PREFIX)/lib/lua/5.4
INST_LUADIR ?= $(INST_PREFIX)/share/lua/5.4
INST_BINDIR ?= $(INST_PREFIX)/bin
INST_INCDIR ?= $(INST_PREFIX)/include
INST_ARCHIVEDIR ?= $(INST_PREFIX)/lib

# Build directory: build/ normally, build-asan/ for the sanitizer build (`make asan` re-invokes
# make with BUILD=build-asan LT_SANITIZE=1).
BUILD  ?= build
OBJDIR  = $(BUILD)/obj
SO      = $(BUILD)/luatensor/core.so
CLI     = $(BUILD)/bin/luatensor
ASAN_BUILD = build-asan

SRCS := $(sort $(wildcard src/*.c))
OBJS := $(SRCS:src/%.c=$(OBJDIR)/%.o)
LUA_FILES := $(shell cd lua 2>/dev/null && find luatensor -name '*.lua' | LC_ALL=C sort)

# ---------------------------------------------------------------------------------------------
# Flags

# pkg-config lookups run lazily (only when a compile or link command needs them, so `make deps`
# and `make clean` work without pkg-config) and at most once per make run.
lt_pkg = $(or $(shell $(PKG_CONFIG) $1 $2 2>/dev/null),$(error `$(PKG_CONFIG) $1 $2` failed: \
  is $2's -dev package installed? Run `make deps`))

OPENBLAS_CFLAGS = $(eval OPENBLAS_CFLAGS := $(call lt_pkg,--cflags,openblas))$(OPENBLAS_CFLAGS)
OPENBLAS_LIBS   = $(eval OPENBLAS_LIBS := $(call lt_pkg,--libs,openblas))$(OPENBLAS_LIBS)
OPENBLAS_LIBDIR = $(eval OPENBLAS_LIBDIR := $(call lt_pkg,--variable=libdir,openblas))$(OPENBLAS_LIBDIR)
ifneq ($(strip $(LUA_INCDIR)),)
LUA_CFLAGS = -I$(LUA_INCDIR)
else
LUA_CFLAGS = $(eval LUA_CFLAGS := $(call lt_pkg,--cflags,lua5.4))$(LUA_CFLAGS)
endif

LT_WARN   = -Wall -Wextra -Wshadow -Wstrict-prototypes -Werror=implicit-function-declaration
LT_CFLAGS = -std=c11 -D_GNU_SOURCE -fPIC -fvisibility=hidden $(LT_WARN)

# Flags that would make the module unportable or load a second Lua are dropped, loudly.
LT_BANNED_CFLAGS  = -march=native -mtune=native -mcpu=native
LT_BANNED_LDFLAGS = -llua -llua5.4 -llua54 -llua-5.4 -llua5.1 -lluajit-5.1
lt_drop = $(if $(filter $2,$1),$(warning ignoring $(filter $2,$1) (see Makefile header)))$(filter-out $2,$1)
USER_CFLAGS  := $(call lt_drop,$(CFLAGS),$(LT_BANNED_CFLAGS))
USER_LDFLAGS := $(call lt_drop,$(LIBFLAG) $(LDFLAGS),$(LT_BANNED_LDFLAGS))

ifeq ($(LT_SANITIZE),1)
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
endif
ifeq ($(LT_SANITIZE),thread)
SAN_FLAGS = -fsanitize=thread -fno-omit-frame-pointer
endif

ALL_CFLAGS  = $(strip $(LT_CFLAGS) $(USER_CFLAGS) $(SAN_FLAGS) $(CPPFLAGS) $(LUA_CFLAGS) \
  $(OPENBLAS_CFLAGS))
ALL_LDFLAGS = $(strip $(USER_CFLAGS) $(SAN_FLAGS) $(USER_LDFLAGS))
# OpenBLAS is not linked: src/blas.c loads it at run time (see there why), looking in its
# pkg-config libdir too.
ALL_LIBS    = $(strip -lm -lpthread -ldl)
BLAS_CFLAGS = -DLT_OPENBLAS_LIBDIR='"$(patsubst %/,%,$(OPENBLAS_LIBDIR))"'

# src/kernels_*.c hold the hot loops: let the compiler vectorize all it can. Never -ffast-math:
# NaN and infinities must behave; the math functions there need not set errno.
KERNEL_CFLAGS = -O3 -fno-math-errno -fno-trapping-math

# `make deps` must finish before anything is compiled when it is part of the same run
# (make test / demo / asan), also under -j.
LT_DEPS_FIRST = $(if $(filter deps test demo tour asan soak valgrind fuzz-api diff,$(MAKECMDGOALS)),deps)

# ---------------------------------------------------------------------------------------------
# Build

.PHONY: all
all: $(SO) $(CLI)

# The command lines are recorded in stamp files that change only when the flags (or the list
# of objects) change, so that e.g. a LuaRocks build after a plain `make` recompiles with
# LuaRocks's flags, and a deleted source file is dropped from the module.
$(OBJDIR)/cflags.txt: FORCE | $(OBJDIR) $(LT_DEPS_FIRST)
	@printf '%s\n' '$(CC) $(ALL_CFLAGS)' | cmp -s - $@ || printf '%s\n' '$(CC) $(ALL_CFLAGS)' > $@

$(OBJDIR)/ldflags.txt: FORCE | $(OBJDIR) $(LT_DEPS_FIRST)
	@printf '%s\n' '$(CC) $(ALL_LDFLAGS) $(OBJS) $(ALL_LIBS)' | cmp -s - $@ \
	  || printf '%s\n' '$(CC) $(ALL_LDFLAGS) $(OBJS) $(ALL_LIBS)' > $@

$(OBJDIR)/%.o: src/%.c $(OBJDIR)/cflags.txt | $(OBJDIR)
	$(CC) $(ALL_CFLAGS) $(if $(filter kernels_%,$*),$(KERNEL_CFLAGS)) $(if $(filter blas,$*),$(BLAS_CFLAGS)) \
	  -MMD -MP -c $< -o $@

$(SO): $(OBJS) $(OBJDIR)/ldflags.txt | $(BUILD)/luatensor
	$(if $(OBJS),,$(error no C sources: src/*.c is empty))
	$(CC) $(ALL_LDFLAGS) -o $@ $(OBJS) $(ALL_LIBS)

$(OBJDIR) $(BUILD)/luatensor:
	@mkdir -p $@

-include $(OBJS:.o=.d)

# The `luatensor` command (src/cli/, outside the module's src/*.c): a Lua host, so it links
# liblua5.4 (-Wl,-E exports the Lua API to the module also when that Lua is static), and
# readline when pkg-config finds it (LT_READLINE=0: never).
LT_READLINE ?= auto
LUA_LIBS = $(eval LUA_LIBS := $(call lt_pkg,--libs,lua5.4))$(LUA_LIBS)
READLINE_LIBS = $(eval READLINE_LIBS := $(if $(filter 0,$(LT_READLINE)),,$(shell \
  $(PKG_CONFIG) --libs readline 2>/dev/null)))$(READLINE_LIBS)
CLI_CFLAGS = $(strip -std=c11 -D_GNU_SOURCE $(LT_WARN) $(USER_CFLAGS) $(SAN_FLAGS) $(CPPFLAGS) \
  $(LUA_CFLAGS) $(if $(READLINE_LIBS),-DLT_USE_READLINE $(shell $(PKG_CONFIG) --cflags readline 2>/dev/null)))

$(CLI): src/cli/luatensor.c $(OBJDIR)/cflags.txt | $(OBJDIR)
	@mkdir -p $(@D)
	$(CC) $(CLI_CFLAGS) -o $@ $< $(USER_CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -Wl,-E $(LUA_LIBS) \
	  $(READLINE_LIBS) -lm -ldl

.PHONY: FORCE
FORCE:

# ---------------------------------------------------------------------------------------------
# Dependencies (Debian packages)

.PHONY: deps
deps:
	@sh tools/deps.sh $(DEB_PACKAGES)

# ---------------------------------------------------------------------------------------------
# Tests, demo

# Absolute paths, ";;" keeps the defaults: lua5.4 subprocesses that specs spawn also load the
# working copy. The .busted file sets the same for the busted process itself (relative paths);
# --lpath/--cpath below override it so that BUILD=... (asan) is honoured.
LT_LUA_PATH  = $(CURDIR)/lua/?.lua;$(CURDIR)/lua/?/init.lua;;
LT_LUA_CPATH = $(CURDIR)/$(BUILD)/?.so;;
LT_BUSTED = $(LUA) $(BUSTED) --ignore-lua --lpath='$(CURDIR)/lua/?.lua;$(CURDIR)/lua/?/init.lua' \
  --cpath='$(CURDIR)/$(BUILD)/?.so' $(BUSTED_ARGS)

.PHONY: test
test: deps $(SO) $(CLI)
	LUA_PATH_5_4='$(LT_LUA_PATH)' LUA_CPATH_5_4='$(LT_LUA_CPATH)' $(LT_BUSTED)

.PHONY: demo
demo: deps $(SO)
	LUA_PATH_5_4='$(LT_LUA_PATH)' LUA_CPATH_5_4='$(LT_LUA_CPATH)' $(LUA) examples/train_digits.lua $(DEMO_ARGS)

.PHONY: tour
tour: deps $(SO)
	LUA_PATH_5_4='$(LT_LUA_PATH)' LUA_CPATH_5_4='$(LT_LUA_CPATH)' $(LUA) examples/tour.lua

# bench/cblas_probe.c times cblas_sgemm/dgemm called directly (the ceiling for matmul); it is
# linked with OpenBLAS itself, whatever the module does.
CBLAS_PROBE = $(BUILD)/cblas_probe

.PHONY: bench
bench: all $(CBLAS_PROBE)
	LUA_PATH_5_4='$(LT_LUA_PATH)' LUA_CPATH_5_4='$(LT_LUA_CPATH)' LUA='$(LUA)' \
	  CBLAS_PROBE='$(CURDIR)/$(CBLAS_PROBE)' bash bench/run.sh $(BENCH_ARGS)

$(CBLAS_PROBE): bench/cblas_probe.c | $(LT_DEPS_FIRST)
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_GNU_SOURCE -O2 -g $(LT_WARN) $(CPPFLAGS) $(OPENBLAS_CFLAGS) -o $@ $< \
	  $(OPENBLAS_LIBS) -lm

# ---------------------------------------------------------------------------------------------
# Sanitizers: the module is built with ASan+UBSan into build-asan/ and the specs run under
# tools/with-asan.sh, which puts a lua5.4 wrapper first in PATH that preloads the sanitizer
# runtimes (lua5.4 itself is not instrumented) and a shim (tools/noclose.c) that makes dlclose()
# a no-op (leak stacks keep their symbols) and sends UBSan's reports to a file. Every report of
# every lua5.4 process (specs may spawn some) lands in build-asan/log/; any report fails the
# target. Options and their reasons (quarantine size, allocator_may_return_null) are in
# tools/with-asan.sh.

ASAN_CFLAGS ?= -O1 -g

.PHONY: asan
asan: deps
	$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) LT_SANITIZE=1 CFLAGS='$(ASAN_CFLAGS)' \
	  $(ASAN_BUILD)/luatensor/core.so $(ASAN_BUILD)/noclose.so
	LUA_PATH_5_4='$(LT_LUA_PATH)' LUA_CPATH_5_4='$(CURDIR)/$(ASAN_BUILD)/?.so;;' \
	  CC='$(CC)' LUA='$(LUA)' bash tools/with-asan.sh $(ASAN_BUILD) \
	  $(LUA) $(BUSTED) --ignore-lua --lpath='$(CURDIR)/lua/?.lua;$(CURDIR)/lua/?/init.lua' \
	  --cpath='$(CURDIR)/$(ASAN_BUILD)/?.so' $(BUSTED_ARGS)

# The shim is not instrumented itself.
$(ASAN_BUILD)/noclose.so: tools/noclose.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_GNU_SOURCE -O2 -fPIC -shared -Wall -Wextra -o $@ $< -ldl

# Differential tests (test/diff/README.md): random programs of ops run in luatensor and, for
# values, NumPy and, for gradients, PyTorch (Debian's /usr/bin/python3 with python3-numpy and
# python3-torch); 0 mismatches or a non-zero exit with the smallest reproducing program.
# DIFF_ARGS="--seed N --cases N" replays or widens a run.
DIFF_ARGS ?=

.PHONY: diff
diff: deps $(SO)
	LUA_PATH_5_4='$(LT_LUA_PATH)' LUA_CPATH_5_4='$(LT_LUA_CPATH)' $(LUA) test/diff/run.lua $(DIFF_ARGS)

# API fuzzer (test/fuzz_api/README.md): every public function, method and metamethod with random
# arguments, good and bad, under ASan+UBSan, on the `make asan` build (build-asan/). Fails on a
# crash, a sanitizer report, a non-string or empty error, or a hang. FUZZ_API_SEED=N repeats a run.
FUZZ_API_CALLS ?= 300000

.PHONY: fuzz-api
fuzz-api: deps
	$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) LT_SANITIZE=1 CFLAGS='$(ASAN_CFLAGS)' \
	  $(ASAN_BUILD)/luatensor/core.so $(ASAN_BUILD)/noclose.so
	LUA_PATH_5_4='$(LT_LUA_PATH)' LUA_CPATH_5_4='$(CURDIR)/$(ASAN_BUILD)/?.so;;' \
	  CC='$(CC)' LUA='$(LUA)' bash tools/with-asan.sh $(ASAN_BUILD) \
	  $(LUA) test/fuzz_api/run.lua --calls $(FUZZ_API_CALLS) $(if $(FUZZ_API_SEED),--seed $(FUZZ_API_SEED)) $(FUZZ_API_ARGS)

# ---------------------------------------------------------------------------------------------
# Fuzzing (fuzz/README.md): libFuzzer targets for the safetensors and the NumPy (.npy, .npz)
# parsers, built with clang from the core sources only (no Lua) into build-fuzz/ under
# ASan+UBSan, then run for FUZZ_SECONDS each from a seed corpus of valid files that
# fuzz/gen_corpus.lua writes with the built module. Any crash, sanitizer report, leak, timeout
# or out-of-memory fails the target and names the reproducer (run it: build-fuzz/fuzz_X FILE).

FUZZ_BUILD   = build-fuzz
FUZZ_CC     ?= clang
FUZZ_SECONDS ?= 30
FUZZ_ARGS   ?=
FUZZ_TARGETS = safetensors npy
FUZZ_SAN     = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS  = -std=c11 -D_GNU_SOURCE -O1 -g $(LT_WARN) $(FUZZ_SAN) -Isrc $(CPPFLAGS) $(OPENBLAS_CFLAGS)
FUZZ_OBJS   := $(patsubst src/%.c,$(FUZZ_BUILD)/obj/%.o,$(filter-out src/lua_%.c,$(SRCS)))

$(FUZZ_BUILD)/obj/%.o: src/%.c | $(LT_DEPS_FIRST)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(if $(filter blas,$*),$(BLAS_CFLAGS)) \
	  -MMD -MP -c $< -o $@

$(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%): $(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) $(ALL_LIBS)

-include $(FUZZ_OBJS:.o=.d)

$(FUZZ_BUILD)/seeds.stamp: fuzz/gen_corpus.lua $(SO)
	rm -rf $(FUZZ_BUILD)/seeds
	LUA_PATH_5_4='$(LT_LUA_PATH)' LUA_CPATH_5_4='$(LT_LUA_CPATH)' $(LUA) fuzz/gen_corpus.lua $(FUZZ_BUILD)/seeds
	@touch $@

# Each run: new inputs go to build-fuzz/corpus/<target>/ (kept between runs), the seeds are read
# from build-fuzz/seeds/<target>/, findings land in build-fuzz/artifacts/.
.PHONY: fuzz
fuzz: $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%) $(FUZZ_BUILD)/seeds.stamp
	@mkdir -p $(FUZZ_BUILD)/artifacts
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
	  echo "[fuzz] $$t: $(FUZZ_SECONDS) s"; \
	  rc=0; ASAN_OPTIONS=detect_leaks=1 \
	    $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -dict=fuzz/$$t.dict -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t- \
	    $(FUZZ_ARGS) $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/seeds/$$t \
	    > $(FUZZ_BUILD)/$$t.log 2>&1 || rc=$$?; \
	  grep -E '^(Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb)' $(FUZZ_BUILD)/$$t.log || true; \
	  if [ $$rc -ne 0 ]; then \
	    tail -n 60 $(FUZZ_BUILD)/$$t.log; \
	    echo "[fuzz] $$t FAILED (exit $$rc); full log: $(FUZZ_BUILD)/$$t.log; reproducer:" >&2; \
	    sed -n 's/.*Test unit written to \(.*\)$$/  \1/p' $(FUZZ_BUILD)/$$t.log >&2; \
	    echo "[fuzz] replay: $(FUZZ_BUILD)/fuzz_$$t <reproducer>" >&2; \
	    exit 1; \
	  fi; \
	done; echo "[fuzz] no crash, leak or UB found"

# ---------------------------------------------------------------------------------------------
# Embedding (examples/embed/, src/luatensor.h): the module's objects in a static archive, and two
# C hosts: embed_static links that archive with liblua5.4; embed_dynamic links only liblua5.4 and
# gets the module like a script does, through package.cpath (build/luatensor/core.so), then finds
# the C API in it with dlsym. `make embed` builds both after `make deps` (a sub-make, as for asan)
# and runs them; each exits non-zero when the trained weights in its own array are off.

EMBED_LIB  = $(BUILD)/libluatensor.a
EMBED_HOST = $(BUILD)/embed_static
EMBED_DYN  = $(BUILD)/embed_dynamic
HOST_CC    = $(CC) -std=c99 -D_POSIX_C_SOURCE=200809L $(LT_WARN) $(USER_CFLAGS) $(SAN_FLAGS) \
  $(CPPFLAGS) -Isrc $(LUA_CFLAGS)
HOST_LIBS  = $(USER_CFLAGS) $(SAN_FLAGS) $(LDFLAGS) $(LUA_LIBS) -lm -lpthread -ldl

$(EMBED_LIB): $(OBJS)
	rm -f $@
	$(AR) rcs $@ $(OBJS)

$(EMBED_HOST): examples/embed/host_static.c src/luatensor.h $(EMBED_LIB)
	$(HOST_CC) -o $@ $< $(EMBED_LIB) $(HOST_LIBS)

$(EMBED_DYN): examples/embed/host_dynamic.c src/luatensor.h
	@mkdir -p $(@D)
	$(HOST_CC) -o $@ $< $(HOST_LIBS)

.PHONY: embed
embed: deps
	$(MAKE) --no-print-directory $(EMBED_HOST) $(EMBED_DYN) $(SO)
	$(EMBED_HOST) '$(CURDIR)/lua' examples/embed/train.lua
	$(EMBED_DYN) '$(CURDIR)/lua' '$(CURDIR)/$(BUILD)' examples/embed/train.lua

# Host tests (test/host/): several lua_States training in several threads at once must agree bit
# for bit with a run alone, built normally and with ThreadSanitizer (build-tsan/); and a host
# whose allocator fails at every allocation in turn, built with ASan+UBSan (build-asan/), must
# only ever see "not enough memory" errors, no leak, and a state that still works.
# TSan needs the usual address-space layout: it runs under `setarch -R` where that is allowed.

TSAN_BUILD   = build-tsan
HOST_THREADS = $(BUILD)/host_threads
HOST_OOM     = $(BUILD)/host_oom
OOM_STRIDE  ?= 4

$(HOST_THREADS): test/host/threads.c test/host/open_static.h src/luatensor.h $(EMBED_LIB)
	$(HOST_CC) -o $@ $< $(EMBED_LIB) $(HOST_LIBS)

$(HOST_OOM): test/host/oom.c test/host/open_static.h src/luatensor.h $(EMBED_LIB)
	$(HOST_CC) -o $@ $< $(EMBED_LIB) $(HOST_LIBS)

.PHONY: host-tests
host-tests: deps
	$(MAKE) --no-print-directory $(HOST_THREADS)
	$(MAKE) --no-print-directory BUILD=$(TSAN_BUILD) LT_SANITIZE=thread CFLAGS='$(ASAN_CFLAGS)' \
	  $(TSAN_BUILD)/host_threads
	$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) LT_SANITIZE=1 CFLAGS='$(ASAN_CFLAGS)' \
	  $(ASAN_BUILD)/host_oom
	$(HOST_THREADS) '$(CURDIR)/lua' test/host/train_mlp.lua 2 3
	@norand=$$(setarch $$(uname -m) -R true 2>/dev/null && echo "setarch $$(uname -m) -R"); \
	  echo "TSAN_OPTIONS=halt_on_error=1 $$norand $(TSAN_BUILD)/host_threads $(CURDIR)/lua test/host/train_mlp.lua 2 2"; \
	  TSAN_OPTIONS="halt_on_error=1 $$TSAN_OPTIONS" $$norand $(TSAN_BUILD)/host_threads \
	    '$(CURDIR)/lua' test/host/train_mlp.lua 2 2
	ASAN_OPTIONS="detect_leaks=1:$$ASAN_OPTIONS" $(ASAN_BUILD)/host_oom '$(CURDIR)/lua' \
	  test/host/oom_workload.lua $(OOM_STRIDE)

# ---------------------------------------------------------------------------------------------
# Soak and valgrind: long loops without collectgarbage() keep resident memory flat
# (test/soak/run.lua: the digits MLP for 200 epochs and 100,000 tape iterations; fails when RSS
# grows by more than 10% after warm-up), and the examples run under valgrind's memcheck with no
# invalid access and nothing definitely lost (tools/valgrind.sh; installs valgrind as root).
SOAK_ARGS ?=

.PHONY: soak
soak: deps $(SO)
	LUA_PATH_5_4='$(LT_LUA_PATH)' LUA_CPATH_5_4='$(LT_LUA_CPATH)' $(LUA) test/soak/run.lua $(SOAK_ARGS)

.PHONY: valgrind
valgrind: deps $(SO)
	@sh tools/deps.sh valgrind
	LUA='$(LUA)' bash tools/valgrind.sh $(BUILD)

# ---------------------------------------------------------------------------------------------
# Install

.PHONY: install
install: $(SO) $(CLI) $(EMBED_LIB)
	$(INSTALL) -d '$(DESTDIR)$(INST_LIBDIR)/luatensor' '$(DESTDIR)$(INST_LUADIR)/luatensor' \
	  '$(DESTDIR)$(INST_BINDIR)' '$(DESTDIR)$(INST_INCDIR)' '$(DESTDIR)$(INST_ARCHIVEDIR)'
	$(INSTALL) -m 0755 $(SO) '$(DESTDIR)$(INST_LIBDIR)/luatensor/core.so'
	$(INSTALL) -m 0755 $(CLI) '$(DESTDIR)$(INST_BINDIR)/luatensor'
	$(INSTALL) -m 0644 src/luatensor.h '$(DESTDIR)$(INST_INCDIR)/luatensor.h'
	$(INSTALL) -m 0644 $(EMBED_LIB) '$(DESTDIR)$(INST_ARCHIVEDIR)/libluatensor.a'
	@set -e; for f in $(LUA_FILES); do \
	  echo "$(INSTALL) -D -m 0644 lua/$$f '$(DESTDIR)$(INST_LUADIR)/$$f'"; \
	  $(INSTALL) -D -m 0644 "lua/$$f" '$(DESTDIR)$(INST_LUADIR)/'"$$f"; \
	done

.PHONY: uninstall
uninstall:
	rm -f '$(DESTDIR)$(INST_LIBDIR)/luatensor/core.so' '$(DESTDIR)$(INST_BINDIR)/luatensor' \
	  '$(DESTDIR)$(INST_INCDIR)/luatensor.h' '$(DESTDIR)$(INST_ARCHIVEDIR)/libluatensor.a'
	@set -e; for f in $(LUA_FILES); do rm -f '$(DESTDIR)$(INST_LUADIR)/'"$$f"; done
	-rmdir '$(DESTDIR)$(INST_LIBDIR)/luatensor' '$(DESTDIR)$(INST_LUADIR)/luatensor' 2>/dev/null

# ---------------------------------------------------------------------------------------------

.PHONY: clean
clean:
	rm -rf build $(ASAN_BUILD) $(TSAN_BUILD) $(FUZZ_BUILD)
	rm -f digits.svg
