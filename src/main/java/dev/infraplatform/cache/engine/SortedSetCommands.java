package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static dev.infraplatform.cache.engine.Arguments.is;
import static dev.infraplatform.cache.engine.StringCommands.ascii;

/**
 * The sorted set type's commands (Redis' t_zset.c): members ordered by a double score, stored in
 * a {@link SortedSet}. A sorted set whose last member goes is deleted. Scores are printed as
 * {@link #formatScore} does; the lex commands (ZRANGEBYLEX, BYLEX, ZLEXCOUNT, ZREMRANGEBYLEX)
 * order by member and are meant for sets whose scores are all equal, as in Redis. ZINCRBY and ZADD INCR are logged as a ZADD of the resulting score.
 */
final class SortedSetCommands {

    private static final Reply XX_AND_NX = Reply.error("ERR XX and NX options at the same time are not compatible");
    private static final Reply GT_LT_NX = Reply.error("ERR GT, LT, and/or NX options at the same time are not compatible");
    private static final Reply INCR_SINGLE_PAIR = Reply.error("ERR INCR option supports a single increment-element pair");
    private static final Reply NAN_SCORE = Reply.error("ERR resulting score is not a number (NaN)");
    private static final Reply MIN_MAX_NOT_FLOAT = Reply.error("ERR min or max is not a float");
    private static final Reply LIMIT_NEEDS_BY = Reply.error(
            "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
    private static final Reply WITHSCORES_AND_BYLEX =
            Reply.error("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
    private static final Reply NOT_LEX_RANGE = Reply.error("ERR min or max not valid string range item");
    private static final Reply NOT_POSITIVE = Reply.error("ERR value is out of range, must be positive");

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern HEX =
            Pattern.compile("([+-]?)0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?\\d+)?");

    private SortedSetCommands() {
    }

    static void register(CommandTable table) {
        table.write("zadd", -4, 1, 1, 1, SortedSetCommands::zadd).denyOom();
        table.write("zincrby", 4, 1, 1, 1, SortedSetCommands::zincrby).denyOom();
        table.write("zrem", -3, 1, 1, 1, SortedSetCommands::zrem);
        table.read("zscore", 3, 1, 1, 1, SortedSetCommands::zscore);
        table.read("zmscore", -3, 1, 1, 1, SortedSetCommands::zmscore);
        table.read("zcard", 2, 1, 1, 1, SortedSetCommands::zcard);
        table.read("zcount", 4, 1, 1, 1, (c, a) -> zcount(c, a, false));
        table.read("zrank", 3, 1, 1, 1, (c, a) -> zrank(c, a, false));
        table.read("zrevrank", 3, 1, 1, 1, (c, a) -> zrank(c, a, true));
        table.read("zrange", -4, 1, 1, 1, (c, a) -> range(c, a, Kind.AUTO, false));
        table.read("zrevrange", -4, 1, 1, 1, (c, a) -> range(c, a, Kind.RANK, true));
        table.read("zrangebyscore", -4, 1, 1, 1, (c, a) -> range(c, a, Kind.SCORE, false));
        table.read("zrevrangebyscore", -4, 1, 1, 1, (c, a) -> range(c, a, Kind.SCORE, true));
        table.write("zremrangebyrank", 4, 1, 1, 1, SortedSetCommands::zremrangebyrank);
        table.write("zremrangebyscore", 4, 1, 1, 1, (c, a) -> zremrange(c, a, false));
        table.write("zremrangebylex", 4, 1, 1, 1, (c, a) -> zremrange(c, a, true));
        table.read("zrangebylex", -4, 1, 1, 1, (c, a) -> range(c, a, Kind.LEX, false));
        table.read("zrevrangebylex", -4, 1, 1, 1, (c, a) -> range(c, a, Kind.LEX, true));
        table.read("zlexcount", 4, 1, 1, 1, (c, a) -> zcount(c, a, true));
        table.write("zpopmin", -2, 1, 1, 1, (c, a) -> zpop(c, a, false));
        table.write("zpopmax", -2, 1, 1, 1, (c, a) -> zpop(c, a, true));
        table.read("zscan", -3, 1, 1, 1, SortedSetCommands::zscan);
    }

    // ---------------------------------------------------------------- scores

    /**
     * A score as Redis' {@code getDoubleFromObject} reads it ({@code strtod}): decimal or
     * hexadecimal, [+-]inf / infinity, no surrounding spaces, no NaN, nothing that overflows or
     * underflows to 0; null if not a valid float.
     */
    static Double parseScore(byte[] arg) {
        String s = new String(arg, StandardCharsets.ISO_8859_1);
        if (s.isEmpty() || Character.isWhitespace(s.charAt(0))) {
            return null;
        }
        Double value = strtod(s);
        if (value == null || value.isNaN()) {
            return null;
        }
        return value;
    }

    /** strtod of the whole text, null if it is not all read; ERANGE results (overflow, underflow) are null. */
    private static Double strtod(String s) {
        int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        String word = s.substring(start);
        if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
            return s.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        double value;
        boolean nonZeroDigits;
        if (DECIMAL.matcher(s).matches()) {
            value = Double.parseDouble(s);
            nonZeroDigits = s.split("[eE]")[0].chars().anyMatch(ch -> ch >= '1' && ch <= '9');
        } else {
            var hex = HEX.matcher(s);
            if (!hex.matches()) {
                return null;
            }
            String digits = hex.group(2);
            value = Double.parseDouble(hex.group(1) + "0x" + (digits.endsWith(".") ? digits + "0" : digits)
                    + (hex.group(3) == null ? "p0" : hex.group(3)));
            nonZeroDigits = digits.chars().anyMatch(ch -> ch != '0' && ch != '.');
        }
        if (Double.isInfinite(value) || (value == 0 && nonZeroDigits)) {
            return null; // ERANGE
        }
        return value;
    }

    /** A score argument, or "value is not a valid float". */
    private static double score(byte[] arg) {
        Double value = parseScore(arg);
        if (value == null) {
            throw new CommandError(RedisErrors.NOT_FLOAT);
        }
        return value;
    }

    /**
     * A score as a reply: the shortest decimal that reads back as the same double (as Redis 7.2+
     * prints scores), laid out as {@code %.17g} does: exponent form ("1e+20", "1.5e-07") below
     * 1e-4 and from 1e17 up, plain otherwise ("3", "0.1", "1.5"); "inf", "-inf", "0" and "-0" (a stored score is never -0: it is kept as 0).
     */
    static String formatScore(double score) {
        if (Double.isInfinite(score)) {
            return score > 0 ? "inf" : "-inf";
        }
        if (score == 0) {
            return 1 / score < 0 ? "-0" : "0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(score))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String sign = score < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 17) {
            int magnitude = Math.abs(exponent);
            return sign + digits.charAt(0) + (digits.length() > 1 ? "." + digits.substring(1) : "")
                    + "e" + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + magnitude;
        }
        return sign + exact.toPlainString();
    }

    private static Reply scoreReply(double score) {
        return Reply.bulk(formatScore(score));
    }

    /**
     * A range bound as Redis' {@code zslParseRange} reads it: "(" for exclusive, then strtod
     * (leading spaces allowed, overflow is infinity), NaN refused.
     */
    private static SortedSet.ScoreRange scoreRange(byte[] minArg, byte[] maxArg) {
        double[] bounds = new double[2];
        boolean[] exclusive = new boolean[2];
        byte[][] args = {minArg, maxArg};
        for (int i = 0; i < 2; i++) {
            String s = new String(args[i], StandardCharsets.ISO_8859_1);
            if (s.startsWith("(")) {
                exclusive[i] = true;
                s = s.substring(1);
            }
            s = s.stripLeading();
            Double value;
            if (s.isEmpty()) {
                value = 0.0; // strtod reads nothing and the end is reached: Redis takes 0
            } else {
                value = lenientStrtod(s);
            }
            if (value == null || value.isNaN()) {
                throw new CommandError(MIN_MAX_NOT_FLOAT);
            }
            bounds[i] = value;
        }
        return new SortedSet.ScoreRange(bounds[0], exclusive[0], bounds[1], exclusive[1]);
    }

    /** A ZRANGEBYLEX range: each bound "[member", "(member", "-" or "+". */
    private static SortedSet.LexRange lexRange(byte[] min, byte[] max) {
        return new SortedSet.LexRange(lexBound(min), lexBound(max));
    }

    private static SortedSet.LexBound lexBound(byte[] arg) {
        if (arg.length == 1 && arg[0] == '-') {
            return SortedSet.LexBound.MINUS;
        }
        if (arg.length == 1 && arg[0] == '+') {
            return SortedSet.LexBound.PLUS;
        }
        if (arg.length > 0 && (arg[0] == '[' || arg[0] == '(')) {
            return new SortedSet.LexBound(Arrays.copyOfRange(arg, 1, arg.length), arg[0] == '(', 0);
        }
        throw new CommandError(NOT_LEX_RANGE);
    }

    private static Double lenientStrtod(String s) {
        Double strict = strtod(s);
        if (strict != null) {
            return strict;
        }
        if (DECIMAL.matcher(s).matches()) {
            return Double.parseDouble(s); // overflow to ±inf or underflow to 0, as strtod returns
        }
        return null;
    }

    // ---------------------------------------------------------------- writes

    /** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...] */
    private static Reply zadd(CommandContext context, byte[][] args) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        boolean incr = false;
        int i = 2;
        for (; i < args.length; i++) {
            if (is(args[i], "NX")) {
                nx = true;
            } else if (is(args[i], "XX")) {
                xx = true;
            } else if (is(args[i], "GT")) {
                gt = true;
            } else if (is(args[i], "LT")) {
                lt = true;
            } else if (is(args[i], "CH")) {
                ch = true;
            } else if (is(args[i], "INCR")) {
                incr = true;
            } else {
                break;
            }
        }
        int elements = args.length - i;
        if (elements == 0 || elements % 2 != 0) {
            return RedisErrors.SYNTAX;
        }
        if (nx && xx) {
            return XX_AND_NX;
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            return GT_LT_NX;
        }
        if (incr && elements > 2) {
            return INCR_SINGLE_PAIR;
        }
        int pairs = elements / 2;
        double[] scores = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            scores[p] = score(args[i + 2 * p]);
        }
        Key key = new Key(args[1]);
        SortedSet set = context.getSortedSet(key);
        if (set == null) {
            if (xx) {
                context.propagateNothing();
                return incr ? Reply.NIL : Reply.ZERO;
            }
            set = context.getOrCreateSortedSet(key);
        }
        long added = 0;
        long updated = 0;
        Double incrResult = null;
        for (int p = 0; p < pairs; p++) {
            Key member = new Key(args[i + 2 * p + 1]);
            double score = scores[p];
            Double current = set.score(member);
            if (current != null) {
                if (nx) {
                    continue;
                }
                double newScore = incr ? current + score : score;
                if (Double.isNaN(newScore)) {
                    return NAN_SCORE;
                }
                if ((lt && newScore >= current) || (gt && newScore <= current)) {
                    continue;
                }
                incrResult = newScore;
                if (newScore != current) {
                    set.put(member, newScore);
                    updated++;
                }
            } else {
                if (xx) {
                    continue;
                }
                set.put(member, score);
                incrResult = score;
                added++;
            }
        }
        if (added + updated == 0) {
            context.propagateNothing();
        } else if (incr) {
            context.propagate(ascii("ZADD"), args[1], ascii(formatScore(incrResult)), args[i + 1]);
        }
        if (incr) {
            return incrResult == null ? Reply.NIL : scoreReply(incrResult);
        }
        return Reply.integer(ch ? added + updated : added);
    }

