package dev.infraplatform.bench;

import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The search benchmark's driver (bench/search-rest.sh): one workload, run on raw Lucene
 * ({@link RawLuceneTarget}, the floor the platform builds on) or on the platform over REST
 * ({@link RestSearchTarget}), with the same documents ({@link SyntheticDocuments}), threads and
 * phases:
 * <ol>
 *   <li>bulk warm-up (only when {@code bulkWarmup > 0}): {@code bulkWarmup} documents bulk-indexed
 *       the same way into a scratch index, made searchable and dropped, not counted — the JIT
 *       compiler's first pass over the indexing, flush and merge code, which both sides pay
 *       once per JVM, as Rally's {@code warmup-time-period} leaves out a bulk task's start;</li>
 *   <li>bulk: {@code docs} documents in batches of {@code batch}, from {@code threads} threads,
 *       then made searchable (raw: commit and open a reader; platform: {@code _refresh});</li>
 *   <li>query: {@code queries} two-term match queries (top 10 hits with their source) from
 *       {@code threads} threads, after {@code warmup} that are not counted;</li>
 *   <li>aggregation: {@code aggs} terms aggregations on {@code category} (top 10 buckets, no
 *       hits) over every document, after {@code warmup / 10} not counted.</li>
 * </ol>
 * Prints a {@code RESULT} line per phase (operations/s, p50 and p99 in ms) and a {@code CHECK}
 * line: the sum of the queries' hit counts (each up to 10,000) and the aggregation's buckets, which
 * must be equal on both sides (same analyzer, same corpus).
 *
 * <p>Ids: {@code auto} (the default, as Elasticsearch's Rally tracks index logs): the platform
 * generates them and raw Lucene adds documents; {@code explicit}: every document has its number as
 * {@code _id}, which the platform must look up (a replace is possible) and raw Lucene updates by
 * id term.
 *
 * <p>Usage: {@code SearchBenchmark raw <dir> | rest <base-url>  docs batch threads queries aggs warmup auto|explicit bulkWarmup}
 */
public final class SearchBenchmark {

    /** What the driver needs of a search engine. Implementations are safe for concurrent use. */
    interface Target extends AutoCloseable {

        void create() throws Exception;

        /** Indexes documents {@code [from, to)} as one batch. */
        void index(long from, long to) throws Exception;

        /** Makes everything indexed searchable. */
        void refresh() throws Exception;

        /** Removes the index and everything in it (the warm-up's scratch index). */
        void drop() throws Exception;

        long count() throws Exception;

        /** Runs the match query on {@code title}, fetches the top 10 hits' source; returns the total hits (exact up to 10,000). */
        long query(String text) throws Exception;

        /** Terms aggregation on {@code category}, top 10 by count: "key:count,…". */
        String termsAggregation() throws Exception;
    }

    @FunctionalInterface
    private interface Operation {
        void run(long i) throws Exception;
    }

    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 10) {
            System.err.println("usage: SearchBenchmark raw <dir> | rest <base-url>  docs batch threads queries aggs "
                    + "warmup auto|explicit bulkWarmup");
            System.exit(2);
        }
        long docs = Long.parseLong(args[2]);
        int batch = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        long queries = Long.parseLong(args[5]);
        long aggs = Long.parseLong(args[6]);
        long warmup = Long.parseLong(args[7]);
        boolean explicitIds = switch (args[8]) {
            case "auto" -> false;
            case "explicit" -> true;
            default -> throw new IllegalArgumentException("ids: auto or explicit, not " + args[8]);
        };
        long bulkWarmup = Long.parseLong(args[9]);
        if (bulkWarmup > 0) {
            try (Target scratch = target(args[0], args[1], "-warmup", explicitIds)) {
                scratch.create();
                long started = System.nanoTime();
                bulk(scratch, bulkWarmup, batch, threads);
                System.out.printf("bulk warm-up: %d documents in %.1f s, not counted%n", bulkWarmup,
                        (System.nanoTime() - started) / 1e9);
                scratch.drop();
            }
        }
        try (Target target = target(args[0], args[1], "", explicitIds)) {
            target.create();
            long started = System.nanoTime();
            bulk(target, docs, batch, threads);
            double seconds = (System.nanoTime() - started) / 1e9;
            long counted = target.count();
            if (counted != docs) {
                throw new IllegalStateException("indexed " + docs + " documents but " + counted + " are searchable");
            }
            System.out.printf("bulk: %d documents in %.1f s%n", docs, seconds);
            System.out.printf("RESULT bulk %.0f - -%n", docs / seconds);

            AtomicLong hits = new AtomicLong();
            run(threads, warmup, q -> target.query(SyntheticDocuments.queryText(-1 - q)));
            // beyond 10,000 a total is a lower bound (Elasticsearch's default track_total_hits), counted differently
            report("query", queries, threads,
                    q -> hits.addAndGet(Math.min(10_000, target.query(SyntheticDocuments.queryText(q)))));

            run(threads, warmup / 10, a -> target.termsAggregation());
            String[] buckets = new String[1];
            report("aggregation", aggs, threads, a -> buckets[0] = target.termsAggregation());
            System.out.println("CHECK hits " + hits.get() + " buckets " + buckets[0]);
        }
    }

    /** {@code where} plus {@code suffix}: the directory (raw) or the index name (rest) of this target. */
    private static Target target(String kind, String where, String suffix, boolean explicitIds) throws Exception {
        return switch (kind) {
            case "raw" -> new RawLuceneTarget(Path.of(where + suffix), explicitIds);
            case "rest" -> new RestSearchTarget(where, "bench" + suffix, explicitIds);
            default -> throw new IllegalArgumentException("raw or rest, not " + kind);
        };
    }

    /** Indexes documents {@code [0, docs)} in batches from {@code threads} threads and makes them searchable. */
    private static void bulk(Target target, long docs, int batch, int threads) throws Exception {
        long batches = (docs + batch - 1) / batch;
        run(threads, batches, b -> target.index(b * batch, Math.min(docs, (b + 1) * batch)));
        target.refresh();
    }

    private static void report(String phase, long operations, int threads, Operation operation) throws Exception {
        long started = System.nanoTime();
        Histogram latencies = run(threads, operations, operation);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%s: %d in %.1f s, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", phase, operations, seconds,
                latencies.getValueAtPercentile(50) / 1e6, latencies.getValueAtPercentile(99) / 1e6,
                latencies.getMaxValue() / 1e6);
        System.out.printf("RESULT %s %.0f %.2f %.2f%n", phase, operations / seconds,
                latencies.getValueAtPercentile(50) / 1e6, latencies.getValueAtPercentile(99) / 1e6);
    }

    /** Runs operations {@code 0 … n-1} on {@code threads} threads; their latencies in ns. */
    private static Histogram run(int threads, long n, Operation operation) throws Exception {
        AtomicLong next = new AtomicLong();
        List<Histogram> perThread = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        Exception[] failure = new Exception[1];
        for (int t = 0; t < threads; t++) {
            Histogram latencies = new Histogram(3);
            perThread.add(latencies);
            workers.add(Thread.ofPlatform().name("bench-" + t).start(() -> {
                try {
                    for (long i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        long started = System.nanoTime();
                        operation.run(i);
                        latencies.recordValue(System.nanoTime() - started);
                    }
                } catch (Exception e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                    next.set(n);
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        synchronized (failure) {
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        Histogram all = new Histogram(3);
        perThread.forEach(all::add);
        return all;
    }
}
