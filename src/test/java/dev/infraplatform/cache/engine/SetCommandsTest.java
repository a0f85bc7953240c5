package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.infraplatform.cache.engine.EngineCommands.array;
import static dev.infraplatform.cache.engine.EngineCommands.texts;
import static org.assertj.core.api.Assertions.assertThat;

class SetCommandsTest {

    private final LocalCacheEngine engine = new LocalCacheEngine();

    private Reply run(String... args) {
        return EngineCommands.run(engine, args);
    }

    private List<String> members(String key) {
        return texts(run("SMEMBERS", key));
    }

    @Test
    void membership() {
        assertThat(run("SADD", "s", "a", "b", "a")).isEqualTo(Reply.integer(2));
        assertThat(run("SADD", "s", "b", "c")).isEqualTo(Reply.ONE);
        assertThat(members("s")).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(run("SMEMBERS", "missing")).isEqualTo(array());
        assertThat(run("SCARD", "s")).isEqualTo(Reply.integer(3));
        assertThat(run("SCARD", "missing")).isEqualTo(Reply.ZERO);
        assertThat(run("SISMEMBER", "s", "a")).isEqualTo(Reply.ONE);
        assertThat(run("SISMEMBER", "s", "z")).isEqualTo(Reply.ZERO);
        assertThat(run("SMISMEMBER", "s", "a", "z", "c")).isEqualTo(Reply.array(List.of(Reply.ONE, Reply.ZERO, Reply.ONE)));
        assertThat(run("SMISMEMBER", "missing", "a", "b")).isEqualTo(Reply.array(List.of(Reply.ZERO, Reply.ZERO)));
        assertThat(run("TYPE", "s")).isEqualTo(new Reply.SimpleString("set"));
    }

    @Test
    void removingTheLastMemberDeletesTheKey() {
        run("SADD", "s", "a", "b", "c");
        assertThat(run("SREM", "s", "a", "z")).isEqualTo(Reply.ONE);
        assertThat(members("s")).containsExactlyInAnyOrder("b", "c");
        assertThat(run("SREM", "s", "b", "c", "b")).isEqualTo(Reply.integer(2));
        assertThat(run("EXISTS", "s")).isEqualTo(Reply.ZERO);
        assertThat(run("SREM", "s", "a")).isEqualTo(Reply.ZERO);
        run("SADD", "p", "only");
        assertThat(run("SPOP", "p")).isEqualTo(Reply.bulk("only"));
        assertThat(run("EXISTS", "p")).isEqualTo(Reply.ZERO);
        run("SADD", "p", "x", "y");
        assertThat(texts(run("SPOP", "p", "5"))).containsExactlyInAnyOrder("x", "y");
        assertThat(run("EXISTS", "p")).isEqualTo(Reply.ZERO);
    }

    @Test
    void wrongTypeBothWays() {
        run("SET", "str", "v");
        run("SADD", "s", "m");
        for (String[] command : new String[][] {
                {"SADD", "str", "m"}, {"SREM", "str", "m"}, {"SMEMBERS", "str"}, {"SISMEMBER", "str", "m"},
                {"SMISMEMBER", "str", "m"}, {"SCARD", "str"}, {"SPOP", "str"}, {"SPOP", "str", "0"},
                {"SRANDMEMBER", "str"}, {"SRANDMEMBER", "str", "0"}, {"SSCAN", "str", "0"},
                {"SINTER", "s", "str"}, {"SINTER", "missing", "str"}, {"SUNION", "s", "str"}, {"SDIFF", "missing", "str"},
                {"SINTERSTORE", "d", "missing", "str"}, {"SUNIONSTORE", "d", "str"}, {"SDIFFSTORE", "d", "s", "str"},
                {"SINTERCARD", "2", "missing", "str"}, {"SMOVE", "s", "str", "m"}, {"SMOVE", "str", "s", "m"},
                {"GET", "s"}, {"INCR", "s"}, {"HSET", "s", "f", "v"}, {"LPUSH", "s", "x"}}) {
            assertThat(run(command)).as(String.join(" ", command)).isEqualTo(RedisErrors.WRONG_TYPE);
        }
        assertThat(run("EXISTS", "d")).isEqualTo(Reply.ZERO);
        assertThat(run("SMOVE", "missing", "str", "m")).as("missing source answers before the type check").isEqualTo(Reply.ZERO);
    }