    /**
     * ZINCRBY key increment member: logged as ZADD of the resulting score. Redis runs it through
     * ZADD's parser, so a ZADD option word in the increment's place is a syntax error.
     */
    private static Reply zincrby(CommandContext context, byte[][] args) {
        for (String option : new String[] {"NX", "XX", "GT", "LT", "CH", "INCR"}) {
            if (is(args[2], option)) {
                return RedisErrors.SYNTAX;
            }
        }
        double by = score(args[2]);
        Key key = new Key(args[1]);
        Key member = new Key(args[3]);
        SortedSet set = context.getSortedSet(key);
        Double current = set == null ? null : set.score(member);
        double result = current == null ? by : current + by;
        if (Double.isNaN(result)) {
            return NAN_SCORE;
        }
        context.getOrCreateSortedSet(key).put(member, result);
        String text = formatScore(result);
        context.propagate(ascii("ZADD"), args[1], ascii(text), args[3]);
        return Reply.bulk(text);
    }

    private static Reply zrem(CommandContext context, byte[][] args) {
        Key key = new Key(args[1]);
        SortedSet set = context.getSortedSet(key);
        long removed = 0;
        if (set != null) {
            for (int i = 2; i < args.length && !set.isEmpty(); i++) {
                if (set.remove(new Key(args[i]))) {
                    removed++;
                }
            }
            deleteIfEmpty(context, key, set);
        }
        if (removed == 0) {
            context.propagateNothing();
        }
        return Reply.integer(removed);
    }

