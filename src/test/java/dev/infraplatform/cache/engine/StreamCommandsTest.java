package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static dev.infraplatform.cache.engine.EngineCommands.array;
import static org.assertj.core.api.Assertions.assertThat;

class StreamCommandsTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final LocalCacheEngine engine = new LocalCacheEngine(clock::get);

    private Reply run(String... args) {
        return EngineCommands.run(engine, args);
    }

    private static Reply entry(String id, String... fields) {
        return Reply.array(List.of(Reply.bulk(id), array(fields)));
    }

    private static Reply entries(Reply... entries) {
        return Reply.array(List.of(entries));
    }

    private static Reply error(String message) {
        return Reply.error(message);
    }

    @Test
    void xaddGeneratesIdsFromTheClockAndKeepsThemIncreasing() {
        assertThat(run("XADD", "s", "*", "f", "1")).isEqualTo(Reply.bulk("1000000-0"));
        assertThat(run("XADD", "s", "*", "f", "2")).isEqualTo(Reply.bulk("1000000-1"));
        clock.set(999_000); // the clock went back: the sequence keeps counting
        assertThat(run("XADD", "s", "*", "f", "3")).isEqualTo(Reply.bulk("1000000-2"));
        assertThat(run("XADD", "s", "1000000-*", "f", "4")).isEqualTo(Reply.bulk("1000000-3"));
        assertThat(run("XADD", "s", "2000000-*", "f", "5")).isEqualTo(Reply.bulk("2000000-0"));
        assertThat(run("XADD", "s", "2000001", "f", "6")).isEqualTo(Reply.bulk("2000001-0"));
        assertThat(run("XLEN", "s")).isEqualTo(Reply.integer(6));
        assertThat(run("TYPE", "s")).isEqualTo(new Reply.SimpleString("stream"));
    }

    @Test
    void xaddRefusesIdsThatDoNotGrowAndBadArguments() {
        run("XADD", "s", "5-1", "f", "v");
        assertThat(run("XADD", "s", "5-1", "f", "v")).isEqualTo(StreamCommands.ID_NOT_GREATER);
        assertThat(run("XADD", "s", "4-*", "f", "v")).isEqualTo(StreamCommands.ID_NOT_GREATER);
        assertThat(run("XADD", "s", "0-0", "f", "v")).isEqualTo(error("ERR The ID specified in XADD must be greater than 0-0"));
        assertThat(run("XADD", "s", "abc", "f", "v")).isEqualTo(StreamId.INVALID);
        assertThat(run("XADD", "s", "*", "f")).isEqualTo(RedisErrors.wrongArity("xadd"));
        assertThat(run("XADD", "s", "MAXLEN", "-1", "*", "f", "v")).isEqualTo(error("ERR The MAXLEN argument must be >= 0."));
        assertThat(run("XADD", "s", "MAXLEN", "1", "LIMIT", "5", "*", "f", "v"))
                .isEqualTo(error("ERR syntax error, LIMIT cannot be used without the special ~ option"));
        assertThat(run("XADD", "s", "MAXLEN", "1", "MINID", "1", "*", "f", "v"))
                .isEqualTo(error("ERR syntax error, MAXLEN and MINID options at the same time are not compatible"));
        assertThat(run("XADD", "nope", "NOMKSTREAM", "*", "f", "v")).isEqualTo(Reply.NIL);
        assertThat(run("EXISTS", "nope")).isEqualTo(Reply.ZERO);
        run("SET", "str", "x");
        assertThat(run("XADD", "str", "*", "f", "v")).isEqualTo(RedisErrors.WRONG_TYPE);
        assertThat(run("XLEN", "str")).isEqualTo(RedisErrors.WRONG_TYPE);
        run("XSETID", "s", "18446744073709551615-18446744073709551615");
        assertThat(run("XADD", "s", "*", "f", "v")).isEqualTo(StreamCommands.ID_EXHAUSTED);
        assertThat(run("XLEN", "s")).isEqualTo(Reply.ONE);
    }

    @Test
    void rangesForwardBackwardExclusiveAndCounted() {
        for (int i = 1; i <= 5; i++) {
            run("XADD", "s", i + "-0", "n", String.valueOf(i));
        }
        assertThat(run("XRANGE", "s", "-", "+", "COUNT", "2")).isEqualTo(entries(entry("1-0", "n", "1"), entry("2-0", "n", "2")));
        assertThat(run("XRANGE", "s", "(2-0", "4")).isEqualTo(entries(entry("3-0", "n", "3"), entry("4-0", "n", "4")));
        assertThat(run("XREVRANGE", "s", "+", "(3", "COUNT", "5")).isEqualTo(entries(entry("5-0", "n", "5"), entry("4-0", "n", "4")));
        assertThat(run("XRANGE", "s", "4", "2")).isEqualTo(entries());
        assertThat(run("XRANGE", "s", "-", "+", "COUNT", "0")).isEqualTo(Reply.NIL_ARRAY);
        assertThat(run("XRANGE", "missing", "-", "+")).isEqualTo(entries());
        assertThat(run("XRANGE", "s", "-", "(0-0")).isEqualTo(error("ERR invalid end ID for the interval"));
        assertThat(run("XRANGE", "s", "(18446744073709551615-18446744073709551615", "+"))
                .isEqualTo(error("ERR invalid start ID for the interval"));
        assertThat(run("XRANGE", "s", "(-", "+")).isEqualTo(StreamId.INVALID);
        assertThat(run("XRANGE", "s", "-", "+", "COUNT")).isEqualTo(RedisErrors.SYNTAX);
    }

    @Test
    void deleteAndTrimKeepTheCountersAndTheEmptyStream() {
        for (int i = 1; i <= 5; i++) {
            run("XADD", "s", i + "-0", "n", String.valueOf(i));
        }
        assertThat(run("XDEL", "s", "2-0", "9-0")).isEqualTo(Reply.ONE);
        assertThat(run("XDEL", "s", "bad")).isEqualTo(StreamId.INVALID);
        assertThat(run("XTRIM", "s", "MAXLEN", "=", "2")).isEqualTo(Reply.integer(2));
        assertThat(run("XRANGE", "s", "-", "+")).isEqualTo(entries(entry("4-0", "n", "4"), entry("5-0", "n", "5")));
        assertThat(run("XTRIM", "s", "MINID", "5")).isEqualTo(Reply.ONE);
        assertThat(run("XTRIM", "s", "MAXLEN", "0")).isEqualTo(Reply.ONE);
        assertThat(run("EXISTS", "s")).isEqualTo(Reply.ONE); // an empty stream stays
        Reply info = run("XINFO", "STREAM", "s");
        assertThat(((Reply.Array) info).items()).containsSubsequence(Reply.bulk("last-generated-id"), Reply.bulk("5-0"),
                Reply.bulk("max-deleted-entry-id"), Reply.bulk("2-0"), Reply.bulk("entries-added"), Reply.integer(5));
        assertThat(run("XTRIM", "s", "FOO", "1")).isEqualTo(RedisErrors.SYNTAX);
        assertThat(run("XTRIM", "missing", "MAXLEN", "0")).isEqualTo(Reply.ZERO);
    }

    @Test
    void approximateTrimmingDropsOnlyWholeNodes() {
        for (int i = 1; i <= 250; i++) {
            run("XADD", "s", i + "-0", "n", "v");
        }
        // nodes of 100: trimming to ~120 can only drop the first node
        assertThat(run("XTRIM", "s", "MAXLEN", "~", "120")).isEqualTo(Reply.integer(100));
        assertThat(run("XTRIM", "s", "MAXLEN", "~", "120")).isEqualTo(Reply.ZERO);
        assertThat(run("XTRIM", "s", "MAXLEN", "~", "0", "LIMIT", "50")).isEqualTo(Reply.ZERO);
        assertThat(run("XTRIM", "s", "MINID", "~", "260")).isEqualTo(Reply.integer(150));
    }

    @Test
    void xsetidChecksItsArguments() {
        run("XADD", "s", "5-5", "f", "v");
        assertThat(run("XSETID", "s", "5-4")).isEqualTo(error("ERR The ID specified in XSETID is smaller than the target stream top item"));
        assertThat(run("XSETID", "s", "6-0", "ENTRIESADDED", "0"))
                .isEqualTo(error("ERR The entries_added specified in XSETID is smaller than the target stream length"));
        assertThat(run("XSETID", "s", "6-0", "MAXDELETEDID", "7-0"))
                .isEqualTo(error("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id"));
        assertThat(run("XSETID", "missing", "1-1")).isEqualTo(RedisErrors.NO_SUCH_KEY);
        assertThat(run("XSETID", "s", "9-0", "ENTRIESADDED", "10", "MAXDELETEDID", "3-0")).isEqualTo(Reply.OK);
        assertThat(run("XADD", "s", "9-0", "f", "v")).isEqualTo(StreamCommands.ID_NOT_GREATER);
    }

    @Test
    void xreadReadsSeveralStreamsAfterTheirIds() {
        run("XADD", "a", "1-0", "f", "a1");
        run("XADD", "a", "2-0", "f", "a2");
        run("XADD", "b", "1-0", "f", "b1");
        assertThat(run("XREAD", "COUNT", "1", "STREAMS", "a", "b", "0", "0")).isEqualTo(Reply.array(List.of(
                Reply.array(List.of(Reply.bulk("a"), entries(entry("1-0", "f", "a1")))),
                Reply.array(List.of(Reply.bulk("b"), entries(entry("1-0", "f", "b1")))))));
        assertThat(run("XREAD", "STREAMS", "a", "b", "1-0", "$")).isEqualTo(Reply.array(List.of(
                Reply.array(List.of(Reply.bulk("a"), entries(entry("2-0", "f", "a2")))))));
        assertThat(run("XREAD", "STREAMS", "a", "$")).isEqualTo(Reply.NIL_ARRAY);
        assertThat(run("XREAD", "STREAMS", "a", "b", "0")).isEqualTo(error(
                "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified."));
        assertThat(run("XREAD", "STREAMS", "a", ">")).isEqualTo(error(
                "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option."));
        assertThat(run("XREAD", "GROUP", "g", "c", "STREAMS", "a", "0"))
                .isEqualTo(error("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead."));
        assertThat(run("XREAD", "BLOCK", "-1", "STREAMS", "a", "0")).isEqualTo(error("ERR timeout is negative"));
        assertThat(run("XREAD", "FOO", "STREAMS", "a", "0")).isEqualTo(RedisErrors.SYNTAX);
        run("SET", "str", "x");
        assertThat(run("XREAD", "STREAMS", "str", "0")).isEqualTo(RedisErrors.WRONG_TYPE);
    }

    @Test
    void consumerGroupsDeliverAcknowledgeAndReportPending() {
        run("XADD", "s", "1-0", "f", "1");
        run("XADD", "s", "2-0", "f", "2");
        run("XADD", "s", "3-0", "f", "3");
        assertThat(run("XGROUP", "CREATE", "s", "g", "0")).isEqualTo(Reply.OK);
        assertThat(run("XGROUP", "CREATE", "s", "g", "$")).isEqualTo(error("BUSYGROUP Consumer Group name already exists"));
        assertThat(run("XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">")).isEqualTo(Reply.array(List.of(
                Reply.array(List.of(Reply.bulk("s"), entries(entry("1-0", "f", "1"), entry("2-0", "f", "2")))))));
        clock.addAndGet(50);
        assertThat(run("XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", ">")).isEqualTo(Reply.array(List.of(
                Reply.array(List.of(Reply.bulk("s"), entries(entry("3-0", "f", "3")))))));
        assertThat(run("XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", ">")).isEqualTo(Reply.NIL_ARRAY);
        assertThat(run("XPENDING", "s", "g")).isEqualTo(Reply.array(List.of(Reply.integer(3), Reply.bulk("1-0"),
                Reply.bulk("3-0"), Reply.array(List.of(array("alice", "2"), array("bob", "1"))))));
        assertThat(run("XPENDING", "s", "g", "IDLE", "10", "-", "+", "10")).isEqualTo(Reply.array(List.of(
                Reply.array(List.of(Reply.bulk("1-0"), Reply.bulk("alice"), Reply.integer(50), Reply.ONE)),
                Reply.array(List.of(Reply.bulk("2-0"), Reply.bulk("alice"), Reply.integer(50), Reply.ONE)))));
        assertThat(run("XPENDING", "s", "g", "-", "+", "10", "bob")).isEqualTo(Reply.array(List.of(
                Reply.array(List.of(Reply.bulk("3-0"), Reply.bulk("bob"), Reply.ZERO, Reply.ONE)))));
        // history: alice's own pending entries, delivered again
        assertThat(run("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0")).isEqualTo(Reply.array(List.of(
                Reply.array(List.of(Reply.bulk("s"), entries(entry("1-0", "f", "1"), entry("2-0", "f", "2")))))));
        assertThat(run("XACK", "s", "g", "1-0", "3-0", "9-0")).isEqualTo(Reply.integer(2));
        run("XDEL", "s", "2-0");
        assertThat(run("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0")).isEqualTo(Reply.array(List.of(
                Reply.array(List.of(Reply.bulk("s"), entries(Reply.array(List.of(Reply.bulk("2-0"), Reply.NIL_ARRAY))))))));
        assertThat(run("XINFO", "GROUPS", "s")).isEqualTo(Reply.array(List.of(Reply.array(List.of(
                Reply.bulk("name"), Reply.bulk("g"), Reply.bulk("consumers"), Reply.integer(2),
                Reply.bulk("pending"), Reply.ONE, Reply.bulk("last-delivered-id"), Reply.bulk("3-0"),
                Reply.bulk("entries-read"), Reply.integer(3), Reply.bulk("lag"), Reply.ZERO)))));
        assertThat(run("XPENDING", "s", "nogroup")).isEqualTo(error("NOGROUP No such key 's' or consumer group 'nogroup'"));
        assertThat(run("XREADGROUP", "GROUP", "nogroup", "c", "STREAMS", "s", ">"))
                .isEqualTo(error("NOGROUP No such key 's' or consumer group 'nogroup' in XREADGROUP with GROUP option"));
        assertThat(run("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "$")).isInstanceOf(Reply.Error.class);
        assertThat(run("XREADGROUP", "COUNT", "1", "NOACK", "STREAMS", "s", ">")).isEqualTo(error("ERR Missing GROUP option for XREADGROUP"));
    }

    @Test
    void noackReadsLeaveNothingPending() {
        run("XADD", "s", "1-0", "f", "1");
        run("XGROUP", "CREATE", "s", "g", "0");
        run("XREADGROUP", "GROUP", "g", "c", "NOACK", "STREAMS", "s", ">");
        assertThat(run("XPENDING", "s", "g")).isEqualTo(Reply.array(List.of(Reply.ZERO, Reply.NIL, Reply.NIL, Reply.NIL_ARRAY)));
    }

    @Test
    void xgroupSubcommandsAndTheirErrors() {
        assertThat(run("XGROUP", "CREATE", "s", "g", "$")).isEqualTo(error("ERR The XGROUP subcommand requires the key to exist. "
                + "Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically."));
        assertThat(run("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM", "ENTRIESREAD", "-2"))
                .isEqualTo(error("ERR value for ENTRIESREAD must be positive or -1"));
        assertThat(run("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")).isEqualTo(Reply.OK);
        assertThat(run("XLEN", "s")).isEqualTo(Reply.ZERO);
        assertThat(run("XGROUP", "CREATECONSUMER", "s", "g", "c")).isEqualTo(Reply.ONE);
        assertThat(run("XGROUP", "CREATECONSUMER", "s", "g", "c")).isEqualTo(Reply.ZERO);
        assertThat(run("XGROUP", "CREATECONSUMER", "s", "nope", "c")).isEqualTo(error("NOGROUP No such consumer group 'nope' for key name 's'"));
        run("XADD", "s", "1-0", "f", "v");
        run("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">");
        assertThat(run("XGROUP", "DELCONSUMER", "s", "g", "c")).isEqualTo(Reply.ONE);
        assertThat(run("XPENDING", "s", "g")).isEqualTo(Reply.array(List.of(Reply.ZERO, Reply.NIL, Reply.NIL, Reply.NIL_ARRAY)));
        assertThat(run("XGROUP", "SETID", "s", "g", "0", "ENTRIESREAD", "0")).isEqualTo(Reply.OK);
        assertThat(run("XGROUP", "SETID", "s", "g", "0", "FOO", "0"))
                .isEqualTo(error("ERR unknown subcommand or wrong number of arguments for 'SETID'. Try XGROUP HELP."));
        assertThat(run("XGROUP", "FOO", "s")).isEqualTo(error("ERR unknown subcommand 'FOO'. Try XGROUP HELP."));
        assertThat(run("XGROUP", "DESTROY", "s", "g")).isEqualTo(Reply.ONE);
        assertThat(run("XGROUP", "DESTROY", "s", "g")).isEqualTo(Reply.ZERO);
        assertThat(run("XGROUP", "CREATE", "s", "g")).isEqualTo(error("ERR wrong number of arguments for 'xgroup|create' command"));
    }

    @Test
    void xclaimMovesIdleEntriesAndXautoclaimScansWithACursor() {
        for (int i = 1; i <= 4; i++) {
            run("XADD", "s", i + "-0", "f", String.valueOf(i));
        }
        run("XGROUP", "CREATE", "s", "g", "0");
        run("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">");
        clock.addAndGet(1000);
        assertThat(run("XCLAIM", "s", "g", "bob", "5000", "1-0")).isEqualTo(entries());
        assertThat(run("XCLAIM", "s", "g", "bob", "500", "1-0", "JUSTID")).isEqualTo(array("1-0"));
        assertThat(run("XCLAIM", "s", "g", "bob", "0", "2-0", "RETRYCOUNT", "7")).isEqualTo(entries(entry("2-0", "f", "2")));
        assertThat(run("XPENDING", "s", "g", "-", "2-0", "10")).isEqualTo(Reply.array(List.of(
                Reply.array(List.of(Reply.bulk("1-0"), Reply.bulk("bob"), Reply.ZERO, Reply.ONE)),
                Reply.array(List.of(Reply.bulk("2-0"), Reply.bulk("bob"), Reply.ZERO, Reply.integer(7))))));
        assertThat(run("XCLAIM", "s", "g", "bob", "x", "1-0")).isEqualTo(error("ERR Invalid min-idle-time argument for XCLAIM"));
        assertThat(run("XCLAIM", "s", "g", "bob", "0", "1-0", "FOO")).isEqualTo(error("ERR Unrecognized XCLAIM option 'FOO'"));
        assertThat(run("XCLAIM", "s", "nope", "bob", "0", "1-0")).isEqualTo(error("NOGROUP No such key 's' or consumer group 'nope'"));
        run("XDEL", "s", "4-0");
        clock.addAndGet(1000);
        assertThat(run("XAUTOCLAIM", "s", "g", "carol", "1500", "0", "COUNT", "1")).isEqualTo(Reply.array(List.of(
                Reply.bulk("4-0"), entries(entry("3-0", "f", "3")), entries())));
        assertThat(run("XAUTOCLAIM", "s", "g", "carol", "1500", "4-0", "JUSTID")).isEqualTo(Reply.array(List.of(
                Reply.bulk("0-0"), entries(), array("4-0"))));
        assertThat(run("XAUTOCLAIM", "s", "g", "carol", "0", "0", "COUNT", "0")).isEqualTo(error("ERR COUNT must be > 0"));
        assertThat(run("XPENDING", "s", "g", "-", "+", "10", "carol")).isEqualTo(Reply.array(List.of(
                Reply.array(List.of(Reply.bulk("3-0"), Reply.bulk("carol"), Reply.ZERO, Reply.integer(2))))));
    }

    @Test
    void xinfoDescribesStreamGroupsAndConsumers() {
        run("XADD", "s", "1-0", "f", "1");
        run("XADD", "s", "2-0", "f", "2");
        run("XGROUP", "CREATE", "s", "g", "0");
        run("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">");
        clock.addAndGet(20);
        assertThat(run("XINFO", "STREAM", "s")).isEqualTo(Reply.array(List.of(
                Reply.bulk("length"), Reply.integer(2), Reply.bulk("radix-tree-keys"), Reply.ONE,
                Reply.bulk("radix-tree-nodes"), Reply.integer(2), Reply.bulk("last-generated-id"), Reply.bulk("2-0"),
                Reply.bulk("max-deleted-entry-id"), Reply.bulk("0-0"), Reply.bulk("entries-added"), Reply.integer(2),
                Reply.bulk("recorded-first-entry-id"), Reply.bulk("1-0"), Reply.bulk("groups"), Reply.ONE,
                Reply.bulk("first-entry"), entry("1-0", "f", "1"), Reply.bulk("last-entry"), entry("2-0", "f", "2"))));
        assertThat(run("XINFO", "CONSUMERS", "s", "g")).isEqualTo(Reply.array(List.of(Reply.array(List.of(
                Reply.bulk("name"), Reply.bulk("c"), Reply.bulk("pending"), Reply.ONE, Reply.bulk("idle"), Reply.integer(20),
                Reply.bulk("inactive"), Reply.integer(20))))));
        Reply full = run("XINFO", "STREAM", "s", "FULL", "COUNT", "1");
        assertThat(((Reply.Array) full).items()).contains(Reply.bulk("entries"), entries(entry("1-0", "f", "1")));
        assertThat(run("XINFO", "STREAM", "missing")).isEqualTo(RedisErrors.NO_SUCH_KEY);
        assertThat(run("XINFO", "CONSUMERS", "s", "nope")).isEqualTo(error("NOGROUP No such consumer group 'nope' for key name 's'"));
        assertThat(run("XINFO", "FOO", "s")).isEqualTo(error("ERR unknown subcommand 'FOO'. Try XINFO HELP."));
    }

    @Test
    void memoryUsageGrowsWithEntriesAndPendingEntries() {
        run("XADD", "s", "1-0", "field", "value");
        long one = ((Reply.Int) run("MEMORY", "USAGE", "s")).value();
        for (int i = 2; i <= 100; i++) {
            run("XADD", "s", i + "-0", "field", "value");
        }
        long hundred = ((Reply.Int) run("MEMORY", "USAGE", "s")).value();
        assertThat(hundred).isGreaterThan(one + 99 * 100);
        run("XGROUP", "CREATE", "s", "g", "0");
        run("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">");
        assertThat(((Reply.Int) run("MEMORY", "USAGE", "s")).value()).isGreaterThan(hundred + 100 * 100);
    }
}
