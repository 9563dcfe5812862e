# Makefile for thidua. One binary (build/thidua), its unit tests, fuzz targets and the two
# commands a newcomer runs: `make demo` and `make check` (see README.md).
#   make            release build into build/
#   make check      install deps, sanitizer build into build-san/, run every test (tests/run)
#   make demo       install deps, build, create demo.db if missing, serve on 127.0.0.1:8080
# BUILD=dir selects the output folder, SAN=1 adds ASan+UBSan, so several builds coexist.

BUILD   ?= build
SAN     ?= 0
CC      ?= cc
PKGS    := libmicrohttpd jansson sqlite3 libutf8proc libsodium
TESTPKGS:= icu-uc icu-i18n

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_LIBS  := $(shell pkg-config --libs $(TESTPKGS) 2>/dev/null)

WARN    := -Wall -Wextra -Werror -Wformat=2 -Wno-format-nonliteral -Wvla -Wstrict-prototypes
CFLAGS_ALL := -std=c17 -D_GNU_SOURCE -Isrc -I$(BUILD)/gen $(WARN) $(PKG_CFLAGS)
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

SRCS    := $(sort $(wildcard src/*.c))
LIBOBJS := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(filter-out src/main.c,$(SRCS))) $(BUILD)/obj/embedded.o
ASSETS  := $(sort $(wildcard assets/*) $(wildcard sql/*.sql))
TESTS   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(sort $(wildcard tests/unit/test_*.c)))
FUZZERS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))

.PHONY: all tests fuzz check demo deps clean
all: $(BUILD)/thidua

$(BUILD)/obj/%.o: src/%.c | $(BUILD)/obj
	@echo "  CC    $<"
	@$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(BUILD)/embed: tools/embed.c | $(BUILD)/obj
	$(CC) -std=c17 -O1 -Wall -Wextra -Werror -o $@ $<

# Static assets and SQL migrations are compiled into the binary (one file to deploy).
$(BUILD)/gen/embedded.c: $(BUILD)/embed $(ASSETS) | $(BUILD)/gen
	$(BUILD)/embed $(ASSETS) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/embedded.o: $(BUILD)/gen/embedded.c
	$(CC) $(CFLAGS_ALL) -Wno-overlength-strings -c -o $@ $<

$(BUILD)/libthidua.a: $(LIBOBJS)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/thidua: $(BUILD)/obj/main.o $(BUILD)/libthidua.a
	@echo "  LINK  $@"
	@$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS)

tests: $(TESTS)
$(BUILD)/tests/%: tests/unit/%.c tests/unit/check.h $(BUILD)/libthidua.a | $(BUILD)/tests
	@echo "  TEST  $@"
	@$(CC) $(CFLAGS_ALL) -Itests/unit $(LDFLAGS_ALL) -o $@ $< $(BUILD)/libthidua.a $(LIBS) $(TEST_LIBS)

# Fuzz targets: libFuzzer (clang) when available; tests/run runs each for a few seconds.
fuzz: $(FUZZERS)
$(BUILD)/fuzz/%: tests/fuzz/%.c $(SRCS) $(wildcard src/*.h) $(BUILD)/gen/embedded.c | $(BUILD)/fuzz
	@echo "  FUZZ  $@"
	@clang -std=c17 -D_GNU_SOURCE -Isrc -g -O1 -fsanitize=fuzzer,address,undefined $(PKG_CFLAGS) \
	  -o $@ $< $(filter-out src/main.c,$(SRCS)) $(BUILD)/gen/embedded.c $(LIBS)

$(BUILD)/obj $(BUILD)/gen $(BUILD)/tests $(BUILD)/fuzz:
	mkdir -p $@

deps:
	sh scripts/install-deps --all

check: deps
	$(MAKE) BUILD=build-san SAN=1 all tests fuzz
	tests/run build-san

demo: deps
	$(MAKE) all
	@# A new demo.db prints its logins when created; an existing one is asked for them.
	@if test -f demo.db; then $(BUILD)/thidua demo-logins; else $(BUILD)/thidua init --demo --db demo.db; fi
	@echo "open http://127.0.0.1:8080/ and log in as one of the users above"
	$(BUILD)/thidua serve --db demo.db --listen 127.0.0.1:8080

clean:
	rm -rf build build-san

-include $(wildcard $(BUILD)/obj/*.d)