    @Test
    void algebraTreatsMissingKeysAsEmptySets() {
        run("SADD", "a", "1", "2", "3", "4");
        run("SADD", "b", "3", "4", "5");
        run("SADD", "c", "4", "6");
        assertThat(texts(run("SINTER", "a", "b"))).containsExactlyInAnyOrder("3", "4");
        assertThat(texts(run("SINTER", "a", "b", "c"))).containsExactly("4");
        assertThat(run("SINTER", "a", "missing")).isEqualTo(array());
        assertThat(texts(run("SINTER", "a"))).containsExactlyInAnyOrder("1", "2", "3", "4");
        assertThat(texts(run("SUNION", "a", "missing", "c"))).containsExactlyInAnyOrder("1", "2", "3", "4", "6");
        assertThat(texts(run("SDIFF", "a", "b", "missing"))).containsExactlyInAnyOrder("1", "2");
        assertThat(run("SDIFF", "missing", "a")).isEqualTo(array());
        assertThat(run("SINTERCARD", "2", "a", "b")).isEqualTo(Reply.integer(2));
        assertThat(run("SINTERCARD", "2", "a", "b", "LIMIT", "1")).isEqualTo(Reply.ONE);
        assertThat(run("SINTERCARD", "1", "a", "LIMIT", "0")).isEqualTo(Reply.integer(4));
        assertThat(run("SINTERCARD", "2", "a", "missing")).isEqualTo(Reply.ZERO);
        assertThat(run("SINTERCARD", "0", "a")).isEqualTo(Reply.error("ERR numkeys should be greater than 0"));
        assertThat(run("SINTERCARD", "x", "a")).isEqualTo(Reply.error("ERR numkeys should be greater than 0"));
        assertThat(run("SINTERCARD", "3", "a", "b")).isEqualTo(Reply.error("ERR Number of keys can't be greater than number of args"));
        assertThat(run("SINTERCARD", "1", "a", "b")).isEqualTo(RedisErrors.SYNTAX);
        assertThat(run("SINTERCARD", "1", "a", "LIMIT")).isEqualTo(RedisErrors.SYNTAX);
        assertThat(run("SINTERCARD", "1", "a", "LIMIT", "-1")).isEqualTo(Reply.error("ERR LIMIT can't be negative"));
    }

    @Test
    void storeVariantsReplaceTheDestinationOrDeleteIt() {
        run("SADD", "a", "1", "2", "3");
        run("SADD", "b", "2", "3", "4");
        run("SET", "d", "a string");
        run("EXPIRE", "d", "100");
        assertThat(run("SINTERSTORE", "d", "a", "b")).isEqualTo(Reply.integer(2));
        assertThat(members("d")).containsExactlyInAnyOrder("2", "3");
        assertThat(run("TTL", "d")).as("the destination is a new key").isEqualTo(Reply.integer(-1));
        assertThat(run("SUNIONSTORE", "d", "a", "b")).isEqualTo(Reply.integer(4));
        assertThat(run("SDIFFSTORE", "d", "a", "b")).isEqualTo(Reply.ONE);
        assertThat(members("d")).containsExactly("1");
        assertThat(run("SUNIONSTORE", "a", "a", "b")).as("a source can be the destination").isEqualTo(Reply.integer(4));
        assertThat(members("a")).containsExactlyInAnyOrder("1", "2", "3", "4");
        assertThat(run("SUNIONSTORE", "copy", "b")).isEqualTo(Reply.integer(3));
        run("SADD", "copy", "new");
        assertThat(run("SCARD", "b")).as("a stored result shares nothing with its sources").isEqualTo(Reply.integer(3));
        assertThat(run("SINTERSTORE", "d", "a", "missing")).isEqualTo(Reply.ZERO);
        assertThat(run("EXISTS", "d")).isEqualTo(Reply.ZERO);
        run("SET", "d", "v");
        assertThat(run("SDIFFSTORE", "d", "b", "a")).isEqualTo(Reply.ZERO);
        assertThat(run("EXISTS", "d")).isEqualTo(Reply.ZERO);
        assertThat(run("SINTERSTORE", "d", "missing")).isEqualTo(Reply.ZERO);
        assertThat(run("EXISTS", "d")).isEqualTo(Reply.ZERO);
    }

    @Test
    void smove() {
        run("SADD", "from", "a", "b");
        assertThat(run("SMOVE", "from", "to", "a")).isEqualTo(Reply.ONE);
        assertThat(run("SMOVE", "from", "to", "zz")).isEqualTo(Reply.ZERO);
        assertThat(run("SMOVE", "from", "from", "b")).isEqualTo(Reply.ONE);
        assertThat(run("SMOVE", "from", "from", "zz")).isEqualTo(Reply.ZERO);
        assertThat(run("SMOVE", "from", "to", "b")).isEqualTo(Reply.ONE);
        assertThat(run("EXISTS", "from")).isEqualTo(Reply.ZERO);
        assertThat(members("to")).containsExactlyInAnyOrder("a", "b");
        assertThat(run("SMOVE", "missing", "to", "a")).isEqualTo(Reply.ZERO);
    }

