package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.infraplatform.cache.engine.EngineCommands.array;
import static dev.infraplatform.cache.engine.EngineCommands.texts;
import static org.assertj.core.api.Assertions.assertThat;

class HashCommandsTest {

    private final LocalCacheEngine engine = new LocalCacheEngine();

    private Reply run(String... args) {
        return EngineCommands.run(engine, args);
    }

    @Test
    void setGetAndListingsInInsertionOrder() {
        assertThat(run("HSET", "h", "a", "1", "b", "2")).isEqualTo(Reply.integer(2));
        assertThat(run("HSET", "h", "a", "10", "c", "3")).isEqualTo(Reply.ONE);
        assertThat(run("HGET", "h", "a")).isEqualTo(Reply.bulk("10"));
        assertThat(run("HGET", "h", "zz")).isEqualTo(Reply.NIL);
        assertThat(run("HGET", "missing", "a")).isEqualTo(Reply.NIL);
        assertThat(run("HMGET", "h", "a", "zz", "c")).isEqualTo(Reply.array(List.of(Reply.bulk("10"), Reply.NIL, Reply.bulk("3"))));
        assertThat(run("HMGET", "missing", "a")).isEqualTo(Reply.array(List.of(Reply.NIL)));
        assertThat(run("HGETALL", "h")).isEqualTo(array("a", "10", "b", "2", "c", "3"));
        assertThat(run("HKEYS", "h")).isEqualTo(array("a", "b", "c"));
        assertThat(run("HVALS", "h")).isEqualTo(array("10", "2", "3"));
        assertThat(run("HGETALL", "missing")).isEqualTo(array());
        assertThat(run("HLEN", "h")).isEqualTo(Reply.integer(3));
        assertThat(run("HLEN", "missing")).isEqualTo(Reply.ZERO);
        assertThat(run("HEXISTS", "h", "b")).isEqualTo(Reply.ONE);
        assertThat(run("HEXISTS", "h", "zz")).isEqualTo(Reply.ZERO);
        assertThat(run("HSTRLEN", "h", "a")).isEqualTo(Reply.integer(2));
        assertThat(run("HSTRLEN", "h", "zz")).isEqualTo(Reply.ZERO);
        assertThat(run("HSETNX", "h", "a", "x")).isEqualTo(Reply.ZERO);
        assertThat(run("HSETNX", "h", "d", "4")).isEqualTo(Reply.ONE);
        assertThat(run("HSETNX", "new", "f", "v")).isEqualTo(Reply.ONE);
        assertThat(run("HMSET", "h", "e", "5")).isEqualTo(Reply.OK);
        assertThat(run("TYPE", "h")).isEqualTo(new Reply.SimpleString("hash"));
    }

    @Test
    void oddFieldValuePairsAreAWrongArity() {
        assertThat(run("HSET", "h", "a", "1", "b")).isEqualTo(Reply.error("ERR wrong number of arguments for 'hset' command"));
        assertThat(run("HSET", "h", "a")).isEqualTo(Reply.error("ERR wrong number of arguments for 'hset' command"));
        assertThat(run("HMSET", "h", "a", "1", "b")).isEqualTo(Reply.error("ERR wrong number of arguments for 'hmset' command"));
        assertThat(run("EXISTS", "h")).isEqualTo(Reply.ZERO);
    }

    @Test
    void deletingTheLastFieldDeletesTheKeyButKeepsTheTtlBefore() {
        run("HSET", "h", "a", "1", "b", "2");
        run("EXPIRE", "h", "100");
        run("HSET", "h", "c", "3");
        assertThat(run("TTL", "h")).isEqualTo(Reply.integer(100));
        assertThat(run("HDEL", "h", "a", "zz", "a")).isEqualTo(Reply.ONE);
        assertThat(run("HDEL", "h", "b", "c")).isEqualTo(Reply.integer(2));
        assertThat(run("EXISTS", "h")).isEqualTo(Reply.ZERO);
        assertThat(run("TYPE", "h")).isEqualTo(new Reply.SimpleString("none"));
        assertThat(run("HDEL", "h", "a")).isEqualTo(Reply.ZERO);
    }

    @Test
    void wrongTypeBothWays() {
        run("SET", "s", "v");
        run("HSET", "h", "f", "v");
        for (String[] command : new String[][] {
                {"HSET", "s", "f", "v"}, {"HGET", "s", "f"}, {"HMGET", "s", "f"}, {"HGETALL", "s"}, {"HDEL", "s", "f"},
                {"HLEN", "s"}, {"HKEYS", "s"}, {"HVALS", "s"}, {"HEXISTS", "s", "f"}, {"HSTRLEN", "s", "f"},
                {"HSETNX", "s", "f", "v"}, {"HINCRBY", "s", "f", "1"}, {"HINCRBYFLOAT", "s", "f", "1"},
                {"HSCAN", "s", "0"}, {"HRANDFIELD", "s"}, {"HRANDFIELD", "s", "0"},
                {"GET", "h"}, {"INCR", "h"}, {"APPEND", "h", "x"}, {"SADD", "h", "m"}}) {
            assertThat(run(command)).as(String.join(" ", command)).isEqualTo(RedisErrors.WRONG_TYPE);
        }
        assertThat(run("MGET", "h")).isEqualTo(Reply.array(List.of(Reply.NIL)));
        assertThat(run("SET", "h", "now a string")).isEqualTo(Reply.OK);
        assertThat(run("TYPE", "h")).isEqualTo(new Reply.SimpleString("string"));
    }

