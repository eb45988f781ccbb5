# Sluice build. `make` builds build/sluice; `make test` runs every test;
# `make asan` runs them under AddressSanitizer + UndefinedBehaviorSanitizer;
# `make demo` sets up, builds and runs the tutorial pipeline; `make fuzz` runs the fuzzers.
# Generated lexers/parsers go to $(BUILD)/grammar, never into the source tree.

BUILD   ?= build
CC      ?= cc
OPT     ?= -O2
SAN     ?=
CFLAGS  ?=
CFLAGS  += -std=c11 -D_GNU_SOURCE -Wall -Wextra -g $(OPT) $(SAN) -pthread \
           -Icommon -Ifrontend -Iplanner -Iruntime -Iruntime/store -Icli -I$(BUILD)/grammar -MMD -MP
LDLIBS  += -lcjson -lzstd -lsnappy -lz -llz4 -lpthread -ldl -lm

DIRS    := common frontend planner runtime runtime/store cli
SRCS    := $(foreach d,$(DIRS),$(wildcard $(d)/*.c))
LEXERS  := $(wildcard grammar/*.re)
PARSERS := $(wildcard grammar/*.y)
GEN_C   := $(patsubst grammar/%.re,$(BUILD)/grammar/%_lex.c,$(LEXERS)) \
           $(patsubst grammar/%.y,$(BUILD)/grammar/%_parse.c,$(PARSERS))
GEN_H   := $(patsubst grammar/%.y,$(BUILD)/grammar/%_parse.h,$(PARSERS))
OBJS    := $(patsubst %.c,$(BUILD)/obj/%.o,$(SRCS)) $(patsubst %.c,%.o,$(GEN_C))
LIBOBJS := $(filter-out $(BUILD)/obj/cli/main.o,$(OBJS))
TESTS   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all test asan demo fuzz clean golden-update bench check-deps deps
all: $(BUILD)/sluice

check-deps: $(BUILD)/.deps-ok
$(BUILD)/.deps-ok: scripts/check-deps.sh
	@sh scripts/check-deps.sh
	@mkdir -p $(BUILD) && touch $@

deps:
	sh scripts/install-deps.sh

$(BUILD)/grammar/%_lex.c: grammar/%.re | $(BUILD)/.deps-ok
	@mkdir -p $(dir $@)
	re2c -W --no-generation-date -o $@ $<

$(BUILD)/grammar/%_parse.c $(BUILD)/grammar/%_parse.h: grammar/%.y | $(BUILD)/.deps-ok
	@mkdir -p $(dir $@)
	bison -Wall --defines=$(BUILD)/grammar/$*_parse.h -o $(BUILD)/grammar/$*_parse.c $<

$(BUILD)/grammar/%.o: $(BUILD)/grammar/%.c $(GEN_H)
	$(CC) $(CFLAGS) -Wno-unused-function -Wno-unused-but-set-variable -c -o $@ $<

$(BUILD)/obj/%.o: %.c $(GEN_H) | $(BUILD)/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/libsluice.a: $(LIBOBJS)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/sluice: $(BUILD)/obj/cli/main.o $(BUILD)/libsluice.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/test.h $(BUILD)/libsluice.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libsluice.a $(LDLIBS)

test: $(BUILD)/sluice $(TESTS)
	@bash tests/run_tests.sh $(BUILD)

golden-update: $(BUILD)/sluice
	@UPDATE=1 sh tests/run_tests.sh $(BUILD)

asan:
	$(MAKE) BUILD=build-asan OPT=-O1 SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" test

demo:
	@sh scripts/install-deps.sh
	@$(MAKE) -s $(BUILD)/sluice
	@sh scripts/demo.sh $(BUILD)

fuzz:
	@sh tests/fuzz/run_fuzz.sh

bench: $(BUILD)/sluice
	@sh bench/run.sh $(BUILD)

# Benchmark drivers: bench/<name>.c -> $(BUILD)/bench/<name>, linked with the library.
BENCHES := $(patsubst bench/%.c,$(BUILD)/bench/%,$(wildcard bench/*.c))
bench-bins: $(BENCHES)
$(BUILD)/bench/%: bench/%.c $(BUILD)/libsluice.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libsluice.a $(LDLIBS)

clean:
	rm -rf build build-asan build-fuzz

-include $(OBJS:.o=.d)
