package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SortedSetCommandsTest {

    private final LocalCacheEngine engine = new LocalCacheEngine();

    private Reply run(String... args) {
        return engine.execute(Arrays.stream(args).map(a -> a.getBytes(StandardCharsets.UTF_8)).toList());
    }

    private static Reply array(String... values) {
        return Reply.array(Arrays.stream(values).map(Reply::bulk).toList());
    }

    private static Reply error(String message) {
        return Reply.error(message);
    }

    private RecordingCommandLog attachLog() {
        RecordingCommandLog log = new RecordingCommandLog();
        engine.attachLog(log);
        return log;
    }

    @Test
    void zaddAndReads() {
        assertThat(run("ZADD", "z", "1", "a", "2", "b", "3", "c")).isEqualTo(Reply.integer(3));
        assertThat(run("ZADD", "z", "1.5", "a", "4", "d")).isEqualTo(Reply.ONE);
        assertThat(run("ZCARD", "z")).isEqualTo(Reply.integer(4));
        assertThat(run("ZCARD", "missing")).isEqualTo(Reply.ZERO);
        assertThat(run("ZSCORE", "z", "a")).isEqualTo(Reply.bulk("1.5"));
        assertThat(run("ZSCORE", "z", "zz")).isEqualTo(Reply.NIL);
        assertThat(run("ZSCORE", "missing", "a")).isEqualTo(Reply.NIL);
        assertThat(run("ZMSCORE", "z", "a", "zz", "d")).isEqualTo(Reply.array(List.of(Reply.bulk("1.5"), Reply.NIL, Reply.bulk("4"))));
        assertThat(run("ZMSCORE", "missing", "a")).isEqualTo(Reply.array(List.of(Reply.NIL)));
        assertThat(run("ZRANK", "z", "a")).isEqualTo(Reply.ZERO);
        assertThat(run("ZRANK", "z", "d")).isEqualTo(Reply.integer(3));
        assertThat(run("ZREVRANK", "z", "d")).isEqualTo(Reply.ZERO);
        assertThat(run("ZRANK", "z", "zz")).isEqualTo(Reply.NIL);
        assertThat(run("ZRANK", "missing", "a")).isEqualTo(Reply.NIL);
        assertThat(run("TYPE", "z")).isEqualTo(new Reply.SimpleString("zset"));
        assertThat(run("ZADD", "s", "0.1", "x", "1e20", "y", "inf", "p", "-inf", "n")).isEqualTo(Reply.integer(4));
        assertThat(run("ZRANGE", "s", "0", "-1", "WITHSCORES"))
                .isEqualTo(array("n", "-inf", "x", "0.1", "y", "1e+20", "p", "inf"));
    }

    @Test
    void zaddOptions() {
        assertThat(run("ZADD", "z", "NX", "XX", "1", "a")).isEqualTo(error("ERR XX and NX options at the same time are not compatible"));
        Reply gtlt = error("ERR GT, LT, and/or NX options at the same time are not compatible");
        assertThat(run("ZADD", "z", "GT", "LT", "1", "a")).isEqualTo(gtlt);
        assertThat(run("ZADD", "z", "GT", "NX", "1", "a")).isEqualTo(gtlt);
        assertThat(run("ZADD", "z", "INCR", "1", "a", "2", "b")).isEqualTo(error("ERR INCR option supports a single increment-element pair"));
        assertThat(run("ZADD", "z", "x", "a")).isEqualTo(RedisErrors.NOT_FLOAT);
        assertThat(run("ZADD", "z", "1", "a", "nan", "b")).isEqualTo(RedisErrors.NOT_FLOAT);
        assertThat(run("ZADD", "z", "1", "a", "2")).isEqualTo(RedisErrors.SYNTAX);
        assertThat(run("ZADD", "z", "1")).isEqualTo(RedisErrors.wrongArity("zadd"));
        assertThat(run("EXISTS", "z")).isEqualTo(Reply.ZERO);

        assertThat(run("ZADD", "z", "XX", "1", "a")).isEqualTo(Reply.ZERO);
        assertThat(run("EXISTS", "z")).isEqualTo(Reply.ZERO);
        assertThat(run("ZADD", "z", "1", "a", "2", "b", "3", "c")).isEqualTo(Reply.integer(3));
        assertThat(run("ZADD", "z", "NX", "10", "a", "4", "d")).isEqualTo(Reply.ONE);
        assertThat(run("ZSCORE", "z", "a")).isEqualTo(Reply.bulk("1"));
        assertThat(run("ZADD", "z", "XX", "CH", "10", "a", "5", "e")).isEqualTo(Reply.ONE);
        assertThat(run("ZSCORE", "z", "e")).isEqualTo(Reply.NIL);
        assertThat(run("ZADD", "z", "GT", "CH", "0", "a", "5", "b", "7", "f")).isEqualTo(Reply.integer(2));
        assertThat(run("ZSCORE", "z", "a")).isEqualTo(Reply.bulk("10"));
        assertThat(run("ZSCORE", "z", "b")).isEqualTo(Reply.bulk("5"));
        assertThat(run("ZADD", "z", "LT", "CH", "20", "a", "1", "b")).isEqualTo(Reply.ONE);
        assertThat(run("ZSCORE", "z", "b")).isEqualTo(Reply.bulk("1"));
        assertThat(run("ZADD", "z", "INCR", "2.5", "a")).isEqualTo(Reply.bulk("12.5"));
        assertThat(run("ZADD", "z", "NX", "INCR", "1", "a")).isEqualTo(Reply.NIL);
        assertThat(run("ZADD", "z", "XX", "INCR", "1", "zz")).isEqualTo(Reply.NIL);
        assertThat(run("ZADD", "z", "GT", "INCR", "-1", "a")).isEqualTo(Reply.NIL);
        assertThat(run("ZADD", "z", "INCR", "1", "new")).isEqualTo(Reply.bulk("1"));
        run("ZADD", "inf", "inf", "m");
        assertThat(run("ZADD", "inf", "INCR", "-inf", "m")).isEqualTo(error("ERR resulting score is not a number (NaN)"));
        assertThat(run("ZINCRBY", "inf", "-inf", "m")).isEqualTo(error("ERR resulting score is not a number (NaN)"));
    }

    @Test
    void zincrby() {
        assertThat(run("ZINCRBY", "z", "1.5", "a")).isEqualTo(Reply.bulk("1.5"));
        assertThat(run("ZINCRBY", "z", "0.1", "a")).isEqualTo(Reply.bulk("1.6"));
        assertThat(run("ZINCRBY", "z", "x", "a")).isEqualTo(RedisErrors.NOT_FLOAT);
        assertThat(run("ZINCRBY", "z", "XX", "a")).isEqualTo(RedisErrors.SYNTAX);
        assertThat(run("ZINCRBY", "z", "-1.6", "a")).isEqualTo(Reply.bulk("0"));
        assertThat(run("ZINCRBY", "z", "-0", "b")).isEqualTo(Reply.bulk("-0"));
        assertThat(run("ZSCORE", "z", "b")).isEqualTo(Reply.bulk("0"));
    }

    @Test
    void rangesByRank() {
        run("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
        assertThat(run("ZRANGE", "z", "0", "-1")).isEqualTo(array("a", "b", "c", "d"));
        assertThat(run("ZRANGE", "z", "1", "2", "WITHSCORES")).isEqualTo(array("b", "2", "c", "3"));
        assertThat(run("ZRANGE", "z", "-2", "100")).isEqualTo(array("c", "d"));
        assertThat(run("ZRANGE", "z", "3", "1")).isEqualTo(array());
        assertThat(run("ZRANGE", "z", "10", "20")).isEqualTo(array());
        assertThat(run("ZRANGE", "z", "-100", "0")).isEqualTo(array("a"));
        assertThat(run("ZRANGE", "z", "0", "1", "REV")).isEqualTo(array("d", "c"));
        assertThat(run("ZREVRANGE", "z", "0", "1", "WITHSCORES")).isEqualTo(array("d", "4", "c", "3"));
        assertThat(run("ZREVRANGE", "z", "-1", "-1")).isEqualTo(array("a"));
        assertThat(run("ZRANGE", "missing", "0", "-1")).isEqualTo(array());
        assertThat(run("ZRANGE", "z", "a", "b")).isEqualTo(RedisErrors.NOT_INTEGER);
        assertThat(run("ZRANGE", "z", "0", "-1", "LIMIT", "0", "1"))
                .isEqualTo(error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"));
        assertThat(run("ZRANGE", "z", "0", "-1", "bogus")).isEqualTo(RedisErrors.SYNTAX);
        assertThat(run("ZRANGE", "z", "a", "b", "LIMIT", "0", "1"))
                .isEqualTo(error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"));
        assertThat(run("ZRANGE", "z", "0", "-1", "LIMIT", "5", "-1")).as("Redis ignores it").isEqualTo(array("a", "b", "c", "d"));
        assertThat(run("ZRANGE", "z", "0", "-1", "REV", "REV")).isEqualTo(RedisErrors.SYNTAX);
        assertThat(run("ZREVRANGE", "z", "0", "-1", "REV")).isEqualTo(RedisErrors.SYNTAX);
    }

    @Test
    void rangesByScore() {
        run("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "-inf", "lo", "inf", "hi");
        assertThat(run("ZRANGEBYSCORE", "z", "2", "3")).isEqualTo(array("b", "c"));
        assertThat(run("ZRANGEBYSCORE", "z", "(2", "3")).isEqualTo(array("c"));
        assertThat(run("ZRANGEBYSCORE", "z", "(1", "(4", "WITHSCORES")).isEqualTo(array("b", "2", "c", "3"));
        assertThat(run("ZRANGEBYSCORE", "z", "-inf", "+inf")).isEqualTo(array("lo", "a", "b", "c", "d", "hi"));
        assertThat(run("ZRANGEBYSCORE", "z", "(-inf", "(+inf")).isEqualTo(array("a", "b", "c", "d"));
        assertThat(run("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "1", "2")).isEqualTo(array("a", "b"));
        assertThat(run("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "4", "-1")).isEqualTo(array("d", "hi"));
        assertThat(run("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "-1", "2")).isEqualTo(array());
        assertThat(run("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "0", "0")).isEqualTo(array());
        assertThat(run("ZRANGEBYSCORE", "z", "3", "2")).isEqualTo(array());
        assertThat(run("ZRANGEBYSCORE", "z", "(2", "2")).isEqualTo(array());
        assertThat(run("ZRANGEBYSCORE", "z", "x", "2")).isEqualTo(error("ERR min or max is not a float"));
        assertThat(run("ZRANGEBYSCORE", "z", "1", "5", "LIMIT", "1")).isEqualTo(RedisErrors.SYNTAX);
        assertThat(run("ZREVRANGEBYSCORE", "z", "3", "(1")).isEqualTo(array("c", "b"));
        assertThat(run("ZREVRANGEBYSCORE", "z", "+inf", "-inf", "WITHSCORES", "LIMIT", "1", "2"))
                .isEqualTo(array("d", "4", "c", "3"));
        assertThat(run("ZRANGE", "z", "(1", "3", "BYSCORE")).isEqualTo(array("b", "c"));
        assertThat(run("ZRANGE", "z", "3", "(1", "BYSCORE", "REV", "WITHSCORES")).isEqualTo(array("c", "3", "b", "2"));
        assertThat(run("ZRANGE", "z", "+inf", "-inf", "BYSCORE", "REV", "LIMIT", "0", "3")).isEqualTo(array("hi", "d", "c"));
        assertThat(run("ZRANGE", "z", "0", "10", "BYSCORE", "LIMIT", "2", "10")).isEqualTo(array("c", "d"));
        assertThat(run("ZRANGEBYSCORE", "missing", "-inf", "+inf")).isEqualTo(array());
        assertThat(run("ZCOUNT", "z", "(2", "+inf")).isEqualTo(Reply.integer(3));
        assertThat(run("ZCOUNT", "z", "-inf", "+inf")).isEqualTo(Reply.integer(6));
        assertThat(run("ZCOUNT", "z", "5", "6")).isEqualTo(Reply.ZERO);
        assertThat(run("ZCOUNT", "missing", "5", "6")).isEqualTo(Reply.ZERO);
        assertThat(run("ZCOUNT", "z", "x", "1")).isEqualTo(error("ERR min or max is not a float"));
    }

    @Test
    void rangesByLex() {
        run("ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e");
        assertThat(run("ZRANGE", "l", "[b", "(d", "BYLEX")).isEqualTo(array("b", "c"));
        assertThat(run("ZRANGE", "l", "-", "+", "BYLEX", "WITHSCORES"))
                .isEqualTo(error("ERR syntax error, WITHSCORES not supported in combination with BYLEX"));
        assertThat(run("ZRANGE", "l", "+", "-", "BYLEX", "REV", "LIMIT", "1", "2")).isEqualTo(array("d", "c"));
        assertThat(run("ZRANGEBYLEX", "l", "a", "b")).isEqualTo(error("ERR min or max not valid string range item"));
        assertThat(run("ZREVRANGEBYLEX", "l", "+", "[c")).isEqualTo(array("e", "d", "c"));
        assertThat(run("ZRANGEBYLEX", "l", "-", "+", "LIMIT", "1")).isEqualTo(RedisErrors.SYNTAX);
        assertThat(run("ZRANGE", "l", "-", "+", "BYSCORE", "BYLEX")).isEqualTo(RedisErrors.SYNTAX);
        assertThat(run("ZLEXCOUNT", "l", "-", "+")).isEqualTo(Reply.integer(5));
        assertThat(run("ZLEXCOUNT", "l", "+", "-")).isEqualTo(Reply.ZERO);
        assertThat(run("ZLEXCOUNT", "l", "(a", "[c")).isEqualTo(Reply.integer(2));
        assertThat(run("ZREMRANGEBYLEX", "l", "[d", "+")).isEqualTo(Reply.integer(2));
        assertThat(run("ZRANGE", "l", "0", "-1")).isEqualTo(array("a", "b", "c"));
        assertThat(run("ZREMRANGEBYLEX", "l", "-", "+")).isEqualTo(Reply.integer(3));
        assertThat(run("EXISTS", "l")).isEqualTo(Reply.ZERO);
    }

    @Test
    void removalsDeleteEmptySets() {
        run("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        assertThat(run("ZREM", "z", "a", "zz")).isEqualTo(Reply.ONE);
        assertThat(run("ZREMRANGEBYRANK", "z", "0", "1")).isEqualTo(Reply.integer(2));
        assertThat(run("ZRANGE", "z", "0", "-1")).isEqualTo(array("d", "e"));
        assertThat(run("ZREMRANGEBYRANK", "z", "a", "1")).isEqualTo(RedisErrors.NOT_INTEGER);
        assertThat(run("ZREMRANGEBYSCORE", "z", "(4", "+inf")).isEqualTo(Reply.ONE);
        assertThat(run("ZREMRANGEBYSCORE", "z", "x", "1")).isEqualTo(error("ERR min or max is not a float"));
        assertThat(run("ZREMRANGEBYSCORE", "z", "-inf", "+inf")).isEqualTo(Reply.ONE);
        assertThat(run("EXISTS", "z")).isEqualTo(Reply.ZERO);
        run("ZADD", "z", "1", "a");
        assertThat(run("ZREM", "z", "a")).isEqualTo(Reply.ONE);
        assertThat(run("EXISTS", "z")).isEqualTo(Reply.ZERO);
        run("ZADD", "z", "1", "a", "2", "b");
        assertThat(run("ZREMRANGEBYRANK", "z", "0", "-1")).isEqualTo(Reply.integer(2));
        assertThat(run("EXISTS", "z")).isEqualTo(Reply.ZERO);
        assertThat(run("ZREM", "z", "a")).isEqualTo(Reply.ZERO);
    }

    @Test
    void pops() {
        run("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
        assertThat(run("ZPOPMIN", "z")).isEqualTo(array("a", "1"));
        assertThat(run("ZPOPMAX", "z")).isEqualTo(array("d", "4"));
        assertThat(run("ZPOPMIN", "z", "0")).isEqualTo(array());
        assertThat(run("ZPOPMIN", "z", "-1")).isEqualTo(error("ERR value is out of range, must be positive"));
        assertThat(run("ZPOPMIN", "z", "x")).isEqualTo(error("ERR value is out of range, must be positive"));
        assertThat(run("ZPOPMAX", "z", "5")).isEqualTo(array("c", "3", "b", "2"));
        assertThat(run("EXISTS", "z")).isEqualTo(Reply.ZERO);
        assertThat(run("ZPOPMIN", "z")).isEqualTo(array());
        assertThat(run("ZPOPMAX", "z", "2")).isEqualTo(array());
    }

    @Test
    void zscan() {
        run("ZADD", "z", "1", "a", "2", "b", "3", "bb");
        assertThat(run("ZSCAN", "z", "0")).isEqualTo(Reply.array(List.of(Reply.bulk("0"), array("a", "1", "b", "2", "bb", "3"))));
        assertThat(run("ZSCAN", "z", "0", "MATCH", "b*", "COUNT", "10"))
                .isEqualTo(Reply.array(List.of(Reply.bulk("0"), array("b", "2", "bb", "3"))));
        assertThat(run("ZSCAN", "missing", "0")).isEqualTo(HashCommands.EMPTY_SCAN);
        assertThat(run("ZSCAN", "z", "x")).isEqualTo(error("ERR invalid cursor"));
    }

    @Test
    void wrongType() {
        run("SET", "str", "v");
        for (String[] command : new String[][] {
                {"ZADD", "str", "1", "a"}, {"ZINCRBY", "str", "1", "a"}, {"ZREM", "str", "a"}, {"ZSCORE", "str", "a"},
                {"ZMSCORE", "str", "a"}, {"ZCARD", "str"}, {"ZCOUNT", "str", "0", "1"}, {"ZRANK", "str", "a"},
                {"ZREVRANK", "str", "a"}, {"ZRANGE", "str", "0", "1"}, {"ZREVRANGE", "str", "0", "1"},
                {"ZRANGEBYSCORE", "str", "0", "1"}, {"ZREVRANGEBYSCORE", "str", "1", "0"},
                {"ZREMRANGEBYRANK", "str", "0", "1"}, {"ZREMRANGEBYSCORE", "str", "0", "1"},
                {"ZPOPMIN", "str"}, {"ZPOPMAX", "str", "2"}, {"ZSCAN", "str", "0"}, {"ZRANGEBYLEX", "str", "-", "+"},
                {"ZREVRANGEBYLEX", "str", "+", "-"}, {"ZLEXCOUNT", "str", "-", "+"}, {"ZREMRANGEBYLEX", "str", "-", "+"}}) {
            assertThat(run(command)).as(String.join(" ", command)).isEqualTo(RedisErrors.WRONG_TYPE);
        }
        run("ZADD", "z", "1", "a");
        assertThat(run("SADD", "z", "m")).isEqualTo(RedisErrors.WRONG_TYPE);
        assertThat(run("GET", "z")).isEqualTo(RedisErrors.WRONG_TYPE);
    }

    @Test
    void logsResultingScoresAndNothingForNoOps() {
        RecordingCommandLog log = attachLog();
        run("ZINCRBY", "z", "0.1", "a");
        run("ZINCRBY", "z", "0.2", "a");
        run("ZADD", "z", "INCR", "1", "a");
        run("ZADD", "z", "NX", "5", "a");
        run("ZADD", "z", "2", "b");
        run("ZREM", "z", "zz");
        run("ZREM", "missing", "zz");
        run("ZPOPMIN", "missing");
        run("ZREMRANGEBYSCORE", "z", "10", "20");
        run("ZADD", "z", "x", "a");
        assertThat(log.commands()).containsExactly(
                List.of("ZADD", "z", "0.1", "a"),
                List.of("ZADD", "z", "0.30000000000000004", "a"),
                List.of("ZADD", "z", "1.3", "a"),
                List.of("ZADD", "z", "2", "b"));
        LocalCacheEngine replica = new LocalCacheEngine();
        for (List<String> command : log.commands()) {
            replica.replay(command.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
        }
        List<byte[]> range = List.of("ZRANGE".getBytes(), "z".getBytes(), "0".getBytes(), "-1".getBytes(), "WITHSCORES".getBytes());
        assertThat(replica.execute(range)).isEqualTo(engine.execute(range));
    }

    @Test
    void lexCommandsOnMembersWithDifferentScoresAnswerWithoutFailing() {
        // Redis leaves the result unspecified; it must still be a reply, never an exception
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 2000; i++) {
            run("ZADD", "mixed", Integer.toString(random.nextInt(5)), Character.toString('a' + random.nextInt(8)));
            String min = (random.nextBoolean() ? "[" : "(") + (char) ('a' + random.nextInt(8));
            String max = (random.nextBoolean() ? "[" : "(") + (char) ('a' + random.nextInt(8));
            assertThat(run("ZLEXCOUNT", "mixed", min, max)).isInstanceOf(Reply.Int.class);
            assertThat(run("ZRANGEBYLEX", "mixed", min, max)).isInstanceOf(Reply.Array.class);
            assertThat(run("ZREVRANGEBYLEX", "mixed", max, min)).isInstanceOf(Reply.Array.class);
        }
    }
}
