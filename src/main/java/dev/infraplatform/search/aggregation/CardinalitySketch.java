package dev.infraplatform.search.aggregation;

/**
 * Elasticsearch's {@code cardinality} counter, HyperLogLog++ in two phases: up to
 * {@code precision_threshold} distinct values it keeps their 64-bit hashes in a set, so the count is
 * exact but for hash collisions (what Elasticsearch promises below the threshold); past it, the
 * hashes go into {@code 2^p} one-byte HyperLogLog registers, with {@code p} derived from the
 * threshold as Elasticsearch does (3000 → 14), estimated with HyperLogLog++'s linear-counting
 * cut-over (without its empirical bias tables, so estimates just above the cut-over may differ
 * from Elasticsearch's by a few percent). Mergeable across shards. Memory: at most
 * {@code max(16 × threshold, 2^p)} bytes. Not thread-safe.
 */
final class CardinalitySketch {

    static final long DEFAULT_THRESHOLD = 3000;
    static final long MAX_THRESHOLD = 40_000;

    /** HyperLogLog++'s linear-counting thresholds by precision 4..18 (Heule, Nunkesser, Hall 2013). */
    private static final long[] LINEAR_COUNTING_THRESHOLDS = {10, 20, 40, 80, 220, 400, 900, 1800, 3100, 6500,
            11500, 20000, 50000, 120000, 350000};

    private final int precision;
    private final long threshold;
    /** Open-addressing set of hashes (0 marks an empty slot; the hash 0 is remembered apart). */
    private long[] set = new long[16];
    private int setSize;
    private boolean hasZero;
    private byte[] registers;

    CardinalitySketch(long threshold) {
        this.threshold = Math.min(Math.max(threshold, 0), MAX_THRESHOLD);
        this.precision = precisionFromThreshold(this.threshold);
    }

    static int precisionFromThreshold(long count) {
        long hashTableEntries = (long) Math.ceil(count / 0.75);
        int precision = 64 - Long.numberOfLeadingZeros(Math.max(1, hashTableEntries * Integer.BYTES));
        return Math.min(18, Math.max(4, precision));
    }

    void add(long hash) {
        if (registers != null) {
            addToRegisters(hash);
            return;
        }
        if (hash == 0) {
            if (!hasZero) {
                hasZero = true;
                maybeConvert();
            }
            return;
        }
        int mask = set.length - 1;
        int slot = (int) (hash ^ (hash >>> 32)) & mask;
        while (set[slot] != 0) {
            if (set[slot] == hash) {
                return;
            }
            slot = (slot + 1) & mask;
        }
        set[slot] = hash;
        setSize++;
        if (setSize * 2 > set.length) {
            long[] old = set;
            set = new long[old.length * 2];
            setSize = 0;
            for (long h : old) {
                if (h != 0) {
                    reinsert(h);
                }
            }
        }
        maybeConvert();
    }

    private void reinsert(long hash) {
        int mask = set.length - 1;
        int slot = (int) (hash ^ (hash >>> 32)) & mask;
        while (set[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        set[slot] = hash;
        setSize++;
    }

    private void maybeConvert() {
        if (setSize + (hasZero ? 1 : 0) > threshold) {
            registers = new byte[1 << precision];
            for (long h : set) {
                if (h != 0) {
                    addToRegisters(h);
                }
            }
            if (hasZero) {
                addToRegisters(0);
            }
            set = null;
        }
    }

    private void addToRegisters(long hash) {
        int index = (int) (hash >>> (64 - precision));
        int rank = Long.numberOfLeadingZeros((hash << precision) | (1L << (precision - 1))) + 1;
        if (registers[index] < rank) {
            registers[index] = (byte) rank;
        }
    }

    /** Adds every value {@code other} counted (it must have the same threshold). */
    void merge(CardinalitySketch other) {
        if (other.registers != null) {
            if (registers == null) {
                long[] mine = set;
                boolean zero = hasZero;
                registers = other.registers.clone();
                set = null;
                for (long h : mine) {
                    if (h != 0) {
                        addToRegisters(h);
                    }
                }
                if (zero) {
                    addToRegisters(0);
                }
            } else {
                for (int i = 0; i < registers.length; i++) {
                    registers[i] = (byte) Math.max(registers[i], other.registers[i]);
                }
            }
            return;
        }
        for (long h : other.set) {
            if (h != 0) {
                add(h);
            }
        }
        if (other.hasZero) {
            add(0);
        }
    }

    long cardinality() {
        if (registers == null) {
            return setSize + (hasZero ? 1 : 0);
        }
        int m = registers.length;
        double sum = 0;
        int zeros = 0;
        for (byte register : registers) {
            sum += 1.0 / (1L << register);
            if (register == 0) {
                zeros++;
            }
        }
        if (zeros > 0) {
            long linear = Math.round(m * Math.log((double) m / zeros));
            if (linear <= LINEAR_COUNTING_THRESHOLDS[precision - 4]) {
                return linear;
            }
        }
        double alpha = switch (m) {
            case 16 -> 0.673;
            case 32 -> 0.697;
            case 64 -> 0.709;
            default -> 0.7213 / (1 + 1.079 / m);
        };
        return Math.round(alpha * m * m / sum);
    }

    CardinalitySketch copy() {
        CardinalitySketch copy = new CardinalitySketch(threshold);
        copy.merge(this);
        return copy;
    }

    @Override
    public String toString() {
        return "CardinalitySketch[" + cardinality() + (registers == null ? ", exact" : ", p=" + precision) + "]";
    }
}
