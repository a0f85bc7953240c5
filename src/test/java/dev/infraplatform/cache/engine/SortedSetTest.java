package dev.infraplatform.cache.engine;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The skip list against a TreeSet oracle, with random operations from a printed seed. */
class SortedSetTest {

    private record Item(double score, Key member) {
    }

    private static final Comparator<Item> ORDER = (a, b) -> a.score != b.score
            ? Double.compare(a.score, b.score)
            : Arrays.compareUnsigned(a.member.bytes(), b.member.bytes());

    private static List<String> names(List<Item> items) {
        return items.stream().map(i -> i.member.toString()).toList();
    }

    private static List<String> names(SortedSet.Node from, int n, boolean reverse) {
        List<String> out = new ArrayList<>();
        for (SortedSet.Node node = from; node != null && out.size() < n; node = reverse ? node.previous() : node.next()) {
            out.add(node.member().toString());
        }
        return out;
    }

    @Test
    void randomizedAgainstOracle() {
        long seed = System.nanoTime();
        System.out.println("SortedSetTest seed " + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 20; round++) {
            SortedSet set = new SortedSet();
            TreeSet<Item> oracle = new TreeSet<>(ORDER);
            Map<Key, Double> scores = new HashMap<>();
            int universe = 1 + random.nextInt(round < 5 ? 10 : 400);
            for (int op = 0; op < 3000; op++) {
                Key member = Key.of("m" + random.nextInt(universe));
                double score = random.nextInt(4) == 0 ? random.nextInt(5) : random.nextInt(200) - 100 + random.nextDouble();
                int choice = random.nextInt(10);
                if (choice < 6) {
                    Double old = scores.put(member, score);
                    if (old != null) {
                        oracle.remove(new Item(old, member));
                    }
                    oracle.add(new Item(score, member));
                    assertThat(set.put(member, score)).as("seed %d", seed).isEqualTo(old == null);
                } else {
                    Double old = scores.remove(member);
                    if (old != null) {
                        oracle.remove(new Item(old, member));
                    }
                    assertThat(set.remove(member)).as("seed %d", seed).isEqualTo(old != null);
                }
                if (op % 50 == 0) {
                    check(set, oracle, scores, random, seed);
                }
            }
            check(set, oracle, scores, random, seed);
            // delete everything
            for (Item item : new ArrayList<>(oracle)) {
                assertThat(set.remove(item.member)).isTrue();
            }
            assertThat(set.size()).isZero();
            assertThat(set.first()).isNull();
            assertThat(set.last()).isNull();
        }
    }