    private static void deleteIfEmpty(CommandContext context, Key key, SortedSet set) {
        if (set.isEmpty()) {
            context.delete(key);
        }
    }

    private static Reply zremrangebyrank(CommandContext context, byte[][] args) {
        long start = Arguments.parseLong(args[2]);
        long end = Arguments.parseLong(args[3]);
        Key key = new Key(args[1]);
        SortedSet set = context.getSortedSet(key);
        long removed = 0;
        if (set != null) {
            long[] bounds = rankBounds(start, end, set.size());
            if (bounds != null) {
                List<SortedSet.Node> doomed = new ArrayList<>();
                SortedSet.Node node = set.byRank(bounds[0]);
                for (long r = bounds[0]; r <= bounds[1]; r++, node = node.next()) {
                    doomed.add(node);
                }
                for (SortedSet.Node n : doomed) {
                    set.remove(n.member());
                }
                removed = doomed.size();
            }
            deleteIfEmpty(context, key, set);
        }
        if (removed == 0) {
            context.propagateNothing();
        }
        return Reply.integer(removed);
    }

    /** ZREMRANGEBYSCORE and ZREMRANGEBYLEX. */
    private static Reply zremrange(CommandContext context, byte[][] args, boolean lex) {
        SortedSet.Range range = lex ? lexRange(args[2], args[3]) : scoreRange(args[2], args[3]);
        Key key = new Key(args[1]);
        SortedSet set = context.getSortedSet(key);
        long removed = 0;
        if (set != null) {
            List<Key> doomed = new ArrayList<>();
            for (SortedSet.Node node = set.firstInRange(range); node != null && range.belowMax(node);
                    node = node.next()) {
                doomed.add(node.member());
            }
            for (Key member : doomed) {
                set.remove(member);
            }
            removed = doomed.size();
            deleteIfEmpty(context, key, set);
        }
        if (removed == 0) {
            context.propagateNothing();
        }
        return Reply.integer(removed);
    }

