# Makefile for thidua. One binary (build/thidua), its unit tests, fuzz targets and the two
# commands a newcomer runs: `make demo` and `make check` (see README.md).
#   make            release build into build/
#   make check      install deps, sanitizer build into build-san/, run every test (tests/run)
#   make demo       install deps, build, create demo.db if missing, serve on 127.0.0.1:8080
# BUILD=dir selects the output folder, SAN=1 adds ASan+UBSan, so several builds coexist.

BUILD   ?= build
SAN     ?= 0
CC      ?= cc
# parallel jobs for check and demo
NPROC   := $(shell nproc 2>/dev/null || echo 2)
PKGS    := libmicrohttpd jansson sqlite3 libutf8proc libsodium pangocairo cairo fontconfig xlsxwriter libzip expat libqrencode libpng
TESTPKGS:= icu-uc icu-i18n

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_LIBS  := $(shell pkg-config --libs $(TESTPKGS) 2>/dev/null)

WARN    := -Wall -Wextra -Werror -Wformat=2 -Wno-format-nonliteral -Wvla -Wstrict-prototypes
# Sources live in layer and feature folders under src/ (docs/architecture.md); a header is
# included by its bare name, so every folder is on the include path, and tests/lint/layers.sh
# keeps includes running down the layers.
SRCDIRS := $(sort $(dir $(wildcard src/*.c src/*/*.c)))
INCDIRS := $(patsubst %/,-I%,$(SRCDIRS))
CFLAGS_ALL := -std=c17 -D_GNU_SOURCE $(INCDIRS) -I$(BUILD)/gen $(WARN) $(PKG_CFLAGS)
ifeq ($(SAN),1)
CFLAGS_ALL += -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDFLAGS_ALL := -fsanitize=address,undefined
else
CFLAGS_ALL += -O2 -g
LDFLAGS_ALL :=
endif
CFLAGS_ALL += $(CFLAGS)
LDFLAGS_ALL += $(LDFLAGS)
LIBS := $(PKG_LIBS) -lm -lpthread

SRCS    := $(sort $(wildcard src/*.c src/*/*.c))
MAIN    := $(filter %/main.c,$(SRCS))
LIBOBJS := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(filter-out $(MAIN),$(SRCS))) $(BUILD)/obj/embedded.o
ASSETS  := $(sort $(wildcard assets/*) $(wildcard sql/*.sql)) $(wildcard tests/fixtures/statements/*.sample.csv)
TESTS   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(sort $(wildcard tests/unit/test_*.c)))
FUZZERS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))

.PHONY: all tests fuzz check demo deps clean FORCE
all: $(BUILD)/thidua

$(BUILD)/obj/%.o: src/%.c | $(BUILD)/obj
	@echo "  CC    $<"
	@mkdir -p $(@D)
	@$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(BUILD)/embed: tools/embed.c | $(BUILD)/obj
	$(CC) -std=c17 -O1 -Wall -Wextra -Werror -o $@ $<

# Static assets and SQL migrations are compiled into the binary (one file to deploy).
# The list itself is a dependency: a removed migration or asset must leave the binary too.
$(BUILD)/gen/assets.list: FORCE | $(BUILD)/gen
	@echo '$(ASSETS)' | cmp -s - $@ || echo '$(ASSETS)' > $@
$(BUILD)/gen/embedded.c: $(BUILD)/embed $(ASSETS) $(BUILD)/gen/assets.list | $(BUILD)/gen
	$(BUILD)/embed $(ASSETS) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/embedded.o: $(BUILD)/gen/embedded.c
	$(CC) $(CFLAGS_ALL) -Wno-overlength-strings -c -o $@ $<

$(BUILD)/libthidua.a: $(LIBOBJS)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/thidua: $(patsubst src/%.c,$(BUILD)/obj/%.o,$(MAIN)) $(BUILD)/libthidua.a
	@echo "  LINK  $@"
	@$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS)

tests: $(TESTS)
$(BUILD)/tests/%: tests/unit/%.c tests/unit/check.h $(BUILD)/libthidua.a | $(BUILD)/tests
	@echo "  TEST  $@"
	@$(CC) $(CFLAGS_ALL) -Itests/unit $(LDFLAGS_ALL) -o $@ $< $(BUILD)/libthidua.a $(LIBS) $(TEST_LIBS)

# Fuzz targets: libFuzzer (clang); tests/run runs each for a few seconds. The sources are
# compiled once for all targets (instrumented, no main), then each target links against them.
FUZZOBJS    := $(patsubst src/%.c,$(BUILD)/fuzzobj/%.o,$(filter-out $(MAIN),$(SRCS))) $(BUILD)/fuzzobj/embedded.o
FUZZ_CFLAGS := -std=c17 -D_GNU_SOURCE $(INCDIRS) -g -O1 -fsanitize=fuzzer-no-link,address,undefined $(PKG_CFLAGS)
fuzz: $(FUZZERS)
$(BUILD)/fuzzobj/%.o: src/%.c | $(BUILD)/fuzzobj
	@echo "  CC    $< (fuzz)"
	@mkdir -p $(@D)
	@clang $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<
$(BUILD)/fuzzobj/embedded.o: $(BUILD)/gen/embedded.c | $(BUILD)/fuzzobj
	@clang $(FUZZ_CFLAGS) -Wno-overlength-strings -c -o $@ $<
$(BUILD)/libthidua-fuzz.a: $(FUZZOBJS)
	@rm -f $@ && ar rcs $@ $^
$(BUILD)/fuzz/%: tests/fuzz/%.c $(BUILD)/libthidua-fuzz.a | $(BUILD)/fuzz
	@echo "  FUZZ  $@"
	@clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/libthidua-fuzz.a $(LIBS)

$(BUILD)/obj $(BUILD)/gen $(BUILD)/tests $(BUILD)/fuzz $(BUILD)/fuzzobj:
	mkdir -p $@

deps:
	sh scripts/install-deps --all

check: deps
	$(MAKE) -j$(NPROC) BUILD=build-san SAN=1 all tests fuzz
	tests/run build-san

demo: deps
	$(MAKE) -j$(NPROC) all
	@# A new demo.db prints its logins when created; an existing one is asked for them.
	@if test -f demo.db; then $(BUILD)/thidua demo-logins; else $(BUILD)/thidua init --demo --db demo.db; fi
	@echo "open http://127.0.0.1:8080/ and log in as one of the users above"
	$(BUILD)/thidua serve --db demo.db --listen 127.0.0.1:8080

clean:
	rm -rf build build-san

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/*/*.d $(BUILD)/fuzzobj/*.d $(BUILD)/fuzzobj/*/*.d)