    private static void check(SortedSet set, TreeSet<Item> oracle, Map<Key, Double> scores, Random random, long seed) {
        List<Item> list = new ArrayList<>(oracle);
        int n = list.size();
        assertThat(set.size()).as("seed %d", seed).isEqualTo(n);
        List<String> walked = new ArrayList<>();
        for (SortedSet.Node node : set) {
            walked.add(node.member().toString());
        }
        assertThat(walked).as("seed %d", seed).isEqualTo(names(list));
        assertThat(names(set.last(), n, true)).as("seed %d", seed).isEqualTo(names(list).reversed());
        for (int i = 0; i < n; i++) {
            Item item = list.get(i);
            assertThat(set.rank(item.member)).as("seed %d", seed).isEqualTo(i);
            assertThat(set.byRank(i).member()).as("seed %d", seed).isEqualTo(item.member);
            assertThat(set.score(item.member)).isEqualTo(scores.get(item.member));
        }
        assertThat(set.byRank(n)).isNull();
        assertThat(set.byRank(-1)).isNull();
        assertThat(set.rank(Key.of("absent"))).isEqualTo(-1);
        // range by rank
        if (n > 0) {
            int start = random.nextInt(n);
            int count = 1 + random.nextInt(n - start);
            assertThat(names(set.byRank(start), count, false)).isEqualTo(names(list.subList(start, start + count)));
        }
        // range by score
        for (int k = 0; k < 5; k++) {
            double a = random.nextInt(220) - 110 + (random.nextBoolean() ? 0 : random.nextDouble());
            double b = random.nextInt(4) == 0 ? a : random.nextInt(220) - 110 + random.nextDouble();
            if (random.nextInt(10) == 0 && n > 0) {
                a = list.get(random.nextInt(n)).score;
                b = list.get(random.nextInt(n)).score;
            }
            SortedSet.ScoreRange range = new SortedSet.ScoreRange(Math.min(a, b), random.nextBoolean(),
                    Math.max(a, b), random.nextBoolean());
            List<Item> expected = list.stream().filter(i -> range.aboveMin(i.score) && range.belowMax(i.score)).toList();
            SortedSet.Node first = set.firstInRange(range);
            SortedSet.Node last = set.lastInRange(range);
            assertThat(set.count(range)).as("seed %d %s", seed, range).isEqualTo(expected.size());
            if (expected.isEmpty()) {
                assertThat(first).isNull();
                assertThat(last).isNull();
            } else {
                assertThat(names(first, expected.size(), false)).as("seed %d", seed).isEqualTo(names(expected));
                assertThat(last.member()).isEqualTo(expected.getLast().member);
                assertThat(set.rankOf(first)).isEqualTo(list.indexOf(expected.getFirst()));
            }
        }
    }

    @Test
    void lexRangesAgainstOracle() {
        long seed = System.nanoTime();
        System.out.println("SortedSetTest lex seed " + seed);
        Random random = new Random(seed);
        SortedSet set = new SortedSet();
        TreeSet<String> oracle = new TreeSet<>();
        for (int i = 0; i < 300; i++) {
            String member = Integer.toString(random.nextInt(1000), 36);
            oracle.add(member);
            set.put(Key.of(member), 0);
        }
        for (int k = 0; k < 500; k++) {
            SortedSet.LexBound min = lexBound(random);
            SortedSet.LexBound max = lexBound(random);
            SortedSet.LexRange range = new SortedSet.LexRange(min, max);
            List<String> expected = oracle.stream().filter(m -> inLex(m, min, max)).toList();
            assertThat(set.count(range)).as("seed %d", seed).isEqualTo(expected.size());
            SortedSet.Node first = set.firstInRange(range);
            SortedSet.Node last = set.lastInRange(range);
            if (expected.isEmpty()) {
                assertThat(first).isNull();
                assertThat(last).isNull();
            } else {
                assertThat(names(first, expected.size(), false)).as("seed %d", seed).isEqualTo(expected);
                assertThat(last.member().toString()).isEqualTo(expected.getLast());
            }
        }
    }

    private static SortedSet.LexBound lexBound(Random random) {
        int pick = random.nextInt(12);
        if (pick == 0) {
            return SortedSet.LexBound.MINUS;
        }
        if (pick == 1) {
            return SortedSet.LexBound.PLUS;
        }
        return new SortedSet.LexBound(Integer.toString(random.nextInt(1000), 36).getBytes(StandardCharsets.US_ASCII),
                random.nextBoolean(), 0);
    }

    private static boolean inLex(String member, SortedSet.LexBound min, SortedSet.LexBound max) {
        boolean aboveMin = min.infinity() == -1 || (min.infinity() == 0
                && (min.exclusive() ? member.compareTo(new String(min.member(), StandardCharsets.US_ASCII)) > 0
                        : member.compareTo(new String(min.member(), StandardCharsets.US_ASCII)) >= 0));
        boolean belowMax = max.infinity() == 1 || (max.infinity() == 0
                && (max.exclusive() ? member.compareTo(new String(max.member(), StandardCharsets.US_ASCII)) < 0
                        : member.compareTo(new String(max.member(), StandardCharsets.US_ASCII)) <= 0));
        return aboveMin && belowMax;
    }