    /** ZPOPMIN / ZPOPMAX key [count]: without count one [member, score] pair (empty if none). */
    private static Reply zpop(CommandContext context, byte[][] args, boolean max) {
        if (args.length > 3) {
            return RedisErrors.SYNTAX;
        }
        long count = 1;
        if (args.length == 3) {
            Long parsed = Arguments.tryParseLong(args[2]);
            if (parsed == null || parsed < 0) {
                return NOT_POSITIVE;
            }
            count = parsed;
        }
        Key key = new Key(args[1]);
        SortedSet set = context.getSortedSet(key);
        if (set == null || count == 0) {
            context.propagateNothing();
            return Reply.array(List.of());
        }
        List<Reply> items = new ArrayList<>();
        for (long n = 0; n < count && !set.isEmpty(); n++) {
            SortedSet.Node node = max ? set.last() : set.first();
            set.remove(node.member());
            items.add(Reply.bulk(node.member().bytes()));
            items.add(scoreReply(node.score()));
        }
        deleteIfEmpty(context, key, set);
        return Reply.array(items);
    }

    // ---------------------------------------------------------------- reads

    private static Reply zscore(CommandContext context, byte[][] args) {
        SortedSet set = context.getSortedSet(new Key(args[1]));
        Double score = set == null ? null : set.score(new Key(args[2]));
        return score == null ? Reply.NIL : scoreReply(score);
    }

    private static Reply zmscore(CommandContext context, byte[][] args) {
        SortedSet set = context.getSortedSet(new Key(args[1]));
        List<Reply> items = new ArrayList<>(args.length - 2);
        for (int i = 2; i < args.length; i++) {
            Double score = set == null ? null : set.score(new Key(args[i]));
            items.add(score == null ? Reply.NIL : scoreReply(score));
        }
        return Reply.array(items);
    }

    private static Reply zcard(CommandContext context, byte[][] args) {
        SortedSet set = context.getSortedSet(new Key(args[1]));
        return Reply.integer(set == null ? 0 : set.size());
    }

    /** ZCOUNT and ZLEXCOUNT. */
    private static Reply zcount(CommandContext context, byte[][] args, boolean lex) {
        SortedSet.Range range = lex ? lexRange(args[2], args[3]) : scoreRange(args[2], args[3]);
        SortedSet set = context.getSortedSet(new Key(args[1]));
        return Reply.integer(set == null ? 0 : set.count(range));
    }

    private static Reply zrank(CommandContext context, byte[][] args, boolean reverse) {
        SortedSet set = context.getSortedSet(new Key(args[1]));
        long rank = set == null ? -1 : set.rank(new Key(args[2]));
        if (rank < 0) {
            return Reply.NIL;
        }
        return Reply.integer(reverse ? set.size() - 1 - rank : rank);
    }

    private enum Kind { AUTO, RANK, SCORE, LEX }

