package dev.infraplatform.cache.differential;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded random Redis commands over a deliberately tiny keyspace, so that commands collide, keys
 * change type, TTLs get set and cleared, and error paths are hit often.
 *
 * <p><b>Keyspace.</b> {@code k0..k7} take every command. {@code n0} is a quarantined key for 64-bit
 * overflow tests: only SET (with values at the edges of the signed 64-bit range), INCR, DECR,
 * INCRBY, DECRBY (with huge increments), GET, GETDEL, STRLEN, TYPE, EXISTS, DEL, TTL, EXPIRE and
 * KEYS touch it; it never feeds INCRBYFLOAT, APPEND, SETRANGE or RENAME, so huge integers never
 * reach a float operation (see below).
 *
 * <p><b>Floats: exactly representable values, compared byte for byte.</b> Redis computes
 * INCRBYFLOAT in x87 80-bit {@code long double} and prints it with {@code %.17Lf} trimmed, so a
 * 64-bit {@code double} engine legitimately rounds differently on, e.g., {@code 0.1 + 0.2} (redis:
 * {@code 0.3}) or {@code 9976.55 + 0.5} (redis: {@code 9977.04999999999999982}). To keep the
 * comparison exact (no tolerance, so formatting differences such as {@code 3.0} vs {@code 3} or
 * {@code 1.0E1} vs {@code 10} are still caught) every number that can reach INCRBYFLOAT is a
 * multiple of 0.25 of modest magnitude:
 * <ul>
 *   <li>stored values and float increments are such numbers (exponent forms like {@code 1e1} only
 *       as increments: a stored {@code 1e1} could grow into {@code 1e100} by APPEND "0");</li>
 *   <li>INCRBY/DECRBY increments on {@code k*} keys are small integers (|n| ≤ 1000);</li>
 *   <li>APPEND only adds {@code "0"}, {@code "."}, {@code ".5"} or non-numeric text, so it can make
 *       {@code 10 → 100}, {@code 10 → 10.5}, {@code 3.5 → 3.50}, but never a new non-zero digit
 *       after the point; SETRANGE writes no digits and no dots at all;</li>
 *   <li>binary and long values contain no digits, dots or {@code e}.</li>
 * </ul>
 * So every number is exact in both {@code double} and {@code long double} (only ~20 APPEND "0" in a
 * row on one key could exceed 10^22; far too unlikely to matter).
 *
 * <p><b>Time.</b> Every positive TTL is ≥ 1000 s (≥ 1,000,000 ms), so nothing expires while the
 * test runs; zero and negative EXPIRE/PEXPIRE times are generated too (they delete the key at
 * once, deterministically). PTTL, RANDOMKEY, SCAN, INFO and TIME are never generated: their replies
 * legitimately differ between two servers.
 *
 * <p><b>Other types.</b> HSET, LPUSH and SADD are generated only when the engine under test knows
 * them (the caller probes that once), to turn keys into non-strings and provoke WRONGTYPE.
 *
 * <p><b>Sorted sets.</b> ZADD (every flag combination, including the invalid ones), ZINCRBY, ZREM,
 * ZSCORE, ZMSCORE, ZCARD, ZCOUNT, ZRANK, ZREVRANK, ZRANGE (by rank, BYSCORE, BYLEX, REV, LIMIT,
 * WITHSCORES), ZREVRANGE, ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX, ZREVRANGEBYLEX, ZLEXCOUNT,
 * ZREMRANGEBYRANK/SCORE/LEX, ZPOPMIN and ZPOPMAX over members {@code a..f} (and the empty member),
 * mostly on {@code z0..z2}, which other commands only read, delete or expire (DEL, EXISTS, TYPE,
 * TTL, EXPIRE, GETDEL, …), so that they hold sorted sets most of the time. The lex commands run
 * only on {@link #LEX_KEY}, whose scores are all 0.
 *
 * <p>Scores: the redis-server on the test machines may be 7.0, which prints scores with
 * {@code %.17g} ({@code 0.1} comes back as {@code 0.10000000000000001}), while the engine prints
 * Redis 7.2's shortest round-trip form ({@code 0.1}). Both print the same digits for a double that
 * is a multiple of 1/4 of modest magnitude, so every score argument is an integer or a multiple of
 * 0.25 within ±1e6 (sometimes spelled {@code 1e3}, {@code 0x10}, {@code .5}, {@code -0}), or
 * {@code ±inf}, and every sum ZINCRBY or ZADD INCR makes of them stays such a number. Range bounds
 * may be anything ({@code (1.5}, {@code 0.1}, {@code abc}): they are never printed.
 */
public final class CommandGenerator {

    public static final List<String> KEYS = List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7");
    public static final String BIG_KEY = "n0";
    /** Keys mostly for sorted sets: the sorted-set commands use them (and k0..k7 now and then, for WRONGTYPE). */
    public static final List<String> ZSET_KEYS = List.of("z0", "z1", "z2");
    /**
     * The key of the lex commands: a sorted set whose scores are all 0. Redis leaves lex ranges
     * over different scores unspecified (and answers them with a different algorithm for small
     * and large sets), so no lex command runs on any other sorted set.
     */
    public static final String LEX_KEY = "zl";
    public static final List<String> ALL_KEYS = List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", BIG_KEY,
            "z0", "z1", "z2", LEX_KEY);

    /** Values stored by SET, MSET, GETSET, SETNX, SETEX, PSETEX, HSET, LPUSH, SADD. */
    private static final String[] VALUES = {
            "10", "-3", "3.5", "abc", "", "0", "100", "-2.25", "3.0", "hello", "x y",
            // Integer-parsing edge cases (Redis: not integers; floats for INCRBYFLOAT except " 1").
            "007", "+5", "-0", " 1", "1 ",
            "inf", "nan", "0.5",
    };
    /** Appended: see the class comment for why these and only these digits. */
    private static final String[] APPEND_PATCHES = {"abc", "", "x", "zz", "0", "-", ".5", "."};
    /** SETRANGE'd: no digits, no dots (overwriting inside a number could make any decimal). */
    private static final String[] SETRANGE_PATCHES = {"abc", "", "x", "zz", "-", "Q"};
    private static final String[] INCREMENTS = {
            "1", "-1", "0", "5", "-7", "100", "-100", "1000",
            "abc", "3.5", "", "+5", "007", "-0", " 1", "1e1",
    };
    private static final String[] FLOAT_INCREMENTS = {
            "0.5", "-0.25", "1.5", "3", "-2", "0", "1e1", "10.5", "-3.5", "+1.5", "5e-1", "-0.0",
            "abc", "", "inf", "-inf", "nan", " 1", "1 ", "1,5", "0.5.5",
    };
    private static final String[] BIG_VALUES = {
            "9223372036854775807", "-9223372036854775808", "9223372036854775806", "-9223372036854775807",
            "9223372036854775808", "-9223372036854775809", "0", "10", "-1", "abc",
    };
    private static final String[] BIG_INCREMENTS = {
            "1", "-1", "100", "-100", "9223372036854775807", "-9223372036854775808", "-9223372036854775807",
            "9223372036854775808", "-9223372036854775809", "4611686018427387904",
    };
    private static final String[] BAD_NUMBERS = {"0", "-5", "abc", "1.5", "", "9223372036854775807", "-9223372036854775808", "99999999999999999999"};
    private static final String[] PATTERNS = {
            "*", "k[0-3]", "k?", "*1", "k[^0-3]", "k[3-1]", "n*", "?0", "k*", "[a-z]?", "nomatch*", "k\\*",
            "*[57]", "k[0-9]", "K*", "[kn][0-1]", "",
    };
    private static final String[] UNKNOWN = {"FOOBAR", "GETT", "SETX", "XYZZY", "INCRBYDOUBLE", ""};

    private enum Op {
        SET(14), GET(8), GETSET(2), GETDEL(2), MGET(3), MSET(3), SETNX(2), SETEX(2), PSETEX(2),
        INCR(3), INCRBY(3), INCRBYFLOAT(4), DECR(2), DECRBY(2), APPEND(4), STRLEN(2),
        GETRANGE(3), SETRANGE(3), DEL(3), EXISTS(3), TYPE(3), RENAME(2), EXPIRE(4), PEXPIRE(2),
        PERSIST(2), TTL(5), DBSIZE(1), KEYS(2), BIG(6), HSET(2), LPUSH(2), SADD(2), WRONG_ARITY(3),
        UNKNOWN_COMMAND(1),
        // lists, hashes and sets beyond the commands that create them (only when the engine knows the type)
        RPUSH(2), LPOP(1), RPOP(1), LLEN(1), LRANGE(2), LINDEX(1), LREM(1), LTRIM(1), LSET(1), LINSERT(1),
        LMOVE(1), BLMOVE(1),
        HGET(2), HDEL(1), HLEN(1), HEXISTS(1), HINCRBY(1), HMGET(1), HGETALL(1),
        SREM(1), SISMEMBER(1), SCARD(1), SMISMEMBER(1),
        // sorted sets (the engine has them)
        ZADD(16), ZINCRBY(3), ZREM(2), ZSCORE(2), ZMSCORE(1), ZCARD(1), ZCOUNT(2), ZRANK(2), ZRANGE(5),
        ZREVRANGE(1), ZRANGEBYSCORE(2), ZRANGEBYLEX(2), ZLEXCOUNT(1), ZREMRANGEBYRANK(1), ZREMRANGEBYSCORE(1),
        ZREMRANGEBYLEX(1), ZPOP(2), ZADD_LEX(5);

        final int weight;

        Op(int weight) {
            this.weight = weight;
        }
    }

    /** Fixed (non-negative) argument counts, for wrong-arity calls; variadic ones are special-cased. */
    private static final Object[][] ARITY = {
            {"GET", 1}, {"GETSET", 2}, {"GETDEL", 1}, {"SETNX", 2}, {"SETEX", 3}, {"PSETEX", 3},
            {"INCR", 1}, {"INCRBY", 2}, {"INCRBYFLOAT", 2}, {"DECR", 1}, {"DECRBY", 2}, {"APPEND", 2},
            {"STRLEN", 1}, {"GETRANGE", 3}, {"SETRANGE", 3}, {"TYPE", 1}, {"RENAME", 2}, {"PERSIST", 1},
            {"TTL", 1}, {"DBSIZE", 0}, {"KEYS", 1},
    };

    private final Random random;
    private final boolean hashes;
    private final boolean lists;
    private final boolean sets;
    private final Op[] table;

    /**
     * @param hashes whether to generate HSET (the engine knows it)
     * @param lists  whether to generate LPUSH
     * @param sets   whether to generate SADD
     */
    public CommandGenerator(long seed, boolean hashes, boolean lists, boolean sets) {
        this.random = new Random(seed);
        this.hashes = hashes;
        this.lists = lists;
        this.sets = sets;
        List<Op> weighted = new ArrayList<>();
        for (Op op : Op.values()) {
            if ((isHashOp(op) && !hashes) || (isListOp(op) && !lists) || (isSetOp(op) && !sets)) {
                continue;
            }
            for (int i = 0; i < op.weight; i++) {
                weighted.add(op);
            }
        }
        this.table = weighted.toArray(Op[]::new);
    }

    /** The next random command, as the argument vector a client would send. */
    public List<byte[]> next() {
        Op op = table[random.nextInt(table.length)];
        Cmd c = switch (op) {
            case SET -> set();
            case GET -> cmd("GET").key();
            case GETSET -> cmd("GETSET").key().value();
            case GETDEL -> cmd("GETDEL").anyKey();
            case MGET -> {
                Cmd m = cmd("MGET");
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    m.anyKey();
                }
                yield m;
            }
            case MSET -> {
                Cmd m = cmd("MSET");
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    m.key().value();
                }
                yield m;
            }
            case SETNX -> cmd("SETNX").key().value();
            case SETEX -> cmd("SETEX").key().arg(seconds()).value();
            case PSETEX -> cmd("PSETEX").key().arg(millis()).value();
            case INCR -> cmd("INCR").key();
            case DECR -> cmd("DECR").key();
            case INCRBY -> cmd("INCRBY").key().arg(pick(INCREMENTS));
            case DECRBY -> cmd("DECRBY").key().arg(pick(INCREMENTS));
            case INCRBYFLOAT -> cmd("INCRBYFLOAT").key().arg(pick(FLOAT_INCREMENTS));
            case APPEND -> cmd("APPEND").key().arg(patch(APPEND_PATCHES));
            case STRLEN -> cmd("STRLEN").anyKey();
            case GETRANGE -> cmd("GETRANGE").key().arg(rangeIndex()).arg(rangeIndex());
            case SETRANGE -> cmd("SETRANGE").key().arg(offset()).arg(patch(SETRANGE_PATCHES));
            case DEL -> multiKey("DEL");
            case EXISTS -> multiKey("EXISTS");
            case TYPE -> cmd("TYPE").anyKey();
            case RENAME -> cmd("RENAME").key().key();
            case EXPIRE -> expire("EXPIRE", seconds(), false);
            case PEXPIRE -> expire("PEXPIRE", millis(), true);
            case PERSIST -> cmd("PERSIST").key();
            case TTL -> cmd("TTL").anyKey();
            case DBSIZE -> cmd("DBSIZE");
            case KEYS -> cmd("KEYS").arg(pick(PATTERNS));
            case BIG -> big();
            case HSET -> {
                Cmd h = cmd("HSET").key();
                int n = 1 + random.nextInt(2);
                for (int i = 0; i < n; i++) {
                    h.arg("f" + random.nextInt(3)).value();
                }
                yield h;
            }
            case LPUSH -> cmd("LPUSH").key().value();
            case SADD -> cmd("SADD").key().value();
            case RPUSH -> cmd("RPUSH").key().value().value();
            case LPOP -> random.nextBoolean() ? cmd("LPOP").key() : cmd("LPOP").key().arg(Integer.toString(random.nextInt(4)));
            case RPOP -> random.nextBoolean() ? cmd("RPOP").key() : cmd("RPOP").key().arg(Integer.toString(random.nextInt(4)));
            case LLEN -> cmd("LLEN").key();
            case LRANGE -> cmd("LRANGE").key().arg(smallIndex()).arg(smallIndex());
            case LINDEX -> cmd("LINDEX").key().arg(smallIndex());
            case LREM -> cmd("LREM").key().arg(Integer.toString(random.nextInt(5) - 2)).value();
            case LTRIM -> cmd("LTRIM").key().arg(smallIndex()).arg(smallIndex());
            case LSET -> cmd("LSET").key().arg(smallIndex()).value();
            case LINSERT -> cmd("LINSERT").key().arg(random.nextBoolean() ? "BEFORE" : "AFTER").value().value();
            case LMOVE -> cmd("LMOVE").key().key().arg(side()).arg(side());
            // a short timeout: an empty source makes both servers wait 10 ms and answer nil
            case BLMOVE -> cmd("BLMOVE").key().key().arg(side()).arg(side()).arg("0.01");
            case HGET -> cmd("HGET").key().arg("f" + random.nextInt(3));
            case HDEL -> cmd("HDEL").key().arg("f" + random.nextInt(3));
            case HLEN -> cmd("HLEN").key();
            case HEXISTS -> cmd("HEXISTS").key().arg("f" + random.nextInt(3));
            case HINCRBY -> cmd("HINCRBY").key().arg("f" + random.nextInt(3)).arg(Integer.toString(random.nextInt(11) - 5));
            case HMGET -> cmd("HMGET").key().arg("f" + random.nextInt(3)).arg("f" + random.nextInt(3));
            case HGETALL -> cmd("HGETALL").key();
            case SREM -> cmd("SREM").key().value();
            case SISMEMBER -> cmd("SISMEMBER").key().value();
            case SCARD -> cmd("SCARD").key();
            case SMISMEMBER -> cmd("SMISMEMBER").key().value().value();
            case ZADD -> zadd();
            case ZINCRBY -> cmd("ZINCRBY").zkey().arg(score()).arg(member());
            case ZREM -> cmd("ZREM").zkey().arg(member()).arg(member());
            case ZSCORE -> cmd("ZSCORE").zkey().arg(member());
            case ZMSCORE -> cmd("ZMSCORE").zkey().arg(member()).arg(member());
            case ZCARD -> cmd("ZCARD").zkey();
            case ZCOUNT -> cmd("ZCOUNT").zkey().arg(scoreBound()).arg(scoreBound());
            case ZRANK -> cmd(random.nextBoolean() ? "ZRANK" : "ZREVRANK").zkey().arg(member());
            case ZRANGE -> zrange();
            case ZREVRANGE -> withScores(cmd("ZREVRANGE").zkey().arg(smallIndex()).arg(smallIndex()));
            case ZRANGEBYSCORE -> {
                Cmd z = cmd(random.nextBoolean() ? "ZRANGEBYSCORE" : "ZREVRANGEBYSCORE").zkey()
                        .arg(scoreBound()).arg(scoreBound());
                yield limit(withScores(z));
            }
            case ZADD_LEX -> {
                Cmd z = cmd("ZADD").arg(LEX_KEY);
                if (random.nextInt(4) == 0) {
                    z.arg(cased(pick(new String[] {"NX", "XX", "CH"})));
                }
                int pairs = 1 + random.nextInt(3);
                for (int i = 0; i < pairs; i++) {
                    z.arg("0").arg(member());
                }
                yield z;
            }
            case ZRANGEBYLEX -> limit(cmd(random.nextBoolean() ? "ZRANGEBYLEX" : "ZREVRANGEBYLEX").lexKey()
                    .arg(lexBound()).arg(lexBound()));
            case ZLEXCOUNT -> cmd("ZLEXCOUNT").lexKey().arg(lexBound()).arg(lexBound());
            case ZREMRANGEBYRANK -> cmd("ZREMRANGEBYRANK").zkey().arg(smallIndex()).arg(smallIndex());
            case ZREMRANGEBYSCORE -> cmd("ZREMRANGEBYSCORE").zkey().arg(scoreBound()).arg(scoreBound());
            case ZREMRANGEBYLEX -> cmd("ZREMRANGEBYLEX").lexKey().arg(lexBound()).arg(lexBound());
            case ZPOP -> {
                Cmd z = cmd(random.nextBoolean() ? "ZPOPMIN" : "ZPOPMAX").zkey();
                yield random.nextInt(3) == 0 ? z : z.arg(Integer.toString(random.nextInt(5) - 1));
            }
            case WRONG_ARITY -> wrongArity();
            case UNKNOWN_COMMAND -> {
                Cmd u = new Cmd(pick(UNKNOWN));
                int n = random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    u.key();
                }
                yield u;
            }
        };
        return c.args;
    }

    // ---------------------------------------------------------------------------------------------

    private Cmd set() {
        Cmd c = cmd("SET").key().value();
        int options = switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> 0;
            case 4, 5, 6 -> 1;
            case 7, 8 -> 2;
            default -> 3;
        };
        for (int i = 0; i < options; i++) {
            switch (random.nextInt(8)) {
                case 0 -> c.arg(cased("EX")).arg(seconds());
                case 1 -> c.arg(cased("PX")).arg(millis());
                case 2 -> c.arg(cased("NX"));
                case 3 -> c.arg(cased("XX"));
                case 4 -> c.arg(cased("GET"));
                case 5 -> c.arg(cased("KEEPTTL"));
                case 6 -> c.arg(random.nextBoolean() ? cased("EX") : cased("PX")); // number missing
                default -> c.arg(random.nextInt(4) == 0 ? "BOGUS" : cased("GET"));
            }
        }
        return c;
    }

    private Cmd expire(String name, String time, boolean millis) {
        Cmd c = cmd(name).anyKey().arg(time);
        if (random.nextInt(6) == 0) {
            String[] flags = {"NX", "XX", "GT", "LT", "BOGUS"};
            c.arg(cased(pick(flags)));
            if (random.nextInt(6) == 0) {
                c.arg(cased(pick(flags))); // two flags: mostly an error
            }
        }
        return c;
    }

    /** Commands on the quarantined 64-bit key (see class comment). */
    private Cmd big() {
        return switch (random.nextInt(9)) {
            case 0, 1 -> cmd("SET").arg(BIG_KEY).arg(pick(BIG_VALUES));
            case 2 -> cmd("INCR").arg(BIG_KEY);
            case 3 -> cmd("DECR").arg(BIG_KEY);
            case 4 -> cmd("INCRBY").arg(BIG_KEY).arg(pick(BIG_INCREMENTS));
            case 5 -> cmd("DECRBY").arg(BIG_KEY).arg(pick(BIG_INCREMENTS));
            case 6 -> cmd("GET").arg(BIG_KEY);
            case 7 -> cmd("STRLEN").arg(BIG_KEY);
            default -> cmd("GETDEL").arg(BIG_KEY);
        };
    }

    private Cmd multiKey(String name) {
        Cmd c = cmd(name);
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            c.anyKey(); // duplicates on purpose: EXISTS k0 k0 counts twice
        }
        return c;
    }

    private Cmd wrongArity() {
        switch (random.nextInt(12)) {
            case 0 -> {
                return random.nextBoolean() ? cmd("SET") : cmd("SET").key();
            }
            case 1 -> {
                return cmd(pick(new String[] {"MGET", "DEL", "EXISTS"}));
            }
            case 2 -> {
                return random.nextBoolean() ? cmd("MSET").key() : cmd("MSET").key().value().key();
            }
            case 3 -> {
                return random.nextBoolean() ? cmd("EXPIRE").key() : cmd("PEXPIRE");
            }
            default -> {
                Object[] entry = ARITY[random.nextInt(ARITY.length)];
                int arity = (Integer) entry[1];
                int count = arity == 0 || random.nextBoolean() ? arity + 1 : arity - 1;
                Cmd c = cmd((String) entry[0]);
                for (int i = 0; i < count; i++) {
                    if (i == 0) {
                        c.key();
                    } else {
                        c.value();
                    }
                }
                return c;
            }
        }
    }

    /** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member …: flags in random combinations, some invalid. */
    private Cmd zadd() {
        Cmd c = cmd("ZADD").zkey();
        String[] flags = {"NX", "XX", "GT", "LT", "CH", "INCR"};
        int flagCount = random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0;
        for (int i = 0; i < flagCount; i++) {
            c.arg(cased(pick(flags)));
        }
        int pairs = random.nextInt(3) == 0 ? 2 + random.nextInt(3) : 1;
        for (int i = 0; i < pairs; i++) {
            c.arg(score()).arg(member());
        }
        if (random.nextInt(30) == 0) {
            c.arg(score()); // a score without its member
        }
        return c;
    }

    /** ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES] */
    private Cmd zrange() {
        Cmd c = cmd("ZRANGE");
        int by = random.nextInt(4);
        if (by == 0) {
            c.zkey().arg(scoreBound()).arg(scoreBound()).arg(cased("BYSCORE"));
        } else if (by == 1) {
            c.lexKey().arg(lexBound()).arg(lexBound()).arg(cased("BYLEX"));
        } else {
            c.zkey();
            c.arg(smallIndex()).arg(smallIndex());
        }
        if (random.nextInt(3) == 0) {
            c.arg(cased("REV"));
        }
        if (random.nextInt(4) == 0) {
            c.arg(cased("LIMIT")).arg(Integer.toString(random.nextInt(4) - 1)).arg(Integer.toString(random.nextInt(5) - 1));
        }
        return withScores(c);
    }

    private Cmd withScores(Cmd c) {
        return random.nextInt(3) == 0 ? c.arg(cased("WITHSCORES")) : c;
    }

    private Cmd limit(Cmd c) {
        return random.nextInt(4) == 0
                ? c.arg(cased("LIMIT")).arg(Integer.toString(random.nextInt(4) - 1)).arg(Integer.toString(random.nextInt(5) - 1))
                : c;
    }

    // ---------------------------------------------------------------------------------------------
    // Arguments

    /** A sorted-set member: few of them, so that ZADDs collide. */
    private String member() {
        return random.nextInt(40) == 0 ? "" : Character.toString('a' + random.nextInt(6));
    }

    /** A score argument: see the class comment for why only these (plus a few invalid ones). */
    private String score() {
        int r = random.nextInt(40);
        if (r == 0) {
            return pick(new String[] {"inf", "-inf", "+inf"});
        }
        if (r == 1) {
            return pick(new String[] {"abc", "", "nan", "1,5", " 1", "0x10", "1e3", "-0", "+2.5", ".5"});
        }
        if (r < 5) {
            return pick(new String[] {"1000000", "-1000000", "999999.75", "-123456.25"});
        }
        int quarters = random.nextInt(41) - 20;
        return quarters % 4 == 0 ? Integer.toString(quarters / 4) : Double.toString(quarters / 4.0);
    }

    /** A ZCOUNT / ZRANGEBYSCORE bound: inclusive, exclusive, infinite or invalid (never printed). */
    private String scoreBound() {
        int r = random.nextInt(20);
        if (r == 0) {
            return pick(new String[] {"abc", "", "(", "((1", "nan", "(nan"});
        }
        if (r < 4) {
            return pick(new String[] {"-inf", "+inf", "inf", "(-inf", "(+inf"});
        }
        String value = pick(new String[] {"0", "1", "-1", "2.5", "-2.5", "0.1", "5", "-5", "1e1"});
        return random.nextInt(3) == 0 ? "(" + value : value;
    }

    /** A lex bound: [member, (member, - or +, or an invalid one. */
    private String lexBound() {
        int r = random.nextInt(12);
        if (r == 0) {
            return pick(new String[] {"a", "", "*", "(", "["});
        }
        if (r < 4) {
            return pick(new String[] {"-", "+"});
        }
        return (random.nextBoolean() ? "[" : "(") + member();
    }

    private String seconds() {
        int r = random.nextInt(20);
        if (r == 0) {
            return pick(BAD_NUMBERS);
        }
        return Integer.toString(1000 + random.nextInt(100_000));
    }

    private String millis() {
        int r = random.nextInt(20);
        if (r == 0) {
            return pick(BAD_NUMBERS);
        }
        return Long.toString(1_000_000L + random.nextInt(100_000_000));
    }

    private String rangeIndex() {
        int r = random.nextInt(20);
        if (r == 0) {
            return pick(new String[] {"abc", "", "1.5", "9223372036854775807", "-9223372036854775808"});
        }
        return Integer.toString(random.nextInt(41) - 20);
    }

    private String offset() {
        int r = random.nextInt(20);
        if (r == 0) {
            return pick(new String[] {"-1", "abc", ""});
        }
        return Integer.toString(r < 15 ? random.nextInt(12) : random.nextInt(100));
    }

    private String patch(String[] patches) {
        int r = random.nextInt(25);
        if (r == 0) {
            return binary(1 + random.nextInt(6));
        }
        if (r == 1) {
            return longText();
        }
        return pick(patches);
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private String cased(String word) {
        int r = random.nextInt(10);
        if (r < 7) {
            return word;
        }
        if (r < 9) {
            return word.toLowerCase(Locale.ROOT);
        }
        StringBuilder mixed = new StringBuilder(word.length());
        for (char ch : word.toCharArray()) {
            mixed.append(random.nextBoolean() ? Character.toLowerCase(ch) : ch);
        }
        return mixed.toString();
    }

    /** Letters only: a long value never parses as a number. */
    private String longText() {
        int length = 50 + random.nextInt(300);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    /** Marks a binary value: bytes in ISO-8859-1, never digits (see class comment). */
    private String binary(int length) {
        byte[] special = {0, '\r', '\n', (byte) 0xff, (byte) 0xc3, (byte) 0x80, ' ', '*', '$', 'z'};
        StringBuilder text = new StringBuilder(BINARY_MARK);
        for (int i = 0; i < length; i++) {
            text.append((char) (special[random.nextInt(special.length)] & 0xff));
        }
        return text.toString();
    }

    private static final String BINARY_MARK = "\u0000\u0001bin:";

    private static boolean isHashOp(Op op) {
        return op == Op.HSET || op.name().startsWith("H");
    }

    private String side() {
        return random.nextBoolean() ? "LEFT" : "RIGHT";
    }

    private static boolean isListOp(Op op) {
        return op == Op.LPUSH || op == Op.RPUSH || op == Op.LPOP || op == Op.RPOP || op == Op.BLMOVE
                || op.name().startsWith("L") && op != Op.LPUSH;
    }

    private static boolean isSetOp(Op op) {
        return op == Op.SADD || op == Op.SREM || op == Op.SISMEMBER || op == Op.SCARD || op == Op.SMISMEMBER;
    }

    /** A list index in -5..5: inside, at the edges of and beyond small lists. */
    private String smallIndex() {
        return Integer.toString(random.nextInt(11) - 5);
    }

    private Cmd cmd(String name) {
        return new Cmd(cased(name));
    }

    /** An argument vector under construction. */
    private final class Cmd {
        final List<byte[]> args = new ArrayList<>();

        Cmd(String name) {
            args.add(name.getBytes(StandardCharsets.UTF_8));
        }

        Cmd arg(String value) {
            if (value.startsWith(BINARY_MARK)) {
                args.add(value.substring(BINARY_MARK.length()).getBytes(StandardCharsets.ISO_8859_1));
            } else {
                args.add(value.getBytes(StandardCharsets.UTF_8));
            }
            return this;
        }

        /** One of k0..k7. */
        Cmd key() {
            return arg(KEYS.get(random.nextInt(KEYS.size())));
        }

        /** One of k0..k7 or, now and then, the quarantined n0 or a sorted-set key (read/delete/TTL commands only). */
        Cmd anyKey() {
            int r = random.nextInt(10);
            return arg(r == 0 ? BIG_KEY : r == 1 ? ZSET_KEYS.get(random.nextInt(ZSET_KEYS.size()))
                    : r == 2 && random.nextBoolean() ? LEX_KEY : KEYS.get(random.nextInt(KEYS.size())));
        }

        /** The all-scores-0 sorted set of the lex commands, or now and then the string key n0 (WRONGTYPE). */
        Cmd lexKey() {
            return arg(random.nextInt(10) == 0 ? BIG_KEY : LEX_KEY);
        }

        /** Mostly one of z0..z2; one time in eight one of k0..k7 (often another type: WRONGTYPE). */
        Cmd zkey() {
            return random.nextInt(8) == 0 ? key() : arg(ZSET_KEYS.get(random.nextInt(ZSET_KEYS.size())));
        }

        Cmd value() {
            int r = random.nextInt(30);
            if (r == 0) {
                return arg(longText());
            }
            if (r == 1) {
                return arg(binary(1 + random.nextInt(8)));
            }
            return arg(pick(VALUES));
        }
    }
}