    @Test
    void popAndRandomMemberCounts() {
        for (int i = 0; i < 100; i++) {
            run("SADD", "s", "m" + i);
        }
        Set<String> all = new HashSet<>(members("s"));
        List<String> popped = texts(run("SPOP", "s", "30"));
        assertThat(popped).hasSize(30).doesNotHaveDuplicates().isSubsetOf(all);
        assertThat(run("SCARD", "s")).isEqualTo(Reply.integer(70));
        for (String member : popped) {
            assertThat(run("SISMEMBER", "s", member)).isEqualTo(Reply.ZERO);
        }
        Reply one = run("SPOP", "s");
        assertThat(all).contains(new String(((Reply.Bulk) one).value(), StandardCharsets.UTF_8));
        assertThat(run("SCARD", "s")).isEqualTo(Reply.integer(69));
        assertThat(run("SPOP", "s", "0")).isEqualTo(array());
        assertThat(run("SPOP", "missing")).isEqualTo(Reply.NIL);
        assertThat(run("SPOP", "missing", "3")).isEqualTo(array());
        assertThat(run("SPOP", "s", "-1")).isEqualTo(Reply.error("ERR value is out of range, must be positive"));
        assertThat(run("SPOP", "s", "x")).isEqualTo(Reply.error("ERR value is out of range, must be positive"));
        assertThat(run("SPOP", "s", "1", "2")).isEqualTo(RedisErrors.SYNTAX);

        assertThat(texts(run("SRANDMEMBER", "s", "60"))).hasSize(60).doesNotHaveDuplicates().isSubsetOf(all);
        assertThat(texts(run("SRANDMEMBER", "s", "5"))).hasSize(5).doesNotHaveDuplicates().isSubsetOf(all);
        assertThat(texts(run("SRANDMEMBER", "s", "1000"))).hasSize(69).doesNotHaveDuplicates();
        run("SADD", "two", "x", "y");
        assertThat(texts(run("SRANDMEMBER", "two", "-50"))).hasSize(50).isSubsetOf("x", "y");
        assertThat(run("SRANDMEMBER", "two")).isIn(Reply.bulk("x"), Reply.bulk("y"));
        assertThat(run("SCARD", "s")).as("SRANDMEMBER removes nothing").isEqualTo(Reply.integer(69));
        assertThat(run("SRANDMEMBER", "s", "0")).isEqualTo(array());
        assertThat(run("SRANDMEMBER", "missing")).isEqualTo(Reply.NIL);
        assertThat(run("SRANDMEMBER", "missing", "-3")).isEqualTo(array());
        assertThat(run("SRANDMEMBER", "s", "x")).isEqualTo(RedisErrors.NOT_INTEGER);
        assertThat(run("SRANDMEMBER", "s", "1", "2")).isEqualTo(RedisErrors.SYNTAX);
    }

    @Test
    void sscanReturnsEveryMember() {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            run("SADD", "s", "user:" + i);
            expected.add("user:" + i);
        }
        run("SADD", "s", "other");
        Reply.Array page = (Reply.Array) run("SSCAN", "s", "0", "COUNT", "5", "MATCH", "user:*");
        assertThat(page.items().get(0)).isEqualTo(Reply.bulk("0"));
        assertThat(texts(page.items().get(1))).hasSize(500).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        assertThat(run("SSCAN", "missing", "0")).isEqualTo(Reply.array(List.of(Reply.bulk("0"), array())));
        assertThat(run("SSCAN", "s", "-1")).isInstanceOf(Reply.Array.class);
        assertThat(run("SSCAN", "s", "1.5")).isEqualTo(Reply.error("ERR invalid cursor"));
        assertThat(run("SSCAN", "s", "0", "NOVALUES")).isEqualTo(RedisErrors.SYNTAX);
    }

    @Test
    void spopIsLoggedAsTheRemovalOfWhatItPopped() {
        RecordingCommandLog log = new RecordingCommandLog();
        engine.attachLog(log);
        run("SADD", "s", "a", "b", "c", "d");
        String one = new String(((Reply.Bulk) run("SPOP", "s")).value(), StandardCharsets.UTF_8);
        List<String> two = texts(run("SPOP", "s", "2"));
        run("SPOP", "s", "5");
        run("SPOP", "s");
        assertThat(log.commands()).containsExactly(
                List.of("SADD", "s", "a", "b", "c", "d"),
                List.of("SREM", "s", one),
                List.of("SREM", "s", two.get(0), two.get(1)),
                List.of("DEL", "s"));
    }
}