    @Test
    void hincrbyWithRedisErrors() {
        assertThat(run("HINCRBY", "h", "n", "5")).isEqualTo(Reply.integer(5));
        assertThat(run("HINCRBY", "h", "n", "-7")).isEqualTo(Reply.integer(-2));
        assertThat(run("HGET", "h", "n")).isEqualTo(Reply.bulk("-2"));
        run("HSET", "h", "s", "abc", "big", "9223372036854775807", "padded", " 1");
        assertThat(run("HINCRBY", "h", "s", "1")).isEqualTo(Reply.error("ERR hash value is not an integer"));
        assertThat(run("HINCRBY", "h", "padded", "1")).isEqualTo(Reply.error("ERR hash value is not an integer"));
        assertThat(run("HINCRBY", "h", "big", "1")).isEqualTo(Reply.error("ERR increment or decrement would overflow"));
        assertThat(run("HINCRBY", "h", "big", "-9223372036854775808")).isEqualTo(Reply.integer(-1));
        assertThat(run("HINCRBY", "h", "n", "x")).isEqualTo(RedisErrors.NOT_INTEGER);
        run("SET", "str", "v");
        assertThat(run("HINCRBY", "str", "n", "x")).as("increment checked before type").isEqualTo(RedisErrors.NOT_INTEGER);
        assertThat(run("HINCRBY", "missing", "n", "x")).isEqualTo(RedisErrors.NOT_INTEGER);
        assertThat(run("EXISTS", "missing")).isEqualTo(Reply.ZERO);
    }

    @Test
    void hincrbyfloatIsLoggedAsHsetOfTheResult() {
        RecordingCommandLog log = new RecordingCommandLog();
        engine.attachLog(log);
        run("HINCRBYFLOAT", "h", "f", "1.5");
        run("HINCRBYFLOAT", "h", "f", "x");
        assertThat(log.commands()).containsExactly(List.of("HSET", "h", "f", "1.5"));
    }

    @Test
    void hincrbyfloatReadsNumbersAsRedisDoes() {
        assertThat(run("HINCRBYFLOAT", "h", "f", "10.5")).isEqualTo(Reply.bulk("10.5"));
        assertThat(run("HINCRBYFLOAT", "h", "f", "0.1")).isEqualTo(Reply.bulk("10.6"));
        assertThat(run("HINCRBYFLOAT", "h", "f", "-5.6")).isEqualTo(Reply.bulk("5"));
        assertThat(run("HINCRBYFLOAT", "h", "f", "1e2")).isEqualTo(Reply.bulk("105"));
        assertThat(run("HINCRBYFLOAT", "h", "f", "0x1.8p1")).isEqualTo(Reply.bulk("108"));
        assertThat(run("HINCRBYFLOAT", "h", "f", ".5")).isEqualTo(Reply.bulk("108.5"));
        assertThat(run("HGET", "h", "f")).isEqualTo(Reply.bulk("108.5"));
        assertThat(run("HINCRBYFLOAT", "h", "f", "abc")).isEqualTo(RedisErrors.NOT_FLOAT);
        assertThat(run("HINCRBYFLOAT", "h", "f", "nan")).isEqualTo(RedisErrors.NOT_FLOAT);
        assertThat(run("HINCRBYFLOAT", "h", "f", " 1")).isEqualTo(RedisErrors.NOT_FLOAT);
        assertThat(run("HINCRBYFLOAT", "h", "f", "1e5000")).isEqualTo(RedisErrors.NOT_FLOAT);
        assertThat(run("HINCRBYFLOAT", "h", "f", "1e999999999")).isEqualTo(RedisErrors.NOT_FLOAT);
        assertThat(run("HINCRBYFLOAT", "h", "f", "-inf")).isEqualTo(Reply.error("ERR value is NaN or Infinity"));
        run("HSET", "h", "s", "abc", "i", "inf", "hex", "0x10");
        assertThat(run("HINCRBYFLOAT", "h", "s", "1")).isEqualTo(Reply.error("ERR hash value is not a float"));
        assertThat(run("HINCRBYFLOAT", "h", "i", "1")).isEqualTo(Reply.error("ERR increment would produce NaN or Infinity"));
        assertThat(run("HINCRBYFLOAT", "h", "hex", "1")).isEqualTo(Reply.bulk("17"));
        // long double arithmetic, printed with 17 decimals as Redis does
        assertThat(run("HINCRBYFLOAT", "h", "m", "123456.125")).isEqualTo(Reply.bulk("123456.125"));
        assertThat(run("HINCRBYFLOAT", "h", "m", "0.000244140625")).isEqualTo(Reply.bulk("123456.125244140625"));
        assertThat(run("HINCRBYFLOAT", "h", "d", "0.1")).isEqualTo(Reply.bulk("0.1"));
        assertThat(run("HINCRBYFLOAT", "h", "d", "0.2")).isEqualTo(Reply.bulk("0.3"));
        assertThat(run("HINCRBYFLOAT", "h", "e", "1234567890.123456789012")).isEqualTo(Reply.bulk("1234567890.12345678906422108"));
        assertThat(run("HINCRBYFLOAT", "h", "tiny", "-1e-18")).isEqualTo(Reply.bulk("0"));
        assertThat(run("HINCRBYFLOAT", "h", "tie", "0x1p-18")).isEqualTo(Reply.bulk("0.00000381469726562"));
        run("HSET", "h", "int", "9223372036854775802");
        assertThat(run("HINCRBYFLOAT", "h", "int", "1")).isEqualTo(Reply.bulk("9223372036854775803"));
        assertThat(run("HINCRBYFLOAT", "h", "max", "1.1e4932")).isInstanceOf(Reply.Bulk.class);
        assertThat(run("HINCRBYFLOAT", "h", "max", "1.1e4932")).isEqualTo(Reply.error("ERR increment would produce NaN or Infinity"));
    }