    /**
     * ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES], and the older
     * ZREVRANGE, ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX, ZREVRANGEBYLEX (which take no
     * BYSCORE / BYLEX / REV words). With REV (and in the ZREV… forms) a range is given max first.
     */
    private static Reply range(CommandContext context, byte[][] args, Kind kind, boolean reverse) {
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        Kind by = kind;
        for (int i = 4; i < args.length; i++) {
            int left = args.length - i - 1;
            if (is(args[i], "WITHSCORES")) {
                withScores = true;
            } else if (is(args[i], "LIMIT") && left >= 2) {
                offset = Arguments.parseLong(args[i + 1]);
                limit = Arguments.parseLong(args[i + 2]);
                i += 2;
            } else if (kind == Kind.AUTO && by == Kind.AUTO && is(args[i], "BYSCORE")) {
                by = Kind.SCORE;
            } else if (kind == Kind.AUTO && by == Kind.AUTO && is(args[i], "BYLEX")) {
                by = Kind.LEX;
            } else if (kind == Kind.AUTO && !reverse && is(args[i], "REV")) {
                reverse = true;
            } else {
                return RedisErrors.SYNTAX;
            }
        }
        boolean byRank = by == Kind.AUTO || by == Kind.RANK;
        if (limit != -1 && byRank) {
            return LIMIT_NEEDS_BY; // as Redis 7.0: a rank range ignores "LIMIT offset -1"
        }
        if (withScores && by == Kind.LEX) {
            return WITHSCORES_AND_BYLEX;
        }
        Key key = new Key(args[1]);
        List<Reply> items = new ArrayList<>();
        if (byRank) {
            long start = Arguments.parseLong(args[2]);
            long end = Arguments.parseLong(args[3]);
            SortedSet set = context.getSortedSet(key);
            if (set == null) {
                return Reply.array(List.of());
            }
            long[] bounds = rankBounds(start, end, set.size());
            if (bounds == null) {
                return Reply.array(List.of());
            }
            long n = bounds[1] - bounds[0] + 1;
            SortedSet.Node node = reverse ? set.byRank(set.size() - 1 - bounds[0]) : set.byRank(bounds[0]);
            for (long k = 0; k < n; k++) {
                add(items, node, withScores);
                node = reverse ? node.previous() : node.next();
            }
            return Reply.array(items);
        }
        byte[] min = reverse ? args[3] : args[2];
        byte[] max = reverse ? args[2] : args[3];
        SortedSet.Range range = by == Kind.LEX ? lexRange(min, max) : scoreRange(min, max);
        SortedSet set = context.getSortedSet(key);
        if (set == null) {
            return Reply.array(List.of());
        }
        SortedSet.Node node = reverse ? set.lastInRange(range) : set.firstInRange(range);
        if (node == null || offset < 0) {
            return Reply.array(List.of());
        }
        if (offset > 0) {
            long rank = set.rankOf(node);
            long target = reverse ? rank - offset : rank + offset;
            node = set.byRank(target);
        }
        for (long taken = 0; node != null && (limit < 0 || taken < limit); taken++) {
            if (reverse ? !range.aboveMin(node) : !range.belowMax(node)) {
                break;
            }
            add(items, node, withScores);
            node = reverse ? node.previous() : node.next();
        }
        return Reply.array(items);
    }

    private static void add(List<Reply> items, SortedSet.Node node, boolean withScores) {
        items.add(Reply.bulk(node.member().bytes()));
        if (withScores) {
            items.add(scoreReply(node.score()));
        }
    }

    /** Redis' clamping of a rank range: [start, end] within the set, null if empty. */
    private static long[] rankBounds(long start, long end, long size) {
        if (start < 0) {
            start += size;
        }
        if (end < 0) {
            end += size;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= size) {
            return null;
        }
        if (end >= size) {
            end = size - 1;
        }
        return new long[] {start, end};
    }

    /** ZSCAN key cursor [MATCH pattern] [COUNT count]: the whole sorted set in one reply, cursor 0. */
    private static Reply zscan(CommandContext context, byte[][] args) {
        HashCommands.ScanOptions options = HashCommands.ScanOptions.parseCursor(args[2]);
        SortedSet set = context.getSortedSet(new Key(args[1]));
        if (set == null) {
            return HashCommands.EMPTY_SCAN;
        }
        options.parse(args, 3);
        List<Reply> items = new ArrayList<>();
        for (SortedSet.Node node : set) {
            if (options.matches(node.member())) {
                add(items, node, true);
            }
        }
        return Reply.array(List.of(Reply.bulk("0"), Reply.array(items)));
    }
}