    @Test
    void ordersEqualScoresByUnsignedBytes() {
        SortedSet set = new SortedSet();
        set.put(new Key(new byte[] {(byte) 0xff}), 1);
        set.put(new Key("b".getBytes(StandardCharsets.US_ASCII)), 1);
        set.put(new Key("a".getBytes(StandardCharsets.US_ASCII)), 1);
        set.put(new Key("ab".getBytes(StandardCharsets.US_ASCII)), 1);
        set.put(new Key("z".getBytes(StandardCharsets.US_ASCII)), 0.5);
        assertThat(set.byRank(0).member()).isEqualTo(Key.of("z"));
        assertThat(set.byRank(1).member()).isEqualTo(Key.of("a"));
        assertThat(set.byRank(2).member()).isEqualTo(Key.of("ab"));
        assertThat(set.byRank(3).member()).isEqualTo(Key.of("b"));
        assertThat(set.byRank(4).member().bytes()).containsExactly((byte) 0xff);
        assertThat(set.put(Key.of("a"), 1)).isFalse();
        assertThat(set.put(Key.of("a"), -0.0)).isFalse();
        assertThat(set.rank(Key.of("a"))).isZero();
    }

    @Test
    void formatsScoresAsShortestRoundTrip() {
        assertThat(SortedSetCommands.formatScore(1.5)).isEqualTo("1.5");
        assertThat(SortedSetCommands.formatScore(3)).isEqualTo("3");
        assertThat(SortedSetCommands.formatScore(0.1)).isEqualTo("0.1");
        assertThat(SortedSetCommands.formatScore(-0.0)).isEqualTo("-0");
        assertThat(SortedSetCommands.formatScore(0.0)).isEqualTo("0");
        assertThat(SortedSetCommands.formatScore(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(SortedSetCommands.formatScore(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(SortedSetCommands.formatScore(1e20)).isEqualTo("1e+20");
        assertThat(SortedSetCommands.formatScore(1e16)).isEqualTo("10000000000000000");
        assertThat(SortedSetCommands.formatScore(1e17)).isEqualTo("1e+17");
        assertThat(SortedSetCommands.formatScore(-1e-7)).isEqualTo("-1e-07");
        assertThat(SortedSetCommands.formatScore(0.000123)).isEqualTo("0.000123");
        assertThat(SortedSetCommands.formatScore(1.2345678901234568e17)).isEqualTo("1.2345678901234568e+17");
        assertThat(SortedSetCommands.formatScore(1.5e300)).isEqualTo("1.5e+300");
        assertThat(SortedSetCommands.formatScore(-123.25)).isEqualTo("-123.25");
        Random random = new Random(7);
        for (int i = 0; i < 10000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (!Double.isNaN(d)) {
                assertThat(SortedSetCommands.parseScore(SortedSetCommands.formatScore(d).getBytes(StandardCharsets.US_ASCII)))
                        .isEqualTo(d);
            }
        }
    }

    @Test
    void parsesScoresAsStrtod() {
        assertThat(parse("1")).isEqualTo(1.0);
        assertThat(parse("-1.5e3")).isEqualTo(-1500.0);
        assertThat(parse(".5")).isEqualTo(0.5);
        assertThat(parse("5.")).isEqualTo(5.0);
        assertThat(parse("+inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(parse("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(parse("0x10")).isEqualTo(16.0);
        assertThat(parse("0x1p-2")).isEqualTo(0.25);
        assertThat(parse("0")).isEqualTo(0.0);
        for (String bad : new String[] {"", " 1", "1 ", "nan", "abc", "1e400", "1e-400", "1d", "0x", "--1"}) {
            assertThat(parse(bad)).as(bad).isNull();
        }
    }

    private static Double parse(String text) {
        return SortedSetCommands.parseScore(text.getBytes(StandardCharsets.US_ASCII));
    }
}
