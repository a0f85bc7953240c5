package dev.infraplatform.search.engine;

import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.search.FieldComparator;
import org.apache.lucene.search.FieldComparatorSource;
import org.apache.lucene.search.LeafFieldComparator;
import org.apache.lucene.search.Pruning;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.comparators.DoubleComparator;
import org.apache.lucene.search.comparators.LongComparator;
import org.apache.lucene.util.NumericUtils;

import java.io.IOException;

/**
 * Elasticsearch's sort modes {@code sum}, {@code avg} and {@code median} on a multi-valued numeric
 * field: a document sorts by that one number of its values (Lucene's own selectors only pick the
 * smallest or the largest). Whole numbers ({@code long}, {@code integer}, {@code date}) sort as
 * longs with Elasticsearch's arithmetic — the sum wraps around on overflow, the mean and the median
 * of an even count are computed in doubles and rounded — and floating-point ones as doubles. Skipping
 * documents by the field's points is off: they do not bound these values.
 *
 * @param whole   whether the field holds whole numbers (else doubles, or floats if {@code floats})
 * @param floats  whether the doc values hold sortable floats rather than sortable doubles
 * @param missing the value a document without one sorts by
 */
record MultiValueModeSort(Mode mode, boolean whole, boolean floats, Number missing) {

    enum Mode {
        SUM, AVG, MEDIAN;

        /** The mode a request names, or {@code null} if it names {@code min} or {@code max}. */
        static Mode of(String name) {
            return switch (name) {
                case "sum" -> SUM;
                case "avg" -> AVG;
                case "median" -> MEDIAN;
                default -> null;
            };
        }
    }

    /** The sort field: by the value this mode picks from each document's values. */
    SortField sortField(String field, boolean reverse) {
        return new SortField(field, new Source(this), reverse);
    }

    /** The type the sort's values have: longs or doubles. */
    SortField.Type valueType() {
        return whole ? SortField.Type.LONG : SortField.Type.DOUBLE;
    }

    /** Makes the comparators; a class of its own so that a merge can tell this sort's value type. */
    static final class Source extends FieldComparatorSource {

        private final MultiValueModeSort sort;

        Source(MultiValueModeSort sort) {
            this.sort = sort;
        }

        MultiValueModeSort sort() {
            return sort;
        }

        @Override
        public FieldComparator<?> newComparator(String field, int numHits, Pruning pruning, boolean reversed) {
            if (sort.whole()) {
                return new LongComparator(numHits, field, sort.missing().longValue(), reversed, Pruning.NONE) {
                    @Override
                    public LeafFieldComparator getLeafComparator(LeafReaderContext context) throws IOException {
                        return new LongLeafComparator(context) {
                            @Override
                            protected NumericDocValues getNumericDocValues(LeafReaderContext leaf, String name)
                                    throws IOException {
                                return sort.picked(DocValues.getSortedNumeric(leaf.reader(), name));
                            }
                        };
                    }
                };
            }
            return new DoubleComparator(numHits, field, sort.missing().doubleValue(), reversed, Pruning.NONE) {
                @Override
                public LeafFieldComparator getLeafComparator(LeafReaderContext context) throws IOException {
                    return new DoubleLeafComparator(context) {
                        @Override
                        protected NumericDocValues getNumericDocValues(LeafReaderContext leaf, String name)
                                throws IOException {
                            return sort.picked(DocValues.getSortedNumeric(leaf.reader(), name));
                        }
                    };
                }
            };
        }
    }

    /**
     * Each document's picked value: a long for whole numbers, else the raw bits of a double (what
     * Lucene's double comparator reads).
     */
    private NumericDocValues picked(SortedNumericDocValues values) {
        return new NumericDocValues() {
            @Override
            public long longValue() throws IOException {
                int count = values.docValueCount();
                return whole ? pickLong(values, count) : Double.doubleToRawLongBits(pickDouble(values, count));
            }

            @Override
            public boolean advanceExact(int target) throws IOException {
                return values.advanceExact(target);
            }

            @Override
            public int docID() {
                return values.docID();
            }

            @Override
            public int nextDoc() throws IOException {
                return values.nextDoc();
            }

            @Override
            public int advance(int target) throws IOException {
                return values.advance(target);
            }

            @Override
            public long cost() {
                return values.cost();
            }
        };
    }

    /** The values come in ascending order, so the median's are the middle one or two. */
    private long pickLong(SortedNumericDocValues values, int count) throws IOException {
        switch (mode) {
            case SUM, AVG -> {
                long sum = 0;
                for (int i = 0; i < count; i++) {
                    sum += values.nextValue();
                }
                return mode == Mode.SUM || count == 1 ? sum : Math.round((double) sum / count);
            }
            default -> {
                for (int i = 0; i < (count - 1) / 2; i++) {
                    values.nextValue();
                }
                long middle = values.nextValue();
                return count % 2 == 1 ? middle : Math.round(((double) middle + values.nextValue()) / 2);
            }
        }
    }

    private double pickDouble(SortedNumericDocValues values, int count) throws IOException {
        switch (mode) {
            case SUM, AVG -> {
                double sum = 0;
                for (int i = 0; i < count; i++) {
                    sum += decode(values.nextValue());
                }
                return mode == Mode.SUM ? sum : sum / count;
            }
            default -> {
                for (int i = 0; i < (count - 1) / 2; i++) {
                    values.nextValue();
                }
                double middle = decode(values.nextValue());
                return count % 2 == 1 ? middle : (middle + decode(values.nextValue())) / 2;
            }
        }
    }

    private double decode(long sortable) {
        return floats ? NumericUtils.sortableIntToFloat((int) sortable) : NumericUtils.sortableLongToDouble(sortable);
    }
}