    @Test
    void hscanReturnsEveryFieldAndValueAtOnce() {
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            run("HSET", "h", "field:" + i, "v" + i);
            expected.put("field:" + i, "v" + i);
        }
        run("HSET", "h", "other", "x");
        Reply.Array page = (Reply.Array) run("HSCAN", "h", "0", "MATCH", "field:*", "COUNT", "10");
        assertThat(page.items().get(0)).isEqualTo(Reply.bulk("0"));
        List<String> flat = texts(page.items().get(1));
        Map<String, String> scanned = new HashMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            scanned.put(flat.get(i), flat.get(i + 1));
        }
        assertThat(flat).hasSize(600);
        assertThat(scanned).isEqualTo(expected);
        assertThat(texts(((Reply.Array) run("HSCAN", "h", "0")).items().get(1))).hasSize(602);
        Reply emptyScan = Reply.array(List.of(Reply.bulk("0"), array()));
        assertThat(run("HSCAN", "missing", "0", "COUNT", "0")).isEqualTo(emptyScan);
        assertThat(run("HSCAN", "h", "x")).isEqualTo(Reply.error("ERR invalid cursor"));
        assertThat(run("HSCAN", "missing", "x")).isEqualTo(Reply.error("ERR invalid cursor"));
        assertThat(run("HSCAN", "h", "18446744073709551616")).isEqualTo(Reply.error("ERR invalid cursor"));
        assertThat(run("HSCAN", "h", "0", "COUNT", "0")).isEqualTo(RedisErrors.SYNTAX);
        assertThat(run("HSCAN", "h", "0", "COUNT")).isEqualTo(RedisErrors.SYNTAX);
        assertThat(run("HSCAN", "h", "0", "COUNT", "x")).isEqualTo(RedisErrors.NOT_INTEGER);
        assertThat(run("HSCAN", "h", "0", "TYPE", "string")).isEqualTo(RedisErrors.SYNTAX);
    }

    @Test
    void hrandfieldCounts() {
        run("HSET", "h", "a", "1", "b", "2", "c", "3");
        assertThat(run("HRANDFIELD", "h")).isIn(Reply.bulk("a"), Reply.bulk("b"), Reply.bulk("c"));
        assertThat(run("HRANDFIELD", "missing")).isEqualTo(Reply.NIL);
        assertThat(run("HRANDFIELD", "missing", "3")).isEqualTo(array());
        assertThat(run("HRANDFIELD", "h", "0")).isEqualTo(array());
        assertThat(texts(run("HRANDFIELD", "h", "2"))).hasSize(2).doesNotHaveDuplicates().isSubsetOf("a", "b", "c");
        assertThat(texts(run("HRANDFIELD", "h", "10"))).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(texts(run("HRANDFIELD", "h", "-20"))).hasSize(20).isSubsetOf("a", "b", "c");
        List<String> pairs = texts(run("HRANDFIELD", "h", "-5", "WITHVALUES"));
        assertThat(pairs).hasSize(10);
        for (int i = 0; i < pairs.size(); i += 2) {
            assertThat(run("HGET", "h", pairs.get(i))).isEqualTo(Reply.bulk(pairs.get(i + 1)));
        }
        assertThat(run("HRANDFIELD", "h", "1", "VALUES")).isEqualTo(RedisErrors.SYNTAX);
        assertThat(run("HRANDFIELD", "h", "x")).isEqualTo(RedisErrors.NOT_INTEGER);
        assertThat(run("HRANDFIELD", "h", "-9223372036854775808")).isEqualTo(Reply.error(
                "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"));
        assertThat(run("HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES")).isEqualTo(Reply.error("ERR value is out of range"));
    }
}
